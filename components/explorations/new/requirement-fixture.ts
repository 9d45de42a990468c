/** A requirement as the analysis returns it, for the form's tests (the analysis itself is tested in server/agents). */
import { requirementSpecSchema, type RequirementSpec } from "@/server/domain/requirements/requirement-spec";

export const specWith = (over: Record<string, unknown>): RequirementSpec =>
  requirementSpecSchema.parse({
    summary: "s",
    language: "en",
    taskType: "classification",
    taskId: "mini-sst2",
    domain: null,
    metric: { name: "accuracy", direction: "higher" },
    baseModel: { requested: null, used: "tiny-base" },
    constraints: {},
    successCriterion: { kind: "beat_baseline", threshold: null, text: "t" },
    flags: [],
    analysedBy: "offline rules",
    goalChars: 1,
    truncated: false,
    ...over,
  });
