/** better-auth on our Prisma client: the bootstrap admin signs in, gets a session cookie, and signs out. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../testing/test-db.ts";
import { createAuth, type Auth } from "./auth.ts";
import { handleAuthRequest } from "./auth-handler.ts";
import { ensureAdmin } from "./bootstrap-admin.ts";
import { principalFromHeaders } from "./principal.ts";

let t: TestDb;
let auth: Auth;
const origin = "http://localhost:3000";
const PASSWORD = "correct horse battery staple";

function post(path: string, body: unknown, cookie?: string): Promise<Response> {
  const headers: Record<string, string> = { "content-type": "application/json", origin, host: "localhost:3000" };
  if (cookie) headers.cookie = cookie;
  return handleAuthRequest(
    new Request(`${origin}/api/auth${path}`, { method: "POST", headers, body: JSON.stringify(body) }),
    auth,
    t.db,
  );
}

beforeAll(async () => {
  t = await createTestDb();
  auth = createAuth(t.db, t.url);
  (globalThis as { __trexAuth?: Auth }).__trexAuth = auth;
});
afterAll(async () => {
  delete (globalThis as { __trexAuth?: Auth }).__trexAuth;
  await t.cleanup();
});

describe("accounts", () => {
  it("creates the administrator once, with a hashed password", async () => {
    expect(await ensureAdmin(t.db, auth, "Admin@Example.test", PASSWORD)).toBe("created");
    expect(await ensureAdmin(t.db, auth, "admin@example.test", PASSWORD)).toBe("exists");
    const account = await t.db.account.findFirstOrThrow({ where: { providerId: "credential" } });
    expect(account.password).not.toContain(PASSWORD);
    expect(await t.db.membership.count({ where: { workspaceId: "default", role: "admin" } })).toBe(1);
  });

  it("signs in with the right password only, and the session cookie identifies the user until sign-out", async () => {
    expect((await post("/sign-in/email", { email: "admin@example.test", password: "wrong password!" })).status).toBe(
      401,
    );
    const res = await post("/sign-in/email", { email: "admin@example.test", password: PASSWORD });
    expect(res.status).toBe(200);
    const setCookie = res.headers.get("set-cookie") ?? "";
    expect(setCookie).toMatch(/trex\.session_token=/);
    expect(setCookie.toLowerCase()).toContain("httponly");
    const cookie = setCookie.split(";")[0] ?? "";
    const principal = await principalFromHeaders(t.db, new Headers({ cookie }));
    expect(principal?.email).toBe("admin@example.test");
    expect(principal?.isAdmin).toBe(true);
    expect((await post("/sign-out", {}, cookie)).status).toBe(200);
    expect(await principalFromHeaders(t.db, new Headers({ cookie }))).toBeNull();
  });

  it("refuses a sign-in posted from another site", async () => {
    const res = await handleAuthRequest(
      new Request(`${origin}/api/auth/sign-in/email`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          origin: "https://evil.example",
          host: "localhost:3000",
          cookie: "x=1",
        },
        body: JSON.stringify({ email: "admin@example.test", password: PASSWORD }),
      }),
      auth,
    );
    expect(res.status).toBe(403);
  });
});
