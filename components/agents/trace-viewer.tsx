"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/components/providers/trpc-provider";
import { formatTokens, TRACE_KIND_COLOURS, TRACE_KIND_LABELS, traceBody, tracePreview } from "./trace-format";

interface TraceItem {
  id: string;
  agent: string;
  step: string;
  kind: string;
  content: string;
  model: string | null;
  tokensIn: number;
  tokensOut: number;
  createdAt: Date;
}

function TraceEntry({ item }: { item: TraceItem }) {
  const tokens = formatTokens(item.tokensIn, item.tokensOut);
  return (
    <li data-testid="trace-entry" data-kind={item.kind}>
      <details className="rounded border border-slate-200 dark:border-slate-800">
        <summary className="flex cursor-pointer items-center gap-2 px-2 py-1 text-[11px]">
          <span
            className={`rounded px-1 py-0.5 text-[10px] font-medium uppercase ${TRACE_KIND_COLOURS[item.kind] ?? TRACE_KIND_COLOURS.note}`}
          >
            {TRACE_KIND_LABELS[item.kind] ?? item.kind}
          </span>
          <span className="shrink-0 text-slate-500">
            {item.agent} · {item.step}
          </span>
          <span className="truncate">{tracePreview(item.kind, item.content)}</span>
          {tokens && <span className="ml-auto shrink-0 font-mono text-[10px] text-slate-500">{tokens}</span>}
        </summary>
        <div className="border-t border-slate-200 px-2 py-1 dark:border-slate-800">
          <div className="mb-1 text-[10px] text-slate-500">
            {new Date(item.createdAt).toLocaleString()}
            {item.model ? ` · ${item.model}` : ""}
          </div>
          <pre className="max-h-80 overflow-auto whitespace-pre-wrap break-words text-[10px]">
            {traceBody(item.content)}
          </pre>
        </div>
      </details>
    </li>
  );
}

/**
 * Every prompt, response, tool call and tool result behind a node (and the expansion that created it),
 * collapsed by default; pages load only once it is opened.
 */
export function TraceViewer({ nodeId, pageSize = 30 }: { nodeId: string; pageSize?: number }) {
  const trpc = useTRPC();
  const [open, setOpen] = useState(false);
  const traces = useInfiniteQuery({
    ...trpc.agent.traces.infiniteQueryOptions(
      { nodeId, limit: pageSize },
      { getNextPageParam: (last) => last.nextCursor ?? undefined },
    ),
    enabled: open,
  });
  const items = traces.data?.pages.flatMap((p) => p.items) ?? [];
  const total = traces.data?.pages[0]?.total;
  const tokens = items.reduce((s, i) => s + i.tokensIn + i.tokensOut, 0);
  return (
    <details data-testid="trace-viewer" className="text-xs" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary className="cursor-pointer select-none text-slate-600 dark:text-slate-300">
        Agent trace{total !== undefined ? ` · ${total} entr${total === 1 ? "y" : "ies"}` : ""}
        {tokens > 0 ? ` · ${tokens.toLocaleString("en")} tokens shown` : ""}
      </summary>
      <div className="mt-2">
        {traces.isPending && open && <p className="text-slate-500">Loading trace…</p>}
        {traces.isError && <p className="text-rose-600">{traces.error.message}</p>}
        {traces.isSuccess && items.length === 0 && (
          <p className="text-slate-500">No agent activity recorded for this node.</p>
        )}
        <ol className="space-y-1">
          {items.map((item) => (
            <TraceEntry key={item.id} item={item} />
          ))}
        </ol>
        {traces.hasNextPage && (
          <button
            type="button"
            className="mt-2 text-sky-700 hover:underline disabled:opacity-50 dark:text-sky-300"
            disabled={traces.isFetchingNextPage}
            onClick={() => void traces.fetchNextPage()}
          >
            {traces.isFetchingNextPage ? "Loading…" : "Load more"}
          </button>
        )}
      </div>
    </details>
  );
}
