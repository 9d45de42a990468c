/**
 * Live event → canvas latency with many connected socket.io clients (target p95 < 150 ms, no update missed);
 * the server's memory and CPU per connected client.
 * The real server (production build, orchestrator off) holds an exploration of 1,000 nodes; B Chromium pages
 * show its canvas and 50 − B socket.io clients join the same room. The benchmark edits the root's title
 * K times through tRPC; each edit is a persisted `node.edited` event. Latency = the moment the new title is in
 * the page's DOM − the event's createdAt (same machine clock); also event → socket receipt for every client, and
 * how many of the K events each socket.io client missed.
 * Run: NEXT_TELEMETRY_DISABLED=1 npx next build && npx tsx bench/realtime.bench.ts
 *      (REALTIME_BENCH_CLIENTS=500, REALTIME_BENCH_PAGES, REALTIME_BENCH_EVENTS, REALTIME_BENCH_NODES)
 */
import { io, type Socket } from "socket.io-client";
import type { Page } from "@playwright/test";
import type { ExplorationEvent } from "../server/contract/event-types.ts";
import { createDb } from "../server/db.ts";
import {
  groupUsage,
  launchChromium,
  machine,
  startServer,
  stats,
  writeJson,
  type BenchServer,
} from "./canvas-server.ts";
import { seedTree } from "./realtime-seed.ts";

const CLIENTS = Number(process.env.REALTIME_BENCH_CLIENTS ?? 50);
const PAGES = Number(process.env.REALTIME_BENCH_PAGES ?? 3);
const EVENTS = Number(process.env.REALTIME_BENCH_EVENTS ?? 100);
const TREE_NODES = Number(process.env.REALTIME_BENCH_NODES ?? 1_000);
const GAP_MS = 150;

async function trpc<T>(server: BenchServer, path: string, input: unknown): Promise<T> {
  const res = await server.api.post(`/api/trpc/${path}`, { data: { json: input } });
  if (!res.ok()) throw new Error(`${path}: ${res.status()} ${await res.text()}`);
  return ((await res.json()) as { result: { data: { json: T } } }).result.data.json;
}

/** In the page: when does the root card show each `bench-<i>` title, and when did its socket receive it. */
async function installRecorder(page: Page): Promise<void> {
  // a string, not a function: tsx would wrap named functions in a helper the page does not have
  await page.evaluate(`(() => {
    const seen = {};
    const received = {};
    const check = () => {
      const text = document.querySelector('[data-testid="tree-node"][data-ordinal="0"]')?.textContent ?? "";
      const m = /bench-(\\d+)/.exec(text);
      if (m && seen[m[1]] === undefined) seen[m[1]] = Date.now();
    };
    const root = document.querySelector(".react-flow__nodes") ?? document.body;
    new MutationObserver(check).observe(root, { subtree: true, childList: true, characterData: true });
    window.__trexSocket.on("event", (e) => {
      const m = /bench-(\\d+)/.exec((e.payload && e.payload.title) || "");
      if (m && received[m[1]] === undefined) received[m[1]] = Date.now();
    });
    window.__benchSeen = seen;
    window.__benchReceived = received;
  })()`);
}

async function main() {
  const server = await startServer();
  const browser = await launchChromium();
  const sockets: Socket[] = [];
  try {
    const { id } = await trpc<{ id: string }>(server, "exploration.create", {
      title: "realtime bench",
      goal: "Benchmark: live event to canvas latency with many clients.",
      taskId: "mini-sst2",
      approvalMode: "review-each-expansion",
      // the goal names no task on purpose: the tree is seeded below
      confirmed: true,
    });
    const db = createDb(`file:${server.dataDir}/trex.db`);
    const rootId = await seedTree(db, id, TREE_NODES);
    await db.$disconnect();

    const pages: Page[] = [];
    const context = await server.signedIn(browser);
    for (let p = 0; p < PAGES; p++) {
      const page = await context.newPage();
      await page.goto(`${server.url}/explorations/${id}`);
      await page.locator('[data-testid="tree-node"][data-ordinal="0"]').waitFor({ timeout: 120_000 });
      await page.waitForTimeout(1_000);
      await installRecorder(page);
      pages.push(page);
    }
    // the other clients: plain socket.io connections in the same room, timing their receipts
    const clientLatency: number[] = [];
    const receivedBy = new Map<Socket, Set<string>>();
    const beforeClients = groupUsage(server.processGroup);
    for (let c = 0; c < CLIENTS - PAGES; c++) {
      const s = io(server.url, {
        path: "/socket.io",
        transports: ["websocket"],
        forceNew: true,
        extraHeaders: { cookie: server.cookie, origin: server.url },
      });
      s.on("connect", () => s.emit("join", { explorationId: id, afterSeq: 1_000_000 }));
      const got = new Set<string>();
      receivedBy.set(s, got);
      s.on("event", (e: ExplorationEvent) => {
        const m = e.type === "node.edited" ? /bench-(\d+)/.exec(e.payload.title) : null;
        if (m?.[1] && !got.has(m[1])) {
          got.add(m[1]);
          clientLatency.push(Date.now() - Date.parse(e.createdAt));
        }
      });
      sockets.push(s);
    }
    // every client connected and joined before the first event (a late one would miss events it never asked for)
    for (let waited = 0; waited < 120_000 && sockets.some((s) => !s.connected); waited += 500)
      await new Promise((r) => setTimeout(r, 500));
    await new Promise((r) => setTimeout(r, 2_000));
    const withClients = groupUsage(server.processGroup);
    console.log(
      `connected: ${sockets.filter((s) => s.connected).length + PAGES} clients (${PAGES} Chromium canvases), tree of ${TREE_NODES} nodes`,
    );

    const createdAt = new Map<string, number>();
    const listener = io(server.url, {
      path: "/socket.io",
      transports: ["websocket"],
      forceNew: true,
      extraHeaders: { cookie: server.cookie, origin: server.url },
    });
    listener.on("connect", () => listener.emit("join", { explorationId: id, afterSeq: 1_000_000 }));
    listener.on("event", (e: ExplorationEvent) => {
      const m = e.type === "node.edited" ? /bench-(\d+)/.exec(e.payload.title) : null;
      if (m?.[1]) createdAt.set(m[1], Date.parse(e.createdAt));
    });
    await new Promise((r) => setTimeout(r, 500));

    const detail = await server.api.get(
      `/api/trpc/node.detail?input=${encodeURIComponent(JSON.stringify({ json: { id: rootId } }))}`,
    );
    let version = ((await detail.json()) as { result: { data: { json: { node: { version: number } } } } }).result.data
      .json.node.version;
    for (let i = 0; i < EVENTS; i++) {
      const updated: { version: number } = await trpc(server, "node.edit", {
        id: rootId,
        version,
        title: `Baseline bench-${i}`,
      });
      version = updated.version;
      await new Promise((r) => setTimeout(r, GAP_MS));
    }
    await new Promise((r) => setTimeout(r, 2_000));
    const afterEvents = groupUsage(server.processGroup);
    listener.close();
    const socketMissed = [...receivedBy.values()].reduce((s, got) => s + (EVENTS - got.size), 0);
    const plainClients = CLIENTS - PAGES;
    const server_ = {
      rssMiBBeforeClients: Math.round(beforeClients.rssMiB),
      rssMiBWithClients: Math.round(withClients.rssMiB),
      rssKiBPerClient: Math.round(((withClients.rssMiB - beforeClients.rssMiB) * 1024) / Math.max(1, plainClients)),
      cpuSecondsForEvents: Number((afterEvents.cpuSeconds - withClients.cpuSeconds).toFixed(2)),
      cpuMsPerClientPerEvent: Number(
        (((afterEvents.cpuSeconds - withClients.cpuSeconds) * 1000) / Math.max(1, CLIENTS) / EVENTS).toFixed(4),
      ),
    };

    const canvas: number[] = [];
    const receipt: number[] = [];
    let missing = 0;
    for (const page of pages) {
      const { seen, received } = await page.evaluate(() => ({
        seen: (window as unknown as { __benchSeen: Record<string, number> }).__benchSeen,
        received: (window as unknown as { __benchReceived: Record<string, number> }).__benchReceived,
      }));
      for (let i = 0; i < EVENTS; i++) {
        const t = createdAt.get(String(i));
        const shown = seen[String(i)];
        const got = received[String(i)];
        if (t === undefined || shown === undefined) {
          // a title replaced by the next one before a paint counts as missed, not as fast
          missing++;
          continue;
        }
        canvas.push(shown - t);
        if (got !== undefined) receipt.push(got - t);
      }
    }
    const rows = [
      { measure: "event → canvas DOM (Chromium pages)", ...stats(canvas) },
      { measure: "event → socket receipt (Chromium pages)", ...stats(receipt) },
      { measure: "event → socket receipt (socket.io clients)", ...stats(clientLatency) },
    ].map((r) => ({
      ...r,
      p50: Math.round(r.p50),
      p95: Math.round(r.p95),
      max: Math.round(r.max),
      mean: Math.round(r.mean),
    }));
    console.table(rows);
    const canvasP95 = rows[0]?.p95 ?? Infinity;
    console.log(
      `missed canvas updates: ${missing} of ${EVENTS * PAGES}; missed socket.io updates: ${socketMissed} of ${EVENTS * plainClients}; target p95 < 150 ms: ${canvasP95 < 150 ? "met" : "NOT met"}`,
    );
    console.log("server:", JSON.stringify(server_));
    console.log(
      "written:",
      writeJson("realtime.json", {
        machine: machine(),
        clients: CLIENTS,
        pages: PAGES,
        events: EVENTS,
        treeNodes: TREE_NODES,
        gapMs: GAP_MS,
        missing,
        socketMissed,
        server: server_,
        rows,
        targetMet: canvasP95 < 150,
      }),
    );
  } finally {
    for (const s of sockets) s.close();
    await browser.close();
    await server.stop();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
