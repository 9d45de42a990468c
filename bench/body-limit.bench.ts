/**
 * The oversized-body attack against the real server (production build): an anonymous 600 MB chunked POST to
 * each route that reads a body, and to a page, while the server's resident memory (all its processes) is
 * sampled every 50 ms. Prints the status, the seconds and the peak memory growth per route.
 * Run: `npx next build && npx tsx bench/body-limit.bench.ts`
 */
import fs from "node:fs";
import http from "node:http";
import { startServer } from "./canvas-server.ts";

const ATTACK_BYTES = 600 * 1024 * 1024;
const CHUNK = Buffer.alloc(64 * 1024, 0x61);

/** resident memory of every process whose command line names this server's port (npx, tsx, node) */
function serverRssBytes(port: string): number {
  let total = 0;
  for (const pid of fs.readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    try {
      const env = fs.readFileSync(`/proc/${pid}/environ`, "utf8");
      if (!env.split("\0").includes(`PORT=${port}`)) continue;
      const rss = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
      total += Number(rss ?? 0) * 1024;
    } catch {
      // gone, or not ours to read
    }
  }
  return total;
}

function chunkedPost(url: URL, headers: Record<string, string>): Promise<{ status: number; sent: number }> {
  return new Promise((resolve) => {
    let sent = 0;
    let status = 0;
    const req = http.request(
      url,
      { method: "POST", headers: { ...headers, "transfer-encoding": "chunked", origin: url.origin } },
      (res) => {
        status = res.statusCode ?? 0;
        res.resume();
        res.on("end", () => {
          req.destroy();
          resolve({ status, sent });
        });
      },
    );
    req.on("error", () => resolve({ status, sent }));
    const pump = () => {
      while (sent < ATTACK_BYTES) {
        sent += CHUNK.length;
        if (!req.write(CHUNK)) return void req.once("drain", pump);
      }
      req.end();
    };
    pump();
  });
}

const server = await startServer();
const port = new URL(server.url).port;
try {
  const routes: [string, string, Record<string, string>][] = [
    ["tRPC", "/api/trpc/exploration.create", { "content-type": "application/json" }],
    ["auth", "/api/auth/sign-in/email", { "content-type": "application/json" }],
    ["datasets (anonymous)", "/api/datasets", { "content-type": "multipart/form-data; boundary=x" }],
    ["a page", "/", { "content-type": "application/octet-stream" }],
  ];
  for (const [name, path, headers] of routes) {
    await new Promise((r) => setTimeout(r, 2000));
    const before = serverRssBytes(port);
    let peak = before;
    const timer = setInterval(() => (peak = Math.max(peak, serverRssBytes(port))), 50);
    const started = Date.now();
    const { status, sent } = await chunkedPost(new URL(path, server.url), headers);
    clearInterval(timer);
    peak = Math.max(peak, serverRssBytes(port));
    console.log(
      `${name.padEnd(22)} status ${status || "closed"}  sent ${(sent / 1048576).toFixed(0).padStart(4)} MiB  ${((Date.now() - started) / 1000).toFixed(1)} s  server memory +${((peak - before) / 1048576).toFixed(1)} MiB`,
    );
  }
} finally {
  await server.stop();
}
