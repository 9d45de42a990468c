"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/components/providers/trpc-provider";
import { trainingConfigSchema, type TrainingConfig } from "@/server/runners/protocol";

interface ActionNode {
  id: string;
  explorationId: string;
  status: string;
  version: number;
  parentId: string | null;
  config: TrainingConfig;
}

const button = "rounded border px-2 py-1 text-xs font-medium disabled:opacity-40";

/** Reviewer actions for one node: approve, edit (before it runs), prune its subtree, retry. */
export function NodeActions({ node }: { node: ActionNode }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: trpc.node.detail.queryKey({ id: node.id }) });
    void queryClient.invalidateQueries({ queryKey: trpc.exploration.tree.queryKey({ id: node.explorationId }) });
  };
  const approve = useMutation(trpc.node.approve.mutationOptions({ onSettled: refresh }));
  const prune = useMutation(trpc.node.prune.mutationOptions({ onSettled: refresh }));
  const retry = useMutation(trpc.node.retry.mutationOptions({ onSettled: refresh }));
  const edit = useMutation(
    trpc.node.edit.mutationOptions({
      onSettled: refresh,
      onSuccess: (updated) => {
        // the next action must carry the new version at once, not after a refetch
        queryClient.setQueryData(trpc.node.detail.queryKey({ id: node.id }), (old) => (old ? { ...old, node: updated } : old));
        setEditing(false);
      },
    }),
  );
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState("");
  const [draftError, setDraftError] = useState<string | null>(null);

  const editable = ["proposed", "awaiting_review", "approved"].includes(node.status);
  const error = approve.error ?? prune.error ?? retry.error ?? edit.error;

  const startEdit = () => {
    setDraft(JSON.stringify(node.config, null, 2));
    setDraftError(null);
    setEditing(true);
  };
  const saveEdit = () => {
    let json: unknown;
    try {
      json = JSON.parse(draft);
    } catch {
      setDraftError("not valid JSON");
      return;
    }
    const parsed = trainingConfigSchema.safeParse(json);
    if (!parsed.success) {
      setDraftError(parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "));
      return;
    }
    setDraftError(null);
    edit.mutate({ id: node.id, version: node.version, config: parsed.data });
  };

  return (
    <div className="space-y-2 px-4 pb-3">
      <div className="flex flex-wrap gap-2">
        {node.status === "awaiting_review" && (
          <button className={`${button} border-emerald-600 bg-emerald-600 text-white`} onClick={() => approve.mutate({ id: node.id, version: node.version })}>
            Approve
          </button>
        )}
        {editable && (
          <button className={`${button} border-slate-300 dark:border-slate-700`} onClick={startEdit}>
            Edit config
          </button>
        )}
        {(node.status === "failed" || node.status === "cancelled") && (
          <button className={`${button} border-slate-300 dark:border-slate-700`} onClick={() => retry.mutate({ id: node.id, version: node.version })}>
            Retry
          </button>
        )}
        {node.parentId !== null && node.status !== "pruned" && (
          <button className={`${button} border-rose-300 text-rose-700 dark:border-rose-800 dark:text-rose-300`} onClick={() => prune.mutate({ id: node.id, version: node.version })}>
            Prune subtree
          </button>
        )}
      </div>
      {editing && (
        <div className="space-y-1">
          <textarea aria-label="Training config JSON" className="h-48 w-full rounded border border-slate-300 bg-white p-1 font-mono text-[11px] dark:border-slate-700 dark:bg-slate-950" value={draft} onChange={(e) => setDraft(e.target.value)} />
          {draftError && <p role="alert" className="text-xs text-rose-600">{draftError}</p>}
          <div className="flex gap-2">
            <button className={`${button} border-emerald-600 bg-emerald-600 text-white`} onClick={saveEdit} disabled={edit.isPending}>
              Save
            </button>
            <button className={`${button} border-slate-300 dark:border-slate-700`} onClick={() => setEditing(false)}>
              Cancel
            </button>
          </div>
        </div>
      )}
      {error && <p role="alert" className="text-xs text-rose-600">{error.message}</p>}
    </div>
  );
}
