import fs from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../testing/test-db.ts";
import { decryptSecret, encryptSecret, parseSecretKey } from "./secrets.ts";

const key = randomBytes(32);
const SECRET = "-----BEGIN OPENSSH PRIVATE KEY----- very-secret-material-0123456789";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => t.cleanup());

describe("secrets at rest", () => {
  it("round-trips, and each encryption differs (fresh IV)", () => {
    const a = encryptSecret(SECRET, key);
    expect(a).not.toContain("secret");
    expect(encryptSecret(SECRET, key)).not.toBe(a);
    expect(decryptSecret(a, key)).toBe(SECRET);
  });

  it("refuses a tampered value or a wrong key", () => {
    const stored = encryptSecret(SECRET, key);
    const [v, iv, tag, ct] = stored.split(":");
    const flipped = `${v}:${iv}:${tag}:${(ct ?? "").startsWith("A") ? "B" : "A"}${(ct ?? "").slice(1)}`;
    expect(() => decryptSecret(flipped, key)).toThrow();
    expect(() => decryptSecret(stored, randomBytes(32))).toThrow();
  });

  it("accepts 64 hex characters or base64 of 32 bytes, nothing else", () => {
    expect(parseSecretKey(key.toString("hex"))).toEqual(key);
    expect(parseSecretKey(key.toString("base64"))).toEqual(key);
    expect(() => parseSecretKey("short")).toThrow(/32 bytes/);
  });

  it("leaves nothing readable in the database", async () => {
    await t.db.runnerConfig.create({
      data: { name: "gpu-box", kind: "ssh", settings: "{}", secretEncrypted: encryptSecret(SECRET, key) },
    });
    if (t.kind === "sqlite") {
      await t.db.$disconnect(); // flush the WAL into the file we read
      const bytes = fs
        .readdirSync(t.dir)
        .map((f) => fs.readFileSync(path.join(t.dir, f)).toString("latin1"))
        .join("");
      expect(bytes).toContain("gpu-box");
      expect(bytes).not.toContain("very-secret-material");
    } else {
      const rows = await t.db.$queryRawUnsafe<unknown[]>('SELECT * FROM "RunnerConfig"');
      expect(JSON.stringify(rows)).toContain("gpu-box");
      expect(JSON.stringify(rows)).not.toContain("very-secret-material");
    }
  });
});
