/**
 * Sign-in rate limits as a client sees them: the address is the one the server resolves (a forged
 * X-Forwarded-For does not give a fresh bucket), and one account is limited across addresses and instances.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createDb, type Db } from "../db.ts";
import { CLIENT_IP_HEADER, parseTrustedProxies, stampClientIp } from "../security/client-ip.ts";
import { RATE_LIMITS } from "../security/rate-limit.ts";
import { createTestDb, type TestDb } from "../testing/test-db.ts";
import { createAuth, type Auth } from "./auth.ts";
import { handleAuthRequest } from "./auth-handler.ts";
import { ensureAdmin } from "./bootstrap-admin.ts";

let t: TestDb;
let secondInstance: Db;
let auth: Auth;
const origin = "http://localhost:3000";
const PASSWORD = "correct horse battery staple";
const noProxies = parseTrustedProxies("");

/** what server/main.ts does with a request from `peer`, then the auth route */
function signIn(
  db: Db,
  peer: string,
  body: { email: string; password: string },
  forwardedFor?: string,
): Promise<Response> {
  const headers: Record<string, string> = { "content-type": "application/json", origin, host: "localhost:3000" };
  if (forwardedFor) headers["x-forwarded-for"] = forwardedFor;
  stampClientIp({ headers, socket: { remoteAddress: peer } } as never, noProxies);
  return handleAuthRequest(
    new Request(`${origin}/api/auth/sign-in/email`, { method: "POST", headers, body: JSON.stringify(body) }),
    auth,
    db,
  );
}

beforeAll(async () => {
  t = await createTestDb();
  secondInstance = createDb(t.url);
  auth = createAuth(t.db, t.url);
  await ensureAdmin(t.db, auth, "admin@example.test", PASSWORD);
  await ensureAdmin(t.db, auth, "other@example.test", PASSWORD);
});
// the buckets refill with time; a frozen clock keeps slow password hashing from refilling them mid-test
beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"], now: Date.now() });
});
afterEach(() => {
  vi.useRealTimers();
});
afterAll(async () => {
  await secondInstance.$disconnect();
  await t.cleanup();
});

describe("sign-in rate limits", () => {
  it("limits a client by its own address however it rewrites X-Forwarded-For", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < RATE_LIMITS.signInPerAddress.capacity + 2; i++) {
      const res = await signIn(
        t.db,
        "203.0.113.9",
        { email: `nobody-${i}@example.test`, password: "wrong password!" },
        `198.51.100.${i}`,
      );
      statuses.push(res.status);
    }
    expect(statuses.slice(0, RATE_LIMITS.signInPerAddress.capacity).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(-2)).toEqual([429, 429]);
    // another address is not affected
    expect(
      (await signIn(t.db, "203.0.113.10", { email: "nobody@example.test", password: "wrong password!" })).status,
    ).toBe(401);
  });

  it("limits guesses at one account from many addresses, across two instances", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < RATE_LIMITS.signInPerAccount.capacity + 2; i++) {
      const db = i % 2 ? secondInstance : t.db;
      statuses.push(
        (await signIn(db, `192.0.2.${i + 1}`, { email: "Admin@Example.test", password: "wrong password!" })).status,
      );
    }
    expect(statuses.slice(0, RATE_LIMITS.signInPerAccount.capacity).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(-2)).toEqual([429, 429]);
    const refused = await signIn(secondInstance, "192.0.2.200", { email: "admin@example.test", password: PASSWORD });
    expect(refused.status).toBe(429);
    expect(((await refused.json()) as { message: string }).message).toMatch(
      /too many sign-in attempts for this account/,
    );
    // other accounts sign in as usual
    expect((await signIn(t.db, "192.0.2.201", { email: "other@example.test", password: PASSWORD })).status).toBe(200);
  });

  it("records the resolved address on the session, not a forged one", async () => {
    const res = await signIn(t.db, "203.0.113.50", { email: "other@example.test", password: PASSWORD }, "6.6.6.6");
    expect(res.status).toBe(200);
    const session = await t.db.session.findFirstOrThrow({ orderBy: { createdAt: "desc" } });
    expect(session.ipAddress).toBe("203.0.113.50");
    expect(CLIENT_IP_HEADER).toBe("x-trex-client-ip");
  });
});
