"use client";

import { memo } from "react";
import { EmptyState } from "@/components/ui/section";
import type { ExplorationEvent } from "@/server/contract/event-types";
import { describeEvent, type Tone } from "./event-format";

const dot: Record<Tone, string> = {
  neutral: "bg-slate-400",
  good: "bg-emerald-500",
  bad: "bg-rose-500",
  warn: "bg-amber-500",
  info: "bg-sky-500",
};

function Timeline({
  events,
  ordinals,
  onSelectNode,
}: {
  events: readonly ExplorationEvent[];
  ordinals: ReadonlyMap<string, number>;
  onSelectNode: (id: string) => void;
}) {
  if (events.length === 0) return <EmptyState>No events yet.</EmptyState>;
  const newest = [...events].reverse();
  return (
    <ol className="space-y-0.5 text-xs" data-testid="event-timeline">
      {newest.map((e) => {
        const line = describeEvent(e, (id) => ordinals.get(id));
        const time = new Date(e.createdAt).toLocaleTimeString();
        return (
          <li
            key={e.seq}
            data-testid="timeline-event"
            data-seq={e.seq}
            data-type={e.type}
            className="flex items-start gap-2 rounded px-1 py-0.5 hover:bg-slate-50 dark:hover:bg-slate-800/60"
          >
            <span className={`mt-1.5 inline-block h-2 w-2 shrink-0 rounded-full ${dot[line.tone]}`} />
            <span className="w-16 shrink-0 font-mono text-[10px] leading-5 text-slate-500">{time}</span>
            {e.nodeId && ordinals.has(e.nodeId) ? (
              <button
                type="button"
                className="min-w-0 text-left hover:underline"
                onClick={() => e.nodeId && onSelectNode(e.nodeId)}
              >
                {line.text}
              </button>
            ) : (
              <span className="min-w-0">{line.text}</span>
            )}
          </li>
        );
      })}
    </ol>
  );
}

export const EventTimeline = memo(Timeline);
