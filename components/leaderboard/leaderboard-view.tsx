"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type ChangeEvent } from "react";
import { useTRPC } from "@/components/providers/trpc-provider";
import { FTBENCH_TASKS, ftbenchTaskId } from "@/server/domain/tasks/ftbench-tasks";
import { AnytimeChart } from "./anytime-chart";
import { FtBenchSections } from "./ftbench-sections";
import { LeaderboardTable } from "./leaderboard-table";

function download(name: string, text: string, type: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  a.click();
  URL.revokeObjectURL(url);
}

const select = "rounded border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-900";
const button = "rounded border border-slate-300 px-2 py-1 text-xs dark:border-slate-700";

export function LeaderboardView() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const tasks = useQuery(trpc.task.list.queryOptions());
  const me = useQuery(trpc.account.me.queryOptions());
  const [taskId, setTaskId] = useState<string | undefined>(undefined);
  const [baseModel, setBaseModel] = useState<string | undefined>(undefined);
  const board = useQuery(trpc.leaderboard.board.queryOptions({ taskId, baseModel }));
  const curves = useQuery(trpc.leaderboard.curves.queryOptions({ taskId }));
  const [importNote, setImportNote] = useState<{ ok: boolean; text: string } | null>(null);
  // imports land in the first workspace where the caller may add entries
  const importWorkspace = me.data?.workspaces.find((w) => w.role !== "viewer")?.id;
  const importEntry = useMutation(
    trpc.leaderboard.import.mutationOptions({
      onSuccess: (e) => {
        setImportNote({ ok: true, text: `Imported "${e.title}" from ${e.importedFrom ?? "elsewhere"}.` });
        void queryClient.invalidateQueries({ queryKey: trpc.leaderboard.board.queryKey() });
      },
      onError: (e) => setImportNote({ ok: false, text: e.message }),
    }),
  );

  const exportAs = async (format: "csv" | "json") => {
    const text = await queryClient.fetchQuery(trpc.leaderboard.export.queryOptions({ format, taskId }));
    download(
      `trex-leaderboard${taskId ? `-${taskId}` : ""}.${format}`,
      text,
      format === "csv" ? "text/csv" : "application/json",
    );
  };
  const exportEntry = async (explorationId: string) => {
    const record = await queryClient.fetchQuery(trpc.leaderboard.exportEntry.queryOptions({ explorationId }));
    download(`trex-entry-${explorationId}.json`, JSON.stringify(record, null, 2), "application/json");
  };
  const onImportFile = async (ev: ChangeEvent<HTMLInputElement>) => {
    const file = ev.target.files?.[0];
    ev.target.value = "";
    if (!file || !importWorkspace) return;
    let record: unknown;
    try {
      record = JSON.parse(await file.text());
    } catch {
      setImportNote({ ok: false, text: `${file.name} is not JSON: export an entry from a TREX leaderboard.` });
      return;
    }
    importEntry.mutate({ workspaceId: importWorkspace, record });
  };

  const mini = board.data?.mini ?? [];
  return (
    <section className="space-y-6">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-xl font-semibold">FT-Bench leaderboard</h1>
        <select
          aria-label="Task"
          className={select}
          value={taskId ?? ""}
          onChange={(e) => setTaskId(e.target.value || undefined)}
        >
          <option value="">All tasks</option>
          <optgroup label="FT-Bench (the paper's tasks)">
            {FTBENCH_TASKS.map((t) => (
              <option key={t.id} value={ftbenchTaskId(t)}>
                {ftbenchTaskId(t)}
              </option>
            ))}
          </optgroup>
          <optgroup label="FT-Bench-mini">
            {(tasks.data ?? []).map((t) => (
              <option key={t.id} value={t.id}>
                {t.id}
              </option>
            ))}
          </optgroup>
        </select>
        <select
          aria-label="Base model"
          className={select}
          value={baseModel ?? ""}
          onChange={(e) => setBaseModel(e.target.value || undefined)}
        >
          <option value="">All base models</option>
          {(board.data?.baseModels ?? []).map((m) => (
            <option key={m} value={m}>
              {m}
            </option>
          ))}
        </select>
        <div className="ml-auto flex items-center gap-2">
          {importWorkspace && (
            <label className={`${button} cursor-pointer`}>
              Import entry…
              <input
                type="file"
                accept="application/json,.json"
                className="sr-only"
                aria-label="Import entry"
                onChange={(e) => void onImportFile(e)}
              />
            </label>
          )}
          <button className={button} onClick={() => void exportAs("csv")}>
            Export CSV
          </button>
          <button className={button} onClick={() => void exportAs("json")}>
            Export JSON
          </button>
        </div>
      </div>
      {importNote && (
        <p
          role={importNote.ok ? "status" : "alert"}
          className={`text-sm ${importNote.ok ? "text-emerald-700" : "text-rose-600"}`}
          data-testid="import-note"
        >
          {importNote.text}
        </p>
      )}
      {board.isPending ? (
        <p className="text-sm text-slate-500">Loading…</p>
      ) : board.isError ? (
        <p className="text-sm text-rose-600">{board.error.message}</p>
      ) : (
        <>
          {board.data.official.length > 0 && (
            <FtBenchSections board={board.data} onExport={(id) => void exportEntry(id)} />
          )}
          <section className="space-y-2" data-testid="board-mini">
            <h2 className="text-sm font-semibold uppercase tracking-wide text-slate-500">
              FT-Bench-mini (offline tasks)
            </h2>
            {mini.length === 0 ? (
              <p className="rounded border border-dashed border-slate-300 p-8 text-center text-sm text-slate-500 dark:border-slate-700">
                No ranked FT-Bench-mini explorations yet: a finished exploration with a trained node is ranked
                automatically, and a running one shows here, marked provisional, once it has trained a node.
              </p>
            ) : (
              <>
                <LeaderboardTable entries={mini.flatMap((g) => g.entries)} />
                {mini.flatMap((g) =>
                  g.notes.map((n) => (
                    <p key={`${g.taskId}-${n}`} className="text-xs text-amber-700 dark:text-amber-400">
                      {g.taskId}, not like for like: {n}
                    </p>
                  )),
                )}
              </>
            )}
          </section>
        </>
      )}
      <div>
        <h2 className="mb-2 text-sm font-semibold uppercase tracking-wide text-slate-500">
          Best score vs compute (anytime curves)
        </h2>
        <AnytimeChart series={(curves.data ?? []).map((c) => ({ label: c.label, points: c.points }))} />
      </div>
    </section>
  );
}
