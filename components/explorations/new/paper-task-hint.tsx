/** What a paper task needs: its data as a dataset, scored as TREX scores it, and what the paper reported. */
import { findFtBenchTask, PAPER_REFERENCE } from "@/server/domain/tasks/ftbench-tasks";

export function PaperTaskHint({ taskId }: { taskId: string }) {
  const t = findFtBenchTask(taskId);
  if (!t) return null;
  return (
    <p className="text-xs text-slate-500" data-testid="paper-task-hint">
      Paper: {t.paperBest} {t.metric} on {PAPER_REFERENCE.baseModel} (secondary sources). Scored here as {t.scoredAs} on
      the whole validation and test splits. Its data comes as a dataset: fetch it with{" "}
      <code>npm run trex -- ftbench fetch --task {t.id}</code> (a local copy with <code>--from DIR</code>, or the Hub
      when reachable), or upload its splits below. Data whose content hash matches the official splits recorded here is
      ranked under {t.name}; other data is ranked apart as modified.
    </p>
  );
}
