"use client";
/** The files of the node's job (checkpoint, result, events, logs), each a download link. Loaded when opened. */
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/components/providers/trpc-provider";
import { EmptyState, Section, Spinner } from "@/components/ui/section";

function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(1)} KiB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GiB`;
}

export function ArtifactsSection({ nodeId, finished }: { nodeId: string; finished: boolean }) {
  const trpc = useTRPC();
  const [open, setOpen] = useState(false);
  const artifacts = useQuery({ ...trpc.node.artifacts.queryOptions({ id: nodeId }), enabled: open });
  return (
    <Section title="Files" open={false} testId="artifacts-section" onToggle={setOpen}>
      {artifacts.isPending ? (
        <Spinner label="Listing the job folder…" />
      ) : artifacts.data && artifacts.data.files.length > 0 && artifacts.data.jobId ? (
        <ul className="space-y-0.5 font-mono text-[11px]">
          {artifacts.data.files.map((f) => (
            <li key={f.path} className="flex gap-2">
              <a
                className="truncate text-emerald-700 underline dark:text-emerald-400"
                href={`/api/artifacts/${artifacts.data.jobId}/${f.path.split("/").map(encodeURIComponent).join("/")}`}
                download
              >
                {f.path}
              </a>
              <span className="ml-auto shrink-0 text-slate-500">{size(f.bytes)}</span>
            </li>
          ))}
        </ul>
      ) : (
        <EmptyState>
          {artifacts.data?.note ??
            artifacts.error?.message ??
            (finished ? "no files" : "files appear once the job starts")}
        </EmptyState>
      )}
    </Section>
  );
}
