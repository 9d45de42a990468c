/**
 * A 600 MB chunked POST (no Content-Length) to each route that reads a body: the limit applies while the body
 * streams, so the server reads at most the limit (plus a chunk), answers 413, and its memory stays flat.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiToken } from "../auth/api-tokens.ts";
import { createAuth, type Auth } from "../auth/auth.ts";
import { handleAuthRequest } from "../auth/auth-handler.ts";
import type { Db } from "../db.ts";
import { handleDatasetUpload, MAX_UPLOAD_BYTES } from "../api/dataset-upload-handler.ts";
import { handleTrpcRequest, MAX_REQUEST_BYTES } from "../api/http-handler.ts";
import { createTestUser } from "../testing/test-auth.ts";
import { createTestDb, type TestDb } from "../testing/test-db.ts";

const ATTACK_BYTES = 600 * 1024 * 1024;
const CHUNK = 64 * 1024;
const MiB = 1024 * 1024;

let t: TestDb;
let token: string;

beforeAll(async () => {
  t = await createTestDb();
  (globalThis as { __trexDb?: Db }).__trexDb = t.db;
  (globalThis as { __trexAuth?: Auth }).__trexAuth = createAuth(t.db, t.url);
  token = (await createApiToken(t.db, (await createTestUser(t.db, { role: "reviewer" })).userId, "cli", ["review"]))
    .token;
});
afterAll(async () => {
  delete (globalThis as { __trexDb?: Db }).__trexDb;
  delete (globalThis as { __trexAuth?: Auth }).__trexAuth;
  await t.cleanup();
});

/** A chunked POST of `ATTACK_BYTES`, made as it is pulled; tracks the bytes pulled and the peak memory. */
function attack(url: string, headers: Record<string, string>) {
  const chunk = new Uint8Array(CHUNK).fill(0x61);
  const seen = { pulled: 0, peakRss: process.memoryUsage().rss };
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      seen.peakRss = Math.max(seen.peakRss, process.memoryUsage().rss);
      if (seen.pulled >= ATTACK_BYTES) return controller.close();
      seen.pulled += CHUNK;
      controller.enqueue(chunk.slice());
    },
  });
  const init = {
    method: "POST",
    headers: { origin: "http://localhost:3000", host: "localhost:3000", ...headers },
    body,
    duplex: "half",
  };
  return { req: new Request(url, init as RequestInit), seen };
}

async function measure(
  handler: (req: Request) => Promise<Response>,
  url: string,
  headers: Record<string, string>,
  limit: number,
) {
  global.gc?.();
  const before = process.memoryUsage().rss;
  const { req, seen } = attack(url, headers);
  const res = await handler(req);
  seen.peakRss = Math.max(seen.peakRss, process.memoryUsage().rss);
  return { status: res.status, pulled: seen.pulled, limit, growthMiB: (seen.peakRss - before) / MiB };
}

describe("request bodies over the limit", () => {
  it("stop being read at the limit on the tRPC, auth and dataset routes, with memory flat (< 50 MB)", async () => {
    const results = {
      trpc: await measure(
        handleTrpcRequest,
        "http://localhost:3000/api/trpc/exploration.create",
        { "content-type": "application/json" },
        MAX_REQUEST_BYTES,
      ),
      auth: await measure(
        (r) => handleAuthRequest(r),
        "http://localhost:3000/api/auth/sign-in/email",
        { "content-type": "application/json" },
        16 * 1024,
      ),
      // a signed-in uploader; an anonymous one is refused before a byte is read
      datasets: await measure(
        (r) => handleDatasetUpload(r, t.db),
        "http://localhost:3000/api/datasets",
        { "content-type": "multipart/form-data; boundary=x", authorization: `Bearer ${token}` },
        MAX_UPLOAD_BYTES,
      ),
      anonymousDatasets: await measure(
        (r) => handleDatasetUpload(r, t.db),
        "http://localhost:3000/api/datasets",
        { "content-type": "multipart/form-data; boundary=x" },
        0,
      ),
    };
    for (const [route, r] of Object.entries(results)) {
      expect(r.status, route).toBe(route === "anonymousDatasets" ? 401 : 413);
      // read no further than the limit: the stream may have a few chunks queued ahead of the reader
      expect(r.pulled, route).toBeLessThanOrEqual(r.limit + 4 * CHUNK);
      if (r.limit < 10 * MiB) expect(r.growthMiB, route).toBeLessThan(50);
    }
  });
});
