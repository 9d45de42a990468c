"use client";

import { useMutation } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Button } from "@/components/ui/button";
import { ErrorNote } from "@/components/ui/section";
import { stripMarkdown } from "./markdown-view";

/** The Researcher's requirement analysis of the goal, before anything is created or run. */
export function PlanPreview({ goal, taskId, datasetId, workspaceId, baseModel }: { goal: string; taskId?: string; datasetId?: string; workspaceId?: string; baseModel: string }) {
  const trpc = useTRPC();
  const preview = useMutation(trpc.agent.previewAnalysis.mutationOptions());
  const data = preview.data;
  const spec = data?.spec;
  const stale = preview.variables !== undefined && (preview.variables.goal !== goal || preview.variables.taskId !== taskId || preview.variables.datasetId !== datasetId);
  return (
    <section className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900" data-testid="plan-preview">
      <div className="flex items-center gap-3">
        <h2 className="text-sm font-semibold">Preview the plan</h2>
        <span className="text-xs text-slate-500">How the Researcher reads the goal: nothing is created or run.</span>
        <Button className="ml-auto" disabled={goal.trim() === "" || preview.isPending} onClick={() => preview.mutate({ goal, taskId, datasetId, workspaceId, baseModel })}>
          {preview.isPending ? "Analysing…" : spec ? "Preview again" : "Preview plan"}
        </Button>
      </div>
      {preview.error && (
        <div className="mt-2">
          <ErrorNote>{preview.error.message}</ErrorNote>
        </div>
      )}
      {spec && (
        <div className={`mt-3 space-y-2 text-sm ${stale ? "opacity-60" : ""}`} data-testid="requirement-analysis">
          {stale && <p className="text-xs text-amber-700 dark:text-amber-400">The goal changed since this preview.</p>}
          <p>{stripMarkdown(spec.summary)}</p>
          <dl className="grid grid-cols-[9rem_1fr] gap-x-3 gap-y-1 text-xs">
            <dt className="text-slate-500">task</dt>
            <dd>
              {spec.taskType}
              {spec.taskId ? ` · ${spec.taskId}` : ""}
              {spec.domain ? ` · ${spec.domain}` : ""}
            </dd>
            <dt className="text-slate-500">metric</dt>
            <dd>
              {spec.metric.name} ({spec.metric.direction} is better)
            </dd>
            <dt className="text-slate-500">success</dt>
            <dd>{spec.successCriterion.text}</dd>
            <dt className="text-slate-500">base model</dt>
            <dd>
              {spec.baseModel.used}
              {spec.baseModel.requested && spec.baseModel.requested !== spec.baseModel.used ? ` (goal asks for ${spec.baseModel.requested})` : ""}
            </dd>
            {spec.constraints.notes.length > 0 && (
              <>
                <dt className="text-slate-500">constraints</dt>
                <dd>{spec.constraints.notes.join("; ")}</dd>
              </>
            )}
            <dt className="text-slate-500">analysed by</dt>
            <dd>
              {spec.analysedBy} · {(data?.tokens ?? 0).toLocaleString("en")} tokens
            </dd>
          </dl>
          {spec.flags.length > 0 && (
            <ul className="list-disc rounded bg-amber-50 py-1 pl-6 pr-2 text-xs text-amber-900 dark:bg-amber-950 dark:text-amber-200">
              {spec.flags.map((f) => (
                <li key={f}>{f}</li>
              ))}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}
