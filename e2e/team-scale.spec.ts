/**
 * A team's deployment: two app instances (the production build, server/main.ts) on one PostgreSQL and one data
 * folder. socket.io events cross instances, rate limits hold across both and ignore a forged X-Forwarded-For,
 * and kill -9 of the orchestrator's leader mid-training hands the exploration to the other instance with
 * nothing lost and no job run twice. 127.0.0.2 plays the load balancer (TREX_TRUSTED_PROXIES).
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { io, type Socket } from "socket.io-client";
import { freePort, waitUntil } from "../server/testing/daemon-process.ts";
import { leaseHolderPid, startTeamPostgres, type TeamPostgres } from "../server/testing/team-postgres.ts";
import { ORCHESTRATOR_LOCK_KEY } from "../server/orchestrator/leadership.ts";

const ADMIN = { email: "admin@team.test", password: "team-scale-password" };
const PROXY = "127.0.0.2";

interface Instance {
  name: string;
  port: number;
  child: ChildProcess;
  output: string[];
}

let pgDb: TeamPostgres;
const instances: Instance[] = [];
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "trex-team-"));
const secretKey = "ab".repeat(32);
let cookie = "";

test.describe.configure({ mode: "serial" });

async function startInstance(name: string): Promise<Instance> {
  const port = await freePort();
  const output: string[] = [];
  const child = spawn(process.execPath, ["--import", "tsx", path.join("server", "main.ts")], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      PORT: String(port),
      HOST: "127.0.0.1",
      DATABASE_URL: pgDb.url,
      TREX_DATA_DIR: dataDir,
      TREX_TICK_MS: "500",
      TREX_LOCAL_CONCURRENCY: "2",
      TREX_ADMIN_EMAIL: ADMIN.email,
      TREX_ADMIN_PASSWORD: ADMIN.password,
      TREX_AUTH_SECRET: "team-scale-auth-secret-0123456789abcdef",
      TREX_SECRET_KEY: secretKey,
      TREX_TRUSTED_PROXIES: PROXY,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  for (const stream of [child.stdout, child.stderr]) stream?.on("data", (d: Buffer) => output.push(d.toString()));
  const instance = { name, port, child, output };
  instances.push(instance);
  await waitUntil(
    `instance ${name} to serve`,
    async () => ((await request(instance, "GET", "/api/health").catch(() => null))?.status === 200 ? true : null),
    90_000,
  );
  return instance;
}

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** one HTTP request; `from` picks the source address (127.0.0.2 is the trusted proxy) */
function request(
  to: Instance,
  method: string,
  urlPath: string,
  opts: { body?: unknown; forwardedFor?: string; from?: string } = {},
): Promise<Reply> {
  const body = opts.body === undefined ? undefined : JSON.stringify(opts.body);
  const headers: Record<string, string> = { origin: `http://127.0.0.1:${to.port}` };
  if (body) headers["content-type"] = "application/json";
  if (cookie) headers.cookie = cookie;
  if (opts.forwardedFor) headers["x-forwarded-for"] = opts.forwardedFor;
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: "127.0.0.1", port: to.port, method, path: urlPath, headers, localAddress: opts.from },
      (res) => {
        let text = "";
        res.on("data", (d: Buffer) => (text += d.toString()));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

async function trpc<T>(
  to: Instance,
  kind: "query" | "mutation",
  procedure: string,
  input: unknown,
  via: { forwardedFor?: string; from?: string } = {},
): Promise<T> {
  const res =
    kind === "query"
      ? await request(
          to,
          "GET",
          `/api/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`,
          via,
        )
      : await request(to, "POST", `/api/trpc/${procedure}`, { body: { json: input }, ...via });
  expect(res.status, `${procedure} on ${to.name}: ${res.body}`).toBe(200);
  return (JSON.parse(res.body) as { result: { data: { json: T } } }).result.data.json;
}

/** one round whose proposals wait for review */
async function createReviewedExploration(on: Instance, title: string, trainingRuns: number): Promise<string> {
  const { id } = await trpc<{ id: string }>(on, "mutation", "exploration.create", {
    title,
    goal: "Classify short reviews as positive or negative; maximise accuracy.",
    taskId: "mini-sst2",
    approvalMode: "review-each-expansion",
    budget: { rounds: 1, trainingRuns, computeSeconds: 3600, wallSeconds: 3600, tokens: 0 },
  });
  return id;
}

const signIn = (to: Instance, email: string, password: string, opts: { forwardedFor?: string; from?: string } = {}) =>
  request(to, "POST", "/api/auth/sign-in/email", { body: { email, password }, ...opts });

function socketTo(to: Instance): Socket {
  return io(`http://127.0.0.1:${to.port}`, {
    path: "/socket.io",
    transports: ["websocket"],
    extraHeaders: { cookie, origin: `http://127.0.0.1:${to.port}` },
    reconnection: false,
  });
}

interface EventFacts {
  seq: number;
  type: string;
  payload: Record<string, unknown>;
}

/** a socket on `to` in the exploration's room, collecting the events it receives */
async function joinRoom(to: Instance, explorationId: string): Promise<{ socket: Socket; events: EventFacts[] }> {
  const socket = socketTo(to);
  const events: EventFacts[] = [];
  socket.on("event", (e: EventFacts) => events.push(e));
  await new Promise<void>((resolve, reject) => {
    socket.once("connect_error", reject);
    socket.once("joined", () => resolve());
    socket.emit("join", { explorationId, afterSeq: 0 });
  });
  return { socket, events };
}

test.beforeAll(async () => {
  test.setTimeout(240_000);
  pgDb = await startTeamPostgres({ migrated: false });
  // one after the other: the first start migrates the database and creates the administrator
  await startInstance("A");
  await startInstance("B");
  const res = await signIn(instances[0] as Instance, ADMIN.email, ADMIN.password);
  expect(res.status, res.body).toBe(200);
  cookie = (res.headers["set-cookie"] ?? []).map((c) => c.split(";")[0]).join("; ");
});

test.afterAll(async () => {
  for (const i of instances) i.child.kill("SIGKILL");
  await pgDb?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

test("an event published on one instance reaches socket.io clients on the other; the audit log has the resolved address", async () => {
  const [a, b] = instances as [Instance, Instance];
  const id = await createReviewedExploration(a, "fan-out", 1);
  const onB = await joinRoom(b, id);
  const onA = await joinRoom(a, id);
  // with a forged X-Forwarded-For, which the audit log must not believe (it is not from the trusted proxy)
  await trpc(a, "mutation", "exploration.pause", { id }, { forwardedFor: "6.6.6.6" });
  await expect
    .poll(() => onB.events.some((e) => e.type === "exploration.status" && e.payload.to === "paused"), {
      timeout: 10_000,
    })
    .toBe(true);
  await trpc(b, "mutation", "exploration.stop", { id }, { from: PROXY, forwardedFor: "6.6.6.6, 198.51.100.77" });
  await expect
    .poll(() => onA.events.some((e) => e.type === "exploration.status" && e.payload.to === "stopped"), {
      timeout: 10_000,
    })
    .toBe(true);
  onA.socket.close();
  onB.socket.close();
  // the audit log records the resolved address: the peer, or what the trusted proxy appended
  const audited = await pgDb.query<{ action: string; ip: string }>(
    `SELECT action, ip FROM "AuditEvent" WHERE target = $1 ORDER BY id`,
    [id],
  );
  expect(audited.filter((e) => e.action !== "exploration.create")).toEqual([
    { action: "exploration.pause", ip: "127.0.0.1" },
    { action: "exploration.stop", ip: "198.51.100.77" },
  ]);
});

test("sign-in limits hold across both instances; a forged X-Forwarded-For gets no fresh bucket", async () => {
  const [a, b] = instances as [Instance, Instance];
  // all at once: the buckets refill with time (sign-in is 20 a minute per address), and hashing is slow here
  const count = (statuses: number[], status: number) => statuses.filter((s) => s === status).length;
  // a direct client (not the trusted proxy) rotating X-Forwarded-For: still one address
  const direct = await Promise.all(
    Array.from({ length: 30 }, (_, i) =>
      signIn(i % 2 ? b : a, `nobody-${i}@team.test`, "wrong password!", { forwardedFor: `198.51.100.${i}` }).then(
        (r) => r.status,
      ),
    ),
  );
  expect(count(direct, 401)).toBeLessThanOrEqual(22);
  expect(count(direct, 429)).toBeGreaterThanOrEqual(8);

  // through the proxy, from many real client addresses, guessing one account: limited per account (10 in 10 minutes)
  const viaProxy = await Promise.all(
    Array.from({ length: 16 }, (_, i) =>
      signIn(i % 2 ? b : a, ADMIN.email, "wrong password!", { from: PROXY, forwardedFor: `203.0.113.${i + 1}` }).then(
        (r) => r.status,
      ),
    ),
  );
  // (the administrator's own sign-in before this test drew one of the ten)
  expect(count(viaProxy, 401)).toBeLessThanOrEqual(10);
  expect(count(viaProxy, 429)).toBeGreaterThanOrEqual(6);
  // another client address through the proxy, another account: its own buckets
  expect(
    (await signIn(b, "someone-else@team.test", "wrong password!", { from: PROXY, forwardedFor: "203.0.113.200" }))
      .status,
  ).toBe(401);
});

interface NodeFacts {
  id: string;
  status: string;
  version: number;
  score: number | null;
  config: Record<string, unknown>;
}

test("kill -9 the orchestrator's leader mid-training: the other instance takes over, nothing lost or run twice", async () => {
  test.setTimeout(300_000);
  const [a, b] = instances as [Instance, Instance];
  const id = await createReviewedExploration(b, "failover", 2);
  const tree = () => trpc<{ nodes: NodeFacts[] }>(b, "query", "exploration.tree", { id }).then((t) => t.nodes);
  const proposals = await waitUntil(
    "the first proposals",
    async () => {
      const pending = (await tree()).filter((n) => n.status === "awaiting_review");
      return pending.length >= 2 ? pending : null;
    },
    90_000,
  );
  const [first, second, ...rest] = proposals as [NodeFacts, NodeFacts, ...NodeFacts[]];
  // reviewed on the instance that does not lead (A started first and leads): the wake crosses over
  for (const n of [first, second]) {
    const edited = await trpc<NodeFacts>(b, "mutation", "node.edit", {
      id: n.id,
      version: n.version,
      config: { ...n.config, steps: 150, batchSize: 8 },
    });
    await trpc(b, "mutation", "node.approve", { id: n.id, version: edited.version });
  }
  for (const n of rest) await trpc(b, "mutation", "node.prune", { id: n.id, reason: "two runs are enough here" });

  await waitUntil(
    "a job to be training",
    async () => ((await tree()).some((n) => n.status === "running") ? true : null),
    120_000,
  );
  const leaderPid = await leaseHolderPid(pgDb, ORCHESTRATOR_LOCK_KEY);
  const leader = instances.find((i) => i.child.pid === leaderPid);
  const survivor = instances.find((i) => i !== leader);
  if (!leader || !survivor) throw new Error(`no instance holds the orchestrator lease (holder pid ${leaderPid})`);
  expect(leader).toBe(a);

  const killedAt = Date.now();
  leader.child.kill("SIGKILL");
  await waitUntil(
    "the other instance to lead",
    async () => ((await leaseHolderPid(pgDb, ORCHESTRATOR_LOCK_KEY)) === survivor.child.pid ? true : null),
    30_000,
  );
  const takeoverMs = Date.now() - killedAt;
  console.log(`[team-scale] orchestrator takeover after kill -9 of the leader: ${takeoverMs} ms`);
  expect(takeoverMs).toBeLessThan(10_000);

  const done = await waitUntil(
    "the exploration to finish",
    async () => {
      const rows = await pgDb.query<{ status: string }>(`SELECT status FROM "Exploration" WHERE id = $1`, [id]);
      return rows[0]?.status === "finished" ? rows[0] : null;
    },
    240_000,
  );
  expect(done.status).toBe("finished");

  const nodes = await tree();
  for (const n of [first, second]) {
    const after = nodes.find((x) => x.id === n.id);
    expect(after?.status).toBe("succeeded");
    expect(after?.score).not.toBeNull();
    const jobs = await pgDb.query<{ id: string; workDir: string; status: string }>(
      `SELECT id, "workDir", status FROM "Job" WHERE "nodeId" = $1`,
      [n.id],
    );
    expect(jobs).toHaveLength(1); // dispatched once
    // and the worker ran once: one "started" line in its event log
    const log = fs.readFileSync(path.join(jobs[0]?.workDir ?? "", "events.jsonl"), "utf8");
    const lines = log
      .split("\n")
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as { type?: string });
    expect(lines.filter((e) => e.type === "started")).toHaveLength(1);
  }
  const events = await pgDb.query<{ seq: number; type: string; nodeId: string | null; payload: string }>(
    `SELECT seq, type, "nodeId", payload FROM "Event" WHERE "explorationId" = $1 ORDER BY seq`,
    [id],
  );
  expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
  const succeeded = events.filter(
    (e) => e.type === "node.status" && (JSON.parse(e.payload) as { to?: string }).to === "succeeded",
  );
  expect(new Set(succeeded.map((e) => e.nodeId)).size).toBe(succeeded.length);
});
