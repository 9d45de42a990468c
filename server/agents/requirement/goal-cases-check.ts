import type { RequirementSpec } from "../../domain/requirements/requirement-spec.ts";
import type { GoalCase } from "./goal-cases.ts";

/** The differences between a requirement and a case's expectations, as sentences (none: it matches). */
export function mismatches(spec: RequirementSpec, c: GoalCase): string[] {
  const e = c.expect;
  const out: string[] = [];
  const eq = (what: string, got: unknown, want: unknown) => {
    if (want !== undefined && JSON.stringify(got) !== JSON.stringify(want))
      out.push(`${what}: got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
  };
  eq("taskId", spec.taskId, e.taskId);
  eq("goalTask", spec.goalTask?.id ?? null, e.goalTask);
  eq("taskType", spec.taskType, e.taskType);
  eq("metric", spec.metric.name, e.metric);
  eq("method", spec.constraints.method, e.method);
  eq("maxParameters", spec.constraints.maxParameters, e.maxParameters);
  eq("requested", spec.baseModel.requested, e.requested);
  eq("samples", spec.constraints.maxTrainingSamples, e.samples);
  eq("perRunSeconds", spec.constraints.perRunSeconds, e.perRunSeconds);
  eq("noTestSplit", spec.constraints.noTestSplit, e.noTestSplit);
  eq("outputFormat", spec.constraints.outputFormat, e.outputFormat);
  eq("compare", spec.compare?.arms ?? null, e.compare);
  eq("language", spec.language, e.language);
  if (e.budgets)
    for (const [field, value] of Object.entries(e.budgets))
      eq(`budget ${field}`, spec.budgets.find((b) => b.field === field)?.value, value);
  if (e.problems) {
    if (spec.problems.length !== e.problems.length)
      out.push(`problems: got ${JSON.stringify(spec.problems)}, want ${e.problems.length}`);
    for (const re of e.problems)
      if (!spec.problems.some((p) => re.test(p)))
        out.push(`no problem matches ${re}: ${JSON.stringify(spec.problems)}`);
  }
  return out;
}
