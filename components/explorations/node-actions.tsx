"use client";

import { isEditableNode } from "@/server/contract/statuses";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Button, Kbd } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { ErrorNote } from "@/components/ui/section";
import { AddChildForm } from "./add-child-form";
import type { DetailNode, NodeDetail } from "./inspector/types";
import { NodeEditor } from "./node-editor";

export type EditMode = "edit" | "child" | null;
export interface ReviewCommand {
  kind: "approve" | "prune";
  /** the node the key was pressed for: a command never carries over to the next selection */
  nodeId: string;
  nonce: number;
}

/**
 * Reviewer actions for one node: approve, edit (config and recipe), prune its subtree (asking why), undo that
 * prune, retry, add a child, fork.
 */
export function NodeActions({
  node,
  prune: pruneRecord,
  mode,
  onMode,
  command,
}: {
  node: DetailNode;
  /** the prune this node is under, if any */
  prune: NodeDetail["prune"];
  mode: EditMode;
  onMode: (m: EditMode) => void;
  command: ReviewCommand | null;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: trpc.node.detail.queryKey({ id: node.id }) });
    void queryClient.invalidateQueries({ queryKey: trpc.exploration.tree.queryKey({ id: node.explorationId }) });
  };
  const approve = useMutation(trpc.node.approve.mutationOptions({ onSettled: refresh }));
  const [asking, setAsking] = useState(false);
  const prune = useMutation(trpc.node.prune.mutationOptions({ onSettled: refresh, onSuccess: () => setAsking(false) }));
  const undoPrune = useMutation(trpc.node.undoPrune.mutationOptions({ onSettled: refresh }));
  const retry = useMutation(trpc.node.retry.mutationOptions({ onSettled: refresh }));
  const addChild = useMutation(
    trpc.node.addChild.mutationOptions({ onSettled: refresh, onSuccess: () => onMode(null) }),
  );
  const fork = useMutation(trpc.ui.fork.mutationOptions({ onSuccess: ({ id }) => router.push(`/explorations/${id}`) }));
  // the newest version this reviewer has seen: a detail fetch that started before an edit may land after it
  const seenVersion = useRef(0);
  const version = Math.max(node.version, seenVersion.current);
  const edit = useMutation(
    trpc.node.edit.mutationOptions({
      onSettled: refresh,
      onSuccess: async (updated) => {
        seenVersion.current = updated.version;
        // the next action must carry the new version at once, not after a refetch
        const key = trpc.node.detail.queryKey({ id: node.id });
        await queryClient.cancelQueries({ queryKey: key });
        queryClient.setQueryData(key, (old) => (old ? { ...old, node: updated } : old));
        onMode(null);
      },
    }),
  );

  // one action at a time: an approve sent while an edit is in flight would carry the old version
  const busy =
    approve.isPending ||
    prune.isPending ||
    undoPrune.isPending ||
    retry.isPending ||
    edit.isPending ||
    addChild.isPending;
  const canApprove = node.status === "awaiting_review";
  const canPrune = node.parentId !== null && node.status !== "pruned";
  const canEdit = isEditableNode(node.status);
  const canRetry = node.status === "failed" || node.status === "cancelled";
  const canAddChild = node.status === "succeeded";
  const canUndoPrune = pruneRecord?.prunedNodeId === node.id;

  // keyboard shortcuts arrive as commands; each nonce runs once
  const handled = useRef(0);
  useEffect(() => {
    if (!command || command.nodeId !== node.id || command.nonce === handled.current || busy) return;
    handled.current = command.nonce;
    if (command.kind === "approve" && canApprove) approve.mutate({ id: node.id, version });
    if (command.kind === "prune" && canPrune) setAsking(true);
  }, [command, canApprove, canPrune, approve, node.id, version, busy]);

  const error =
    approve.error ?? prune.error ?? undoPrune.error ?? retry.error ?? edit.error ?? addChild.error ?? fork.error;
  return (
    <div className="space-y-2 px-4 pb-3" data-testid="node-actions">
      <div className="flex flex-wrap gap-1.5">
        {canApprove && (
          <Button
            variant="primary"
            disabled={busy}
            onClick={() => approve.mutate({ id: node.id, version })}
            title="Approve (a)"
          >
            Approve <Kbd>a</Kbd>
          </Button>
        )}
        {canEdit && (
          <Button
            onClick={() => onMode(mode === "edit" ? null : "edit")}
            aria-expanded={mode === "edit"}
            title="Edit (e)"
          >
            Edit config &amp; recipe <Kbd>e</Kbd>
          </Button>
        )}
        {canRetry && (
          <Button disabled={busy} onClick={() => retry.mutate({ id: node.id, version })}>
            Retry
          </Button>
        )}
        {canAddChild && (
          <Button onClick={() => onMode(mode === "child" ? null : "child")} aria-expanded={mode === "child"}>
            Add child
          </Button>
        )}
        <Button
          disabled={fork.isPending}
          onClick={() => fork.mutate({ nodeId: node.id })}
          title="Start a new exploration from this experiment"
        >
          {fork.isPending ? "Forking…" : "Fork"}
        </Button>
        {canPrune && (
          <Button variant="danger" disabled={busy} onClick={() => setAsking(true)} title="Prune subtree (p)">
            Prune subtree <Kbd>p</Kbd>
          </Button>
        )}
        {canUndoPrune && (
          <Button
            disabled={busy}
            onClick={() => undoPrune.mutate({ id: node.id, version })}
            title={pruneRecord.undoProblem ?? "Put back every node this prune changed"}
          >
            {undoPrune.isPending ? "Undoing…" : "Undo prune"}
          </Button>
        )}
      </div>
      {asking && canPrune && (
        <ConfirmDialog
          title={`Prune #${node.ordinal} and everything under it?`}
          confirmLabel={prune.isPending ? "Pruning…" : "Prune subtree"}
          reasonLabel="Why? (kept with the prune, shown on the node and in the timeline)"
          reasonPlaceholder="e.g. duplicates #3; the learning rate is far outside what worked"
          busy={prune.isPending}
          onCancel={() => {
            prune.reset();
            setAsking(false);
          }}
          onConfirm={(reason) => prune.mutate({ id: node.id, version, reason })}
        >
          Queued and running jobs under it are cancelled. The prune can be undone while nothing under #{node.ordinal}{" "}
          has run.
          {prune.error && <ErrorNote>{prune.error.message}</ErrorNote>}
        </ConfirmDialog>
      )}
      {mode === "edit" && canEdit && (
        <NodeEditor
          key={node.version}
          initial={{ title: node.plan.title, config: node.config, recipe: node.recipe }}
          busy={edit.isPending}
          onCancel={() => onMode(null)}
          onSave={(e) => edit.mutate({ id: node.id, version, title: e.title, config: e.config, recipe: e.recipe })}
        />
      )}
      {mode === "child" && canAddChild && (
        <AddChildForm
          from={{ config: node.config, recipe: node.recipe, ordinal: node.ordinal }}
          busy={addChild.isPending}
          onCancel={() => onMode(null)}
          onSubmit={(c) => addChild.mutate({ parentId: node.id, ...c })}
        />
      )}
      {error && <ErrorNote>{error.message}</ErrorNote>}
    </div>
  );
}
