/**
 * socket.io between two instances over a real PostgreSQL: room broadcasts cross, and the orchestrator's wakes
 * cross once (a relayed wake is not sent back).
 */
import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Server } from "socket.io";
import { io as connect } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTeamPostgres, type TeamPostgres } from "../testing/team-postgres.ts";
import { getBus } from "../services/event-bus.ts";
import { createPostgresFanout, type PostgresFanout } from "./postgres-fanout.ts";
import type { RealtimeServer } from "./socket-server.ts";

let pgDb: TeamPostgres;
const fanouts: PostgresFanout[] = [];
const servers: { http: HttpServer; io: RealtimeServer }[] = [];

async function instance(): Promise<{ io: RealtimeServer; port: number; fanout: PostgresFanout }> {
  const fanout = await createPostgresFanout(pgDb.url);
  fanouts.push(fanout);
  const http = createServer();
  const io: RealtimeServer = new Server(http, { adapter: fanout.adapter });
  servers.push({ http, io });
  await new Promise<void>((r) => http.listen(0, "127.0.0.1", r));
  return { io, port: (http.address() as AddressInfo).port, fanout };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  pgDb = await startTeamPostgres({ migrated: false });
});
afterAll(async () => {
  for (const s of servers) await s.io.close();
  for (const f of fanouts) await f.close();
  await pgDb?.stop();
});

describe("PostgreSQL fan-out", () => {
  it(
    "delivers a room broadcast from one instance to a client of the other, large payloads too",
    { timeout: 30_000 },
    async () => {
      const one = await instance();
      const two = await instance();
      two.io.on("connection", (socket) => void socket.join("room"));
      const client = connect(`http://127.0.0.1:${two.port}`, { transports: ["websocket"], reconnection: false });
      const received: unknown[] = [];
      client.on("event", (e: unknown) => received.push(e));
      await new Promise<void>((r) => client.once("connect", () => r()));
      await sleep(300); // the join above
      const big = {
        explorationId: "x",
        seq: 2,
        type: "node.result",
        nodeId: null,
        payload: { text: "y".repeat(20_000) },
        createdAt: "",
      };
      one.io.to("room").emit("event", { ...big, seq: 1, payload: {} } as never);
      one.io.to("room").emit("event", big as never); // over NOTIFY's 8000 bytes: through the attachments table
      await expect.poll(() => received.length, { timeout: 10_000 }).toBe(2);
      expect((received[1] as typeof big).payload.text).toHaveLength(20_000);
      client.close();
    },
  );

  it("relays a wake to the other instances once, and never back", { timeout: 30_000 }, async () => {
    const leader = await instance();
    const reviewer = await instance();
    const atLeader: string[] = [];
    leader.io.on("wake", (id) => atLeader.push(id));
    const undo = reviewer.fanout.relayWakes(reviewer.io);
    await sleep(500); // both adapters listening
    getBus().emit("wake", "approved-on-reviewer");
    await expect.poll(() => atLeader, { timeout: 10_000 }).toEqual(["approved-on-reviewer"]);

    // a wake arriving from elsewhere reaches this instance's bus and is not sent out again
    const onBus: string[] = [];
    const listen = (id: string) => onBus.push(id);
    getBus().on("wake", listen);
    leader.io.serverSideEmit("wake", "from-leader");
    await expect.poll(() => onBus, { timeout: 10_000 }).toEqual(["from-leader"]);
    await sleep(1000);
    expect(atLeader).toEqual(["approved-on-reviewer"]);
    getBus().off("wake", listen);
    undo();
  });
});
