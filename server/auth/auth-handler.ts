/** The /api/auth endpoint: our own same-origin check on POSTs (better-auth's is off under NODE_ENV=test), size limit, rate limits, then better-auth. */
import { getDb, type Db } from "../db.ts";
import { env } from "../env.ts";
import { isSameOriginRequest } from "../security/csrf.ts";
import { getAuth, type Auth } from "./auth.ts";
import { refuseOverLimit } from "./sign-in-limits.ts";

const MAX_AUTH_BODY = 16 * 1024;

export async function handleAuthRequest(req: Request, auth: Auth = getAuth(), db: Db = getDb()): Promise<Response> {
  if (req.method === "POST") {
    if (!isSameOriginRequest(req.headers, env.TREX_PUBLIC_URL)) return Response.json({ message: "cross-site request refused" }, { status: 403 });
    if (Number(req.headers.get("content-length") ?? "0") > MAX_AUTH_BODY) return Response.json({ message: "request too large" }, { status: 413 });
    const overLimit = await refuseOverLimit(db, req, MAX_AUTH_BODY);
    if (overLimit) return overLimit;
  }
  return auth.handler(req);
}
