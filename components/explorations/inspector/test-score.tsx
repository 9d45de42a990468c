"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/trpc-provider";
import { formatScore } from "@/components/format";

/**
 * The test score of a node, or "sealed" while the exploration runs: the server leaves test scores out until
 * the exploration ends or a reviewer reveals them for the whole exploration (recorded in the audit log).
 */
export function TestScore({
  explorationId,
  sealed,
  testScore,
}: {
  explorationId: string;
  sealed: boolean;
  testScore: number | null;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const reveal = useMutation(
    trpc.exploration.revealTestScores.mutationOptions({
      onSuccess: () => {
        void queryClient.invalidateQueries({ queryKey: trpc.exploration.tree.queryKey({ id: explorationId }) });
        void queryClient.invalidateQueries({ queryKey: trpc.node.detail.pathKey() });
      },
    }),
  );
  if (!sealed)
    return (
      <div className="font-mono text-base font-semibold" data-testid="inspector-test-score">
        {formatScore(testScore)}
      </div>
    );
  const ask = () => {
    if (
      window.confirm(
        "Reveal the test scores of every node in this exploration? Nodes should be chosen by validation; the reveal is recorded in the audit log.",
      )
    )
      reveal.mutate({ id: explorationId });
  };
  return (
    <div
      data-testid="inspector-test-score"
      title="Sealed until the exploration ends, so that nobody picks nodes by test"
    >
      <div className="text-xs font-semibold text-slate-500">sealed</div>
      <button
        type="button"
        onClick={ask}
        disabled={reveal.isPending}
        className="text-[10px] text-sky-700 underline hover:text-sky-900 disabled:opacity-50 dark:text-sky-400"
        data-testid="reveal-test-scores"
      >
        {reveal.isPending ? "revealing…" : "reveal"}
      </button>
      {reveal.isError && <div className="text-[10px] text-rose-600">{reveal.error.message}</div>}
    </div>
  );
}
