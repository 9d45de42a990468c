/**
 * A runner check that makes a command read a configured file stores no line of that file: pointed at a file
 * that is not a Slurm configuration (here a shadow-like file), Slurm's real sinfo quotes the offending lines,
 * and the stored check message must not.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { makeTempDir } from "../testing/daemon-process.ts";
import { createTestDb, type TestDb } from "../testing/test-db.ts";
import { addRunner, testRunner } from "./runner-settings-service.ts";

let t: TestDb;
let dir: string;

beforeAll(async () => {
  t = await createTestDb();
  dir = makeTempDir("trex-slurm-conf-echo-");
});
afterAll(async () => {
  await t.cleanup();
  fs.rmSync(dir, { recursive: true, force: true });
});

it("keeps the contents of a configured SLURM_CONF out of the stored check message", async () => {
  const secretFile = path.join(dir, "not-slurm.conf");
  fs.writeFileSync(
    secretFile,
    "root:$y$j9T$hashofrootpassword:19000:0:99999:7:::\nAWS_SECRET_ACCESS_KEY=wJalrXUtnFEMIK7MDENG\n",
  );
  await addRunner(t.db, {
    name: "cluster",
    config: { kind: "slurm", slurmConf: secretFile, remoteDir: path.join(dir, "jobs") },
  });
  const check = await testRunner(t.db, "cluster");
  expect(check.ok).toBe(false);
  const stored = (await t.db.runnerConfig.findUniqueOrThrow({ where: { name: "cluster" } })).lastCheck ?? "";
  for (const text of [check.message, stored]) {
    expect(text).toMatch(/Slurm does not answer/);
    expect(text).not.toContain("hashofrootpassword");
    expect(text).not.toContain("AWS_SECRET_ACCESS_KEY");
    expect(text).not.toContain("wJalrXUtnFEMIK7MDENG");
  }
  expect(check.message).toMatch(/quoting .*not-slurm\.conf left out/);
});
