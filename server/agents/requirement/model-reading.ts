/**
 * A language model's reading of a goal, checked by the rules: a task must be one of the candidates, a
 * budget must quote words that are in the goal (the units are converted here, never by the model), and
 * where the rules found something explicit (a named task, a method, a budget) the rules' reading stays and
 * the disagreement is flagged. The model fills in what the rules missed. Pure.
 */
import { findTask } from "../../domain/tasks/task-registry.ts";
import type { ModelRequirement, StatedBudget } from "../../domain/requirements/requirement-spec.ts";
import { parametersOf, UNIT_FIELD } from "../../domain/requirements/units.ts";
import type { GoalReading } from "./offline-analysis.ts";
import { taskOfHints } from "./offline-analysis.ts";

const squash = (s: string) => s.toLowerCase().replace(/\s+/g, " ").trim();

function budgetsOf(r: GoalReading, m: ModelRequirement, flags: string[]): StatedBudget[] {
  const goal = squash(r.text);
  const out = [...r.budgets];
  for (const b of m.budgets) {
    const quote = squash(b.quote);
    // the quote must be the goal's own words, and a number written in digits must be the one the model reports
    const digits = [...quote.matchAll(/(\d+(?:[.,]\d+)?)\s*(k|m|万|千)?/gi)].map(
      (d) =>
        Number((d[1] ?? "").replace(",", ".")) *
        (d[2] ? ({ k: 1e3, m: 1e6, 万: 1e4, 千: 1e3 }[d[2].toLowerCase()] ?? 1) : 1),
    );
    if (!quote || !goal.includes(quote) || (digits.length > 0 && !digits.includes(b.amount))) {
      flags.push(`the model read a budget "${b.quote.slice(0, 60)}" that is not in the goal; ignored`);
      continue;
    }
    const { field, factor } = UNIT_FIELD[b.unit];
    const value = Math.round(b.amount * factor);
    const rules = out.find((x) => x.field === field);
    if (!rules) out.push({ field, value, written: b.quote.slice(0, 120) });
    else if (rules.value !== value)
      flags.push(
        `the model read "${b.quote.slice(0, 60)}" as ${value} ${field}; the rules read "${rules.written}" as ${rules.value}, which is used`,
      );
  }
  return out;
}

export function checkModelReading(r: GoalReading, m: ModelRequirement): GoalReading {
  const flags = m.suspicious.map((s) => `the model noticed: ${s}`);
  const picked = taskOfHints(r.hints);
  let task = r.task;
  if (m.taskId) {
    const known =
      findTask(m.taskId) ??
      r.hints.datasets?.find((d) => d.id === m.taskId) ??
      (picked?.id === m.taskId ? picked : undefined);
    if (!known) flags.push(`the model named a task "${m.taskId.slice(0, 60)}" that does not exist; ignored`);
    else if (r.task.goalTask?.named && r.task.goalTask.id !== known.id)
      flags.push(
        `the model read the goal as ${known.id}, but it names ${r.task.goalTask.evidence[0] ?? r.task.goalTask.id}; the name wins`,
      );
    else if (r.task.goalTask?.id !== known.id) {
      const pickedIsDataset = picked !== undefined && findTask(picked.id) === undefined;
      const disagrees = picked !== undefined && picked.id !== known.id && !pickedIsDataset;
      task = {
        goalTask: { id: known.id, name: known.name, named: false, evidence: ["read by the model"] },
        problem: disagrees
          ? `The goal reads like ${known.name} (${known.id}, as the language model read it), but the picked task is ${picked.id}.`
          : null,
      };
    }
  }
  let method = r.method;
  if (r.method.method === "any" && !r.method.contradiction) method = { method: m.method, contradiction: null };
  else if (m.method !== "any" && m.method !== r.method.method)
    flags.push(`the model read the method as ${m.method}; the goal's words say ${r.method.method}, which is used`);
  const cap = r.maxParameters ?? (m.maxParameters ? parametersOf(m.maxParameters) : null);
  const requested =
    m.requestedBaseModel && squash(r.text).includes(squash(m.requestedBaseModel)) ? [m.requestedBaseModel] : [];
  return {
    ...r,
    language: r.language === "unknown" ? m.language : r.language,
    task,
    guessedType: r.guessedType === "unknown" ? m.taskType : r.guessedType,
    asked: r.asked ?? m.metric,
    models: r.models.length > 0 ? r.models : requested,
    method,
    budgets: budgetsOf(r, m, flags),
    perRunSeconds: r.perRunSeconds ?? (m.perRunMinutes ? m.perRunMinutes * 60 : null),
    maxTrainingSamples: r.maxTrainingSamples ?? m.samplesPerRound,
    maxParameters: cap,
    compare:
      r.compare ??
      (method.method === "compare"
        ? { kind: "method", arms: ["full", "lora"], per: m.compare?.per ?? "score" }
        : m.compare),
    noTestSplit: r.noTestSplit || m.noTestSplit,
    outputFormat: r.outputFormat ?? m.outputFormat,
    extraFlags: [...r.extraFlags, ...flags],
  };
}
