/**
 * Rate limits on signing in and signing up, in the database so they hold across app instances. Sign-in is
 * limited per client address (the one server/main.ts resolved, not a client-written X-Forwarded-For) and per
 * account, so guessing one account's password from many addresses runs dry as well.
 */
import type { Db } from "../db.ts";
import { readBodyWithin } from "../security/body-limit.ts";
import { addressBucketKey, clientIpOf } from "../security/client-ip.ts";
import { RATE_LIMITS, takeToken } from "../security/rate-limit.ts";

const tooMany = (message: string) => Response.json({ message }, { status: 429, headers: { "retry-after": "60" } });

/** the e-mail of a JSON sign-in body, read from a copy of the request and at most `maxBytes` of it */
async function emailOf(req: Request, maxBytes: number): Promise<string | null> {
  const bytes = await readBodyWithin(req.clone(), maxBytes);
  if (!bytes) return null;
  try {
    const body: unknown = JSON.parse(Buffer.from(bytes).toString("utf8"));
    const email = typeof body === "object" && body !== null && "email" in body ? body.email : null;
    return typeof email === "string" ? email.trim().toLowerCase() : null;
  } catch {
    return null;
  }
}

/** A 429 when the attempt is over a limit, else null (and the attempt has been counted). */
export async function refuseOverLimit(db: Db, req: Request, maxBodyBytes: number): Promise<Response | null> {
  if (req.method !== "POST") return null;
  const path = new URL(req.url).pathname;
  const address = addressBucketKey(clientIpOf(req.headers));
  if (path.endsWith("/sign-up/email")) {
    return (await takeToken(db, RATE_LIMITS.signUpPerAddress, address))
      ? null
      : tooMany("too many sign-ups from this address; try again in a minute");
  }
  if (!path.endsWith("/sign-in/email")) return null;
  if (!(await takeToken(db, RATE_LIMITS.signInPerAddress, address)))
    return tooMany("too many sign-in attempts from this address; try again in a minute");
  const email = await emailOf(req, maxBodyBytes);
  if (email && !(await takeToken(db, RATE_LIMITS.signInPerAccount, email))) {
    return tooMany("too many sign-in attempts for this account; try again in a few minutes");
  }
  return null;
}
