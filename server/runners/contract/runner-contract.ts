/**
 * The one contract every runner adapter passes (local, ssh, slurm against real servers; cloud against its
 * recorded CLI transcript): submit a real job bundle, follow it to `exited`, stream its events by offset,
 * read the log tail, fetch a valid result, cancel a long job, report many jobs in one status call, run a
 * job on data files it carries, and refuse a bundle path that leaves the job folder.
 */
import { createHash } from "node:crypto";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { JobSpec, WorkerEvent, WorkerJobSpec } from "../../contract/job-protocol.ts";
import { generationJobSpecSchema, jobResultSchema } from "../../contract/job-protocol.ts";
import { type BundleFile, type JobRef, type Runner, type RunnerJobState } from "../types.ts";
import { RunnerError } from "../errors.ts";

export interface ContractHarness {
  runner: Runner;
  /** job ids are `${prefix}-ok`, `${prefix}-cancel`, … */
  prefix: string;
  shortJob(jobId: string): JobSpec;
  longJob(jobId: string): JobSpec;
  pollMs: number;
  timeoutMs: number;
  /** scheduler or remote queries made so far (when the adapter counts them): status() makes one per call */
  statusQueries?: () => number;
  /** one file of a job folder, null when absent (default: through the runner's artifactHost) */
  readJobFile?: (workDir: string, file: string) => Promise<Buffer | null>;
}

const POSITIVE = ["good", "great", "fine", "lovely", "superb", "nice"];
const NEGATIVE = ["bad", "awful", "poor", "dull", "ugly", "sad"];
const labelOf = (i: number) => (i % 2 === 0 ? "pos" : "neg");
const wordOf = (i: number) => (labelOf(i) === "pos" ? POSITIVE : NEGATIVE)[i % 6] ?? "plain";
const csvField = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** rows of the CSV test split; the first proves that a quoted field with a comma and quotes arrives intact */
export const CONTRACT_TEST_ROWS: readonly (readonly [string, string])[] = [
  ['a great, "really" great film', "pos"],
  ...Array.from({ length: 9 }, (_, i) => [`a ${wordOf(i + 3)} show ${i}`, labelOf(i + 3)] as const),
];

/** The dataset the contract's file job carries: 60 training lines (validation is carved from them) and a CSV test split. */
export function contractDataFiles(): BundleFile[] {
  const train = Array.from(
    { length: 60 },
    (_, i) => `${JSON.stringify({ input: `a ${wordOf(i)} film, take ${i}`, output: labelOf(i) })}\n`,
  ).join("");
  const test = [["input", "output"], ...CONTRACT_TEST_ROWS].map((row) => `${row.map(csvField).join(",")}\r\n`).join("");
  const trainData = Buffer.from(train, "utf8");
  return [
    // one file known by its content (kept in the host's cache and linked into the job), one written as it is
    { path: "dataset/train.jsonl", data: trainData, sha256: createHash("sha256").update(trainData).digest("hex") },
    { path: "dataset/test.csv", data: Buffer.from(test, "utf8") },
  ];
}

/** A harness's short job, trained and evaluated on the carried files instead of an FT-Bench-mini task. */
export function contractFileJob(short: JobSpec): JobSpec {
  return {
    ...short,
    task: { id: "custom:contract", seed: 0, files: { dir: "dataset", metric: "accuracy" } },
    evaluation: { ...short.evaluation, splits: ["validation", "test"] },
  };
}

function jobFileReader(h: ContractHarness): (workDir: string, file: string) => Promise<Buffer | null> {
  if (h.readJobFile) return h.readJobFile;
  const host = h.runner.artifactHost;
  if (!host) throw new Error(`the ${h.runner.kind} harness must give readJobFile: its runner has no artifactHost`);
  return (workDir, file) => host.readFile(path.posix.join(workDir, file));
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

interface Followed {
  states: RunnerJobState[];
  events: WorkerEvent[];
  offset: number;
}

/** Polls status and events together, as the orchestrator does, until the job has exited. */
async function follow(
  h: ContractHarness,
  ref: JobRef,
  until: (f: Followed) => boolean = (f) => f.states.at(-1) === "exited",
): Promise<Followed> {
  const f: Followed = { states: [], events: [], offset: 0 };
  const deadline = Date.now() + h.timeoutMs;
  for (;;) {
    const state = (await h.runner.status([ref])).get(ref.jobId);
    expect(state, "status() answers for every job asked").toBeDefined();
    if (state) f.states.push(state);
    const chunk = await h.runner.readEvents(ref, f.offset);
    expect(chunk.offset).toBeGreaterThanOrEqual(f.offset);
    f.events.push(...chunk.events);
    f.offset = chunk.offset;
    if (until(f)) break;
    if (Date.now() > deadline)
      throw new Error(`job ${ref.jobId} did not get there in ${h.timeoutMs} ms; states seen: ${f.states.join(",")}`);
    await sleep(h.pollMs);
  }
  // events written between the last read and the exit
  const rest = await h.runner.readEvents(ref, f.offset);
  f.events.push(...rest.events);
  f.offset = rest.offset;
  return f;
}

async function submitJob(h: ContractHarness, spec: WorkerJobSpec, files?: readonly BundleFile[]): Promise<JobRef> {
  const { externalId, workDir } = await h.runner.submit(spec, files);
  expect(externalId).toMatch(/\S/);
  expect(workDir).toMatch(/\S/);
  return { jobId: spec.jobId, externalId, workDir };
}

/**
 * @param testTimeoutMs per test: real jobs on a busy 2-core machine take a while
 * @param opts.generation whether the generation-job case runs (a recorded transcript holds only the jobs it recorded)
 */
export function describeRunnerContract(
  name: string,
  harness: () => ContractHarness,
  testTimeoutMs = 150_000,
  opts: { generation: boolean } = { generation: true },
): void {
  describe(`runner contract: ${name}`, () => {
    const refs: JobRef[] = [];
    const submitted: JobRef[] = [];
    const submit = async (h: ContractHarness, spec: WorkerJobSpec, files?: readonly BundleFile[]) => {
      const ref = await submitJob(h, spec, files);
      submitted.push(ref);
      return ref;
    };
    // a failed test must not leave workers running on the machine
    afterAll(async () => {
      const h = harness();
      for (const ref of submitted) await h.runner.cancel(ref).catch(() => undefined);
    });

    it(
      "runs a tiny job: status moves to exited, events stream by offset, the log tail and a valid result",
      async () => {
        const h = harness();
        const ref = await submit(h, h.shortJob(`${h.prefix}-ok`));
        refs.push(ref);
        const f = await follow(h, ref);
        expect(
          f.states.every((s) => ["pending", "running", "exited"].includes(s)),
          f.states.join(","),
        ).toBe(true);
        expect(f.events[0]?.type).toBe("started");
        expect(f.events.some((e) => e.type === "progress")).toBe(true);
        expect(f.events.at(-1)).toMatchObject({ type: "finished", status: "succeeded" });
        // reading from 0 again gives the same stream: offsets are byte positions, nothing lost or repeated
        const again = await h.runner.readEvents(ref, 0);
        expect(again.events).toEqual(f.events);
        expect(again.offset).toBe(f.offset);
        expect((await h.runner.readEvents(ref, f.offset)).events).toEqual([]);

        const tail = await h.runner.readLogTail(ref, 4000);
        expect(typeof tail).toBe("string");
        expect(Buffer.byteLength(tail)).toBeLessThanOrEqual(4000);

        const result = await h.runner.fetchResult(ref);
        expect(result).not.toBeNull();
        expect(jobResultSchema.parse(result)).toEqual(result);
        expect(result?.status).toBe("succeeded");
        expect(result?.jobId).toBe(ref.jobId);
        const primary = result?.metrics.validation?.primary;
        expect(primary).toBeGreaterThanOrEqual(0);
        expect(primary).toBeLessThanOrEqual(1);
        expect(result?.train?.steps).toBe(h.shortJob("x").training.steps);
      },
      testTimeoutMs,
    );

    it(
      "cancels a longer job: the worker stops and the result is cancelled (or the job is gone)",
      async () => {
        const h = harness();
        const ref = await submit(h, h.longJob(`${h.prefix}-cancel`));
        refs.push(ref);
        // wait for the worker's second event: by then its SIGTERM handler is in place
        await follow(h, ref, (f) => f.events.length >= 2);
        await h.runner.cancel(ref);
        const f = await follow(h, ref);
        expect(f.states.at(-1)).toBe("exited");
        const result = await h.runner.fetchResult(ref);
        expect(result === null || result.status === "cancelled", `result: ${JSON.stringify(result?.status)}`).toBe(
          true,
        );
        await h.runner.cancel(ref); // cancelling an ended job is harmless
      },
      testTimeoutMs,
    );

    it(
      "reports many jobs in one status call, and a job it never ran as not running",
      async () => {
        const h = harness();
        const batch = await Promise.all([1, 2].map((i) => submit(h, h.shortJob(`${h.prefix}-batch${i}`))));
        const first = refs[0] ?? batch[0];
        const root = first ? path.posix.dirname(first.workDir) : "/nonexistent";
        const never: JobRef = {
          jobId: `${h.prefix}-never`,
          externalId: "4194303",
          workDir: path.posix.join(root, `${h.prefix}-never`),
        };
        const all = [...refs, ...batch, never];
        const deadline = Date.now() + h.timeoutMs;
        let states = new Map<string, RunnerJobState>();
        for (;;) {
          const before = h.statusQueries?.();
          states = await h.runner.status(all);
          if (before !== undefined && h.statusQueries)
            expect(h.statusQueries() - before, "one query per status() call").toBe(1);
          expect([...states.keys()].sort()).toEqual(all.map((r) => r.jobId).sort());
          if (batch.every((r) => states.get(r.jobId) === "exited")) break;
          if (Date.now() > deadline) throw new Error(`batch did not finish: ${JSON.stringify([...states])}`);
          await sleep(h.pollMs);
        }
        expect(["exited", "unknown"]).toContain(states.get(never.jobId));
        for (const r of refs) expect(states.get(r.jobId)).toBe("exited");
        for (const r of batch) expect((await h.runner.fetchResult(r))?.status).toBe("succeeded");
        expect(await h.runner.fetchResult(never)).toBeNull();
      },
      testTimeoutMs,
    );

    it(
      "runs a job on data files it carries: they arrive byte for byte next to job.json, and it trains and evaluates on them",
      async () => {
        const h = harness();
        const files = contractDataFiles();
        const spec = contractFileJob(h.shortJob(`${h.prefix}-files`));
        const ref = await submit(h, spec, files);
        const read = jobFileReader(h);
        for (const f of files) expect(await read(ref.workDir, f.path), f.path).toEqual(f.data);

        const f = await follow(h, ref);
        expect(f.events.at(-1)).toMatchObject({ type: "finished", status: "succeeded" });
        const result = await h.runner.fetchResult(ref);
        expect(result).not.toBeNull();
        expect(jobResultSchema.parse(result)).toEqual(result);
        expect(result?.status, result?.error).toBe("succeeded");
        expect(result?.jobId).toBe(ref.jobId);
        expect(result?.train?.steps).toBe(spec.training.steps);
        for (const split of ["validation", "test"] as const) {
          const primary = result?.metrics[split]?.primary;
          expect(typeof primary, `metrics.${split}.primary`).toBe("number");
          expect(primary).toBeGreaterThanOrEqual(0);
          expect(primary).toBeLessThanOrEqual(1);
        }
        // every CSV row was read, the quoted one included
        expect(result?.metrics.test?.n).toBe(CONTRACT_TEST_ROWS.length);
      },
      testTimeoutMs,
    );

    it.runIf(opts.generation)(
      "runs a generation job: the checkpoint of a job it ran and the base model answer the same prompts",
      async () => {
        const h = harness();
        const trained = await submit(h, h.shortJob(`${h.prefix}-trained`));
        await follow(h, trained);
        const checkpoint = (await h.runner.fetchResult(trained))?.checkpoint;
        expect(checkpoint, "the short job keeps a checkpoint").toBeTruthy();
        const baseModel = h.shortJob("x").training.baseModel;
        const spec = generationJobSpecSchema.parse({
          version: 1,
          kind: "generate",
          jobId: `${h.prefix}-generate`,
          models: [
            { label: "node", baseModel, checkpoint },
            { label: "base", baseModel },
          ],
          prompts: ["a lovely film", "a dull film"],
          maxNewTokens: 6,
        });
        const ref = await submit(h, spec);
        const f = await follow(h, ref);
        expect(f.events.at(-1)).toMatchObject({ type: "finished", status: "succeeded" });
        const result = await h.runner.fetchResult(ref);
        expect(result?.status, result?.error).toBe("succeeded");
        expect(result?.generation?.map((g) => g.label)).toEqual(["node", "base"]);
        for (const g of result?.generation ?? []) expect(g.answers).toHaveLength(2);
      },
      testTimeoutMs,
    );

    it(
      "refuses a bundle path that leaves the job folder before writing or starting anything",
      async () => {
        const h = harness();
        const spec = h.shortJob(`${h.prefix}-escape`);
        const files: BundleFile[] = [
          ...contractDataFiles(),
          { path: "../escape.jsonl", data: Buffer.from('{"input": "x", "output": "y"}\n') },
        ];
        const refused: unknown = await h.runner.submit(spec, files).then(
          () => null,
          (e: unknown) => e,
        );
        expect(refused).toBeInstanceOf(RunnerError);
        expect(String(refused)).toMatch(/bundle file "\.\.\/escape\.jsonl" refused/);
        // the jobs root is known once any job ran (not when this test runs alone)
        const earlier = submitted[0];
        if (!earlier) return;
        const root = path.posix.dirname(earlier.workDir);
        const ref: JobRef = { jobId: spec.jobId, externalId: null, workDir: path.posix.join(root, spec.jobId) };
        const read = jobFileReader(h);
        expect(await read(ref.workDir, "job.json"), "no job folder").toBeNull();
        expect(await read(root, "escape.jsonl"), "nothing written beside the job folders").toBeNull();
        expect((await h.runner.status([ref])).get(ref.jobId)).toBe("unknown");
      },
      testTimeoutMs,
    );
  });
}
