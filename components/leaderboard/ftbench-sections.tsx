"use client";
/**
 * The paper's tasks on the board: per task, the paper's reported score as a reference row, then the entries on the
 * task's official data (or, in the modified section, on other data), each with its distance to the paper.
 */
import type { inferRouterOutputs } from "@trpc/server";
import { EntryTitle } from "./entry-title";
import { formatCompute, formatDuration, formatScore, formatScoreDelta } from "@/components/format";
import type { AppRouter } from "@/server/api/root";

type Board = inferRouterOutputs<AppRouter>["leaderboard"]["board"];
type Group = Board["official"][number];
type Entry = Group["entries"][number];

const num = "text-right font-mono";

function EntryRow({ e, rank, onExport }: { e: Entry; rank: number; onExport: (explorationId: string) => void }) {
  const ended = !e.provisional && e.explorationId !== null && e.importedFrom === null;
  return (
    <tr className="border-t border-slate-200 dark:border-slate-800" data-testid="board-entry">
      <td className="py-1.5 text-slate-500">{rank}</td>
      <td>
        <EntryTitle e={e} />
        {e.dataNote && (
          <span className="block text-[11px] text-amber-700 dark:text-amber-400" data-testid="data-note">
            {e.dataStatus} data: {e.dataNote}
          </span>
        )}
      </td>
      <td>{e.baseModel}</td>
      <td>{e.method}</td>
      <td className={num}>{formatScore(e.score)}</td>
      <td className={num} title="the test score of the node chosen on validation">
        {formatScore(e.testScore)}
      </td>
      <td className={num} data-testid="to-reference">
        {e.toReference === null ? "—" : formatScoreDelta(e.toReference)}
      </td>
      <td className={`${num} ${e.gain >= 0 ? "text-emerald-600" : "text-rose-600"}`}>{formatScoreDelta(e.gain)}</td>
      <td className={num}>{formatCompute(e.computeSeconds)}</td>
      <td className={num}>{e.tokens.toLocaleString("en")}</td>
      <td className={num}>{formatDuration(e.timeToBestSeconds)}</td>
      <td className="text-right">
        {ended && e.explorationId && (
          <button
            type="button"
            className="rounded border border-slate-300 px-1.5 text-[11px] dark:border-slate-700"
            onClick={() => onExport(e.explorationId ?? "")}
            aria-label={`Export entry ${e.title}`}
          >
            Export
          </button>
        )}
      </td>
    </tr>
  );
}

function TaskTable({ group, onExport }: { group: Group; onExport: (explorationId: string) => void }) {
  const ref = group.reference;
  return (
    <div
      className="rounded-lg border border-slate-200 bg-white p-3 dark:border-slate-800 dark:bg-slate-900"
      data-testid={`board-task-${group.taskId}`}
    >
      <h3 className="text-sm font-semibold">
        {group.name} <span className="font-normal text-slate-500">· {group.metric}</span>
      </h3>
      <table className="mt-1 w-full table-fixed text-sm [&_td]:px-2 [&_th]:px-2">
        <colgroup>
          <col className="w-10" />
          <col />
          <col className="w-28" />
          <col className="w-16" />
          <col className="w-16" />
          <col className="w-16" />
          <col className="w-20" />
          <col className="w-16" />
          <col className="w-20" />
          <col className="w-20" />
          <col className="w-20" />
          <col className="w-16" />
        </colgroup>
        <thead className="text-left text-[11px] uppercase text-slate-500">
          <tr>
            <th>#</th>
            <th>Exploration</th>
            <th>Base model</th>
            <th>Method</th>
            <th className="text-right">Val</th>
            <th className="text-right">Test</th>
            <th className="text-right">Δ paper</th>
            <th className="text-right">Gain</th>
            <th className="text-right">Compute</th>
            <th className="text-right">Tokens</th>
            <th className="text-right">To best</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {ref && (
            <tr className="bg-slate-50 italic dark:bg-slate-800/50" data-testid="reference-row">
              <td className="py-1.5 text-slate-500">ref</td>
              <td title={ref.source}>
                Paper: TREX best ({ref.reported}) · base model{" "}
                {ref.baseline === null ? "not reported" : formatScore(ref.baseline)}
                <span className="block text-[11px] not-italic text-slate-500">source: {ref.source}</span>
                {ref.note && <span className="block text-[11px] not-italic text-amber-700">{ref.note}</span>}
              </td>
              <td>{ref.baseModel}</td>
              <td className="text-slate-500">—</td>
              <td className={num}>—</td>
              <td className={num}>{formatScore(ref.score)}</td>
              <td className={num}>—</td>
              <td className={num}>{ref.baseline === null ? "—" : formatScoreDelta(ref.score - ref.baseline)}</td>
              <td colSpan={3} className="text-right text-xs text-slate-500">
                cost not reported
              </td>
              <td />
            </tr>
          )}
          {group.entries.map((e, i) => (
            <EntryRow key={e.id} e={e} rank={i + 1} onExport={onExport} />
          ))}
          {group.entries.length === 0 && (
            <tr>
              <td colSpan={12} className="py-1.5 text-xs text-slate-500">
                No entry on this data yet.
              </td>
            </tr>
          )}
        </tbody>
      </table>
      {group.notes.map((n) => (
        <p key={n} className="mt-1 text-xs text-amber-700 dark:text-amber-400" data-testid="group-note">
          Not like for like: {n}
        </p>
      ))}
    </div>
  );
}

export function FtBenchSections({ board, onExport }: { board: Board; onExport: (explorationId: string) => void }) {
  return (
    <>
      <section className="space-y-3" data-testid="board-official">
        <h2 className="text-sm font-semibold uppercase tracking-wide text-slate-500">
          FT-Bench: the paper&apos;s tasks, official data, beside the paper&apos;s numbers
        </h2>
        {board.official.map((g) => (
          <TaskTable key={g.taskId} group={g} onExport={onExport} />
        ))}
      </section>
      {board.modified.length > 0 && (
        <section className="space-y-3" data-testid="board-modified">
          <h2 className="text-sm font-semibold uppercase tracking-wide text-slate-500">
            FT-Bench tasks on modified or unrecognised data (ranked apart)
          </h2>
          {board.modified.map((g) => (
            <TaskTable key={g.taskId} group={g} onExport={onExport} />
          ))}
        </section>
      )}
    </>
  );
}
