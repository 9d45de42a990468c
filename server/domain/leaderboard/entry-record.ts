/**
 * A leaderboard entry as a self-contained record another TREX instance can import: the task and the hash of the data
 * it was measured on, the base model, the best node's config and recipe, the scores and what they cost. Import checks
 * the schema, the digest (the record as exported, not edited since: an integrity check, not a signature), that the
 * data hash follows from the split hashes, and that the numbers are plausible. Pure.
 */
import { createHash } from "node:crypto";
import { z } from "zod";
import { dataRecipeSchema, trainingConfigSchema } from "../../contract/job-protocol.ts";
import { TRAINING_METHODS } from "../../contract/base-models.ts";
import { SPLITS } from "../datasets/dataset-file.ts";
import { canonicalJson } from "../tree/fingerprint.ts";
import { evaluationSettingsSchema } from "../tasks/evaluation-settings.ts";
import { DATA_STATUSES, dataHashOf } from "./data-recognition.ts";

export const ENTRY_RECORD_FORMAT = "trex-leaderboard-entry";

const fraction = z.number().min(0, "scores are fractions in [0, 1]").max(1, "scores are fractions in [0, 1]");
const sha256 = z.string().regex(/^[0-9a-f]{64}$/, "a sha256 in hex");
const seconds = z
  .number()
  .min(0)
  .max(10 * 365 * 86400, "more than ten years");

export const entryRecordSchema = z.strictObject({
  format: z.literal(ENTRY_RECORD_FORMAT),
  version: z.literal(1),
  exportedAt: z.iso.datetime(),
  source: z.strictObject({
    instance: z.string().min(1).max(300),
    explorationId: z.string().min(1).max(100),
    nodeId: z.string().min(1).max(100),
  }),
  title: z.string().max(300),
  task: z.strictObject({
    id: z.string().min(1).max(100),
    dataStatus: z.enum(DATA_STATUSES),
    /** "" for FT-Bench-mini */
    dataHash: z.union([sha256, z.literal("")]),
    splitHashes: z.partialRecord(z.enum(SPLITS), sha256),
  }),
  baseModel: z.string().min(1).max(300),
  method: z.enum(TRAINING_METHODS),
  policy: z.string().min(1).max(40),
  planner: z.string().min(1).max(200),
  evaluation: evaluationSettingsSchema,
  best: z.strictObject({ config: trainingConfigSchema, recipe: dataRecipeSchema }),
  scores: z.strictObject({
    /** validation score of the node chosen on validation */
    validation: fraction,
    /** that node's test score */
    test: fraction.nullable(),
    baseline: fraction,
    gain: z.number().min(-1).max(1),
  }),
  cost: z.strictObject({
    computeSeconds: seconds,
    tokens: z.number().int().min(0).max(1e12),
    timeToBestSeconds: seconds,
  }),
  /** sha256 of the canonical JSON of everything above */
  digest: sha256,
});
export type EntryRecord = z.infer<typeof entryRecordSchema>;
export type UnsignedEntryRecord = Omit<EntryRecord, "digest">;

export const recordDigest = (r: UnsignedEntryRecord) => createHash("sha256").update(canonicalJson(r)).digest("hex");

export function sealRecord(r: UnsignedEntryRecord): EntryRecord {
  return { ...r, digest: recordDigest(r) };
}

/** The record, or a sentence that says what is wrong with it. */
export function verifyRecord(raw: unknown): { ok: true; record: EntryRecord } | { ok: false; reason: string } {
  const parsed = entryRecordSchema.safeParse(raw);
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    return { ok: false, reason: `not a TREX leaderboard record: ${i?.path.join(".") || "record"}: ${i?.message}` };
  }
  const r = parsed.data;
  const { digest, ...rest } = r;
  if (recordDigest(rest) !== digest)
    return { ok: false, reason: "the record was changed after it was exported: its digest does not match its content" };
  if (r.task.dataStatus === "mini" ? r.task.dataHash !== "" : r.task.dataHash !== dataHashOf(r.task.splitHashes))
    return { ok: false, reason: "the task's data hash does not follow from its split hashes" };
  if (Math.abs(r.scores.validation - r.scores.baseline - r.scores.gain) > 1e-9)
    return { ok: false, reason: "the gain is not the validation score minus the baseline" };
  if (r.best.config.baseModel !== r.baseModel)
    return { ok: false, reason: `the best node trained ${r.best.config.baseModel}, not the entry's ${r.baseModel}` };
  if (r.best.config.method !== r.method)
    return { ok: false, reason: `the best node's method is ${r.best.config.method}, not the entry's ${r.method}` };
  return { ok: true, record: r };
}
