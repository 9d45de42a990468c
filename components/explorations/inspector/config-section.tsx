import { useState } from "react";
import { Section } from "@/components/ui/section";
import { isCodeStep, newCodeSteps, type CodeStep } from "@/server/contract/code-steps";
import type { RecipeOperator } from "@/server/contract/job-protocol";
import { CodeStepView } from "./code-step-view";
import { diffObjects, recipeRows } from "./node-facts";
import type { DetailNode } from "./types";

export function ConfigSection({
  node,
  parentConfig,
}: {
  node: DetailNode;
  parentConfig: Record<string, unknown> | null;
}) {
  const [all, setAll] = useState(false);
  const rows = diffObjects(parentConfig, node.config);
  const changed = rows.filter((r) => r.changed).length;
  const shown = all || parentConfig === null ? rows : rows.filter((r) => r.changed);
  return (
    <Section
      title="Training config"
      testId="config-section"
      right={
        parentConfig ? (
          <span className="text-slate-500">{changed === 0 ? "same as parent" : `${changed} changed vs parent`}</span>
        ) : undefined
      }
    >
      {shown.length === 0 ? (
        <p className="text-xs text-slate-500">Identical to the parent&apos;s config.</p>
      ) : (
        <table className="w-full text-[11px]" data-testid="config-diff">
          <thead className="text-left text-slate-500">
            <tr>
              <th className="font-normal">key</th>
              {parentConfig && <th className="font-normal">parent</th>}
              <th className="font-normal">this node</th>
            </tr>
          </thead>
          <tbody className="font-mono">
            {shown.map((r) => (
              <tr
                key={r.key}
                data-changed={r.changed || undefined}
                className={r.changed ? "bg-amber-50 dark:bg-amber-950/40" : ""}
              >
                <td className="py-0.5 pr-2 text-slate-600 dark:text-slate-400">{r.key}</td>
                {parentConfig && (
                  <td
                    className={`pr-2 ${r.changed ? "text-rose-700 line-through dark:text-rose-400" : "text-slate-500"}`}
                  >
                    {r.before ?? "—"}
                  </td>
                )}
                <td className={r.changed ? "font-semibold text-emerald-700 dark:text-emerald-400" : ""}>
                  {r.after ?? "—"}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {parentConfig && (
        <button
          type="button"
          className="mt-1 text-[11px] text-emerald-700 underline dark:text-emerald-400"
          onClick={() => setAll(!all)}
        >
          {all ? "show changes only" : `show all ${rows.length} keys`}
        </button>
      )}
    </Section>
  );
}

function DryRunLine({ dry }: { dry: NonNullable<NonNullable<DetailNode["report"]>["dryRun"]> }) {
  const bad = dry.rows === 0 || dry.testOverlap > 0;
  return (
    <p
      data-testid="dry-run"
      className={`mb-1 rounded px-2 py-1 text-[11px] ${bad ? "bg-rose-50 text-rose-800 dark:bg-rose-950 dark:text-rose-200" : "bg-slate-50 text-slate-600 dark:bg-slate-800 dark:text-slate-300"}`}
    >
      {dry.error
        ? `Dry-run before dispatch could not run: ${dry.error}`
        : `Dry-run before dispatch (no training, ${dry.seconds.toFixed(1)} s): ${dry.rows.toLocaleString("en")} training rows left` +
          (dry.testOverlap > 0
            ? `, ${dry.testOverlap.toLocaleString("en")} of them test inputs: the recipe leaks the test split`
            : `, none of them among the ${dry.testRows.toLocaleString("en")} test inputs`) +
          (dry.rows === 0 ? ": nothing to train on" : "")}
    </p>
  );
}

export function RecipeSection({ node, parentOps }: { node: DetailNode; parentOps: unknown[] | null }) {
  const rows = recipeRows(parentOps, node.recipe.operators);
  // the run's own counts once it ran; before that, the Executor's dry-run of the recipe (no training)
  const ran = node.report?.recipeReport ?? [];
  const dry = ran.length === 0 ? node.report?.dryRun : undefined;
  const report = ran.length > 0 ? ran : (dry?.steps ?? []);
  const parentCode = ((parentOps ?? []) as RecipeOperator[]).filter(isCodeStep);
  const ownCode = node.recipe.operators.filter(isCodeStep);
  const newCode = newCodeSteps(node.recipe, parentOps ? { operators: parentOps as RecipeOperator[] } : null);
  const codeOf = (op: RecipeOperator): CodeStep | null => (isCodeStep(op) ? op : null);
  return (
    <Section
      title="Data recipe"
      testId="recipe-section"
      right={<span className="text-slate-500">{rows.length} operators</span>}
    >
      {newCode.length > 0 && node.status === "awaiting_review" && (
        <p
          data-testid="code-review-note"
          className="mb-1 rounded bg-amber-50 px-2 py-1 text-[11px] text-amber-900 dark:bg-amber-950 dark:text-amber-200"
        >
          This recipe runs code its parent did not: it waits for a reviewer in every approval mode. Read the code, its
          diff and the dry-run&apos;s samples before approving.
        </p>
      )}
      {dry && <DryRunLine dry={dry} />}
      <ol className="space-y-1 text-[11px]">
        {rows.map((r) => {
          const step = report[r.index];
          const op = node.recipe.operators[r.index];
          const code = op ? codeOf(op) : null;
          return (
            <li
              key={r.index}
              className={`rounded border px-2 py-1 ${r.added ? "border-emerald-400 bg-emerald-50 dark:border-emerald-800 dark:bg-emerald-950/40" : "border-slate-200 dark:border-slate-800"}`}
            >
              <div className="flex items-center gap-2">
                <span className="font-mono text-slate-500">{r.index + 1}.</span>
                <code className="min-w-0 flex-1 break-all">
                  {code ? `python code step (${code.timeoutSeconds} s, ${code.memoryMiB} MiB)` : r.text}
                </code>
                {r.added && (
                  <span className="rounded bg-emerald-600 px-1 text-[9px] font-semibold uppercase text-white">new</span>
                )}
              </div>
              {code && (
                <CodeStepView
                  code={code.code}
                  description={code.description}
                  limits={`at most ${code.timeoutSeconds} s of CPU and ${code.memoryMiB} MiB of memory`}
                  parentCode={parentOps === null ? null : (parentCode[ownCode.indexOf(code)]?.code ?? null)}
                />
              )}
              {step && (
                <div className="mt-0.5 text-slate-500" data-testid="operator-count">
                  {step.rowsIn.toLocaleString("en")} →{" "}
                  <span className="font-semibold text-slate-700 dark:text-slate-300">
                    {step.rowsOut.toLocaleString("en")}
                  </span>{" "}
                  rows
                  {step.rowsOut !== step.rowsIn &&
                    ` (${step.rowsOut > step.rowsIn ? "+" : ""}${(step.rowsOut - step.rowsIn).toLocaleString("en")})`}
                </div>
              )}
              {step?.samples && step.samples.length > 0 && (
                <details className="mt-0.5">
                  <summary className="cursor-pointer text-slate-500">{step.samples.length} samples</summary>
                  <ul className="mt-1 space-y-1">
                    {step.samples.slice(0, 5).map((s, i) => (
                      <li key={i} className="rounded bg-slate-50 p-1 dark:bg-slate-800">
                        <div className="truncate" title={s.input}>
                          <span className="text-slate-500">in </span>
                          {s.input}
                        </div>
                        <div className="truncate" title={s.output}>
                          <span className="text-slate-500">out </span>
                          {s.output}
                        </div>
                      </li>
                    ))}
                  </ul>
                </details>
              )}
            </li>
          );
        })}
      </ol>
      {report.length === 0 && (
        <p className="mt-1 text-[11px] text-slate-500">
          Row counts and samples appear once the worker has run the recipe.
        </p>
      )}
    </Section>
  );
}
