"use client";

import { InsightsList } from "@/components/agents/insights-list";
import { TraceViewer } from "@/components/agents/trace-viewer";
import { Section } from "@/components/ui/section";

/** The agents' side of a node: every prompt, response and tool call behind it. */
export function NodeAgentPanel({ nodeId }: { nodeId: string }) {
  return (
    <Section title="Agent trace" testId="agent-trace-section" open={false}>
      <TraceViewer nodeId={nodeId} />
    </Section>
  );
}

/** Lessons distilled from the exploration so far, each linking to the nodes that support it. */
export function InsightsPanel({
  explorationId,
  onSelectNode,
}: {
  explorationId: string;
  onSelectNode: (id: string) => void;
}) {
  return (
    <div data-testid="insights-panel">
      <h2 className="mb-2 text-[11px] font-semibold uppercase tracking-wide text-slate-500">Insights</h2>
      <InsightsList explorationId={explorationId} onSelectNode={onSelectNode} />
    </div>
  );
}
