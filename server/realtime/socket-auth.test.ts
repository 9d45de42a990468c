/** socket.io: the handshake needs a session or an API token, and `join` only reaches the caller's workspaces. */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiToken } from "../auth/api-tokens.ts";
import { createAuth, type Auth } from "../auth/auth.ts";
import { handleAuthRequest } from "../auth/auth-handler.ts";
import { ensureAdmin } from "../auth/bootstrap-admin.ts";
import { createExploration } from "../services/exploration-service.ts";
import { createTestUser } from "../testing/test-auth.ts";
import { createTestDb, type TestDb } from "../testing/test-db.ts";
import { attachRealtime } from "./socket-server.ts";

let t: TestDb;
let server: Server;
let realtime: ReturnType<typeof attachRealtime>;
let url: string;
let explorationId: string;
const sockets: Socket[] = [];

function open(auth: Record<string, string> = {}, extraHeaders?: Record<string, string>): Socket {
  const s = connect(url, { path: "/socket.io", transports: ["websocket"], auth, reconnection: false, extraHeaders });
  sockets.push(s);
  return s;
}

beforeAll(async () => {
  t = await createTestDb();
  (globalThis as { __trexAuth?: Auth }).__trexAuth = createAuth(t.db, t.url);
  server = createServer();
  realtime = attachRealtime(server, t.db);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  explorationId = (
    await createExploration(t.db, {
      goal: "Classify reviews by sentiment.",
      taskId: "mini-sst2",
      approvalMode: "review-each-expansion",
      budget: { rounds: 1, trainingRuns: 1, computeSeconds: 100, wallSeconds: 100, tokens: 0 },
    })
  ).id;
});
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await realtime.close();
  server.close();
  delete (globalThis as { __trexAuth?: Auth }).__trexAuth;
  await t.cleanup();
});

/** A real session cookie of a signed-in administrator. */
async function sessionCookie(): Promise<string> {
  const auth = (globalThis as { __trexAuth?: Auth }).__trexAuth as Auth;
  const password = "correct horse battery staple";
  await ensureAdmin(t.db, auth, "socket-admin@example.test", password);
  const headers = { "content-type": "application/json", origin: url, host: new URL(url).host };
  const res = await handleAuthRequest(
    new Request(`${url}/api/auth/sign-in/email`, {
      method: "POST",
      headers,
      body: JSON.stringify({ email: "socket-admin@example.test", password }),
    }),
    auth,
    t.db,
  );
  return (res.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
}

describe("realtime access", () => {
  it("refuses an anonymous or forged handshake", async () => {
    for (const auth of [{}, { token: "trex_forged" }] as Record<string, string>[]) {
      const err = await new Promise<Error>((resolve) => open(auth).on("connect_error", resolve));
      expect(err.message).toBe("unauthorized");
    }
  });

  it("takes a session cookie only from this site's pages (the CSRF rule), a token from anywhere", async () => {
    const cookie = await sessionCookie();
    expect(cookie).toMatch(/^trex\.session_token=/);
    for (const origin of ["https://evil.example", "null"]) {
      const err = await new Promise<Error>((resolve) => open({}, { cookie, origin }).on("connect_error", resolve));
      expect(err.message).toBe("cross-site connection refused");
    }
    const own = open({}, { cookie, origin: url });
    await new Promise<void>((resolve, reject) => own.on("connect", resolve).on("connect_error", reject));
    const joined = new Promise<{ explorationId: string }>((r) => own.on("joined", r));
    own.emit("join", { explorationId, afterSeq: 0 });
    expect((await joined).explorationId).toBe(explorationId);
  });

  it("joins rooms of the caller's workspace only", async () => {
    const member = await createTestUser(t.db, { role: "viewer" });
    const outsider = await createTestUser(t.db, { role: "admin", workspaceId: "elsewhere" });
    const ok = open({ token: (await createApiToken(t.db, member.userId, "w", ["read"])).token });
    const joined = new Promise<{ explorationId: string }>((r) => ok.on("joined", r));
    ok.emit("join", { explorationId, afterSeq: 0 });
    expect((await joined).explorationId).toBe(explorationId);

    const no = open({ token: (await createApiToken(t.db, outsider.userId, "w", ["admin"])).token });
    const events: unknown[] = [];
    no.on("event", (e) => events.push(e));
    const refused = new Promise<string>((r) => no.on("error", r));
    no.emit("join", { explorationId, afterSeq: 0 });
    expect(await refused).toBe("exploration not found");
    expect(events).toHaveLength(0);
  });
});
