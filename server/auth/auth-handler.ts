/** The /api/auth endpoint: our own same-origin check on POSTs (better-auth's is off under NODE_ENV=test), size limit, rate limits, then better-auth. */
import { getDb, type Db } from "../db.ts";
import { env } from "../env.ts";
import { readBodyWithin, withBody } from "../security/body-limit.ts";
import { isSameOriginRequest } from "../security/csrf.ts";
import { getAuth, type Auth } from "./auth.ts";
import { refuseOverLimit } from "./sign-in-limits.ts";

const MAX_AUTH_BODY = 16 * 1024;

export async function handleAuthRequest(req: Request, auth: Auth = getAuth(), db: Db = getDb()): Promise<Response> {
  if (req.method === "POST") {
    if (!isSameOriginRequest(req.headers, env.TREX_PUBLIC_URL))
      return Response.json({ message: "cross-site request refused" }, { status: 403 });
    // read as it streams, at most the limit: better-auth would read any body whole
    const body = await readBodyWithin(req, MAX_AUTH_BODY);
    if (!body) return Response.json({ message: "request too large" }, { status: 413 });
    req = withBody(req, body);
    const overLimit = await refuseOverLimit(db, req, MAX_AUTH_BODY);
    if (overLimit) return overLimit;
  }
  return auth.handler(req);
}
