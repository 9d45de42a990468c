/** Pure: one line of text for each kind of exploration event (the timeline). */
import type { ExplorationEvent } from "@/server/contract/event-types";
import { formatScore } from "@/components/format";

export type Tone = "neutral" | "good" | "bad" | "warn" | "info";

export interface EventLine {
  text: string;
  tone: Tone;
}

const s = (v: string | null | undefined): string => (v ?? "").replaceAll("_", " ");

export function describeEvent(e: ExplorationEvent, ordinalOf: (nodeId: string) => number | undefined): EventLine {
  const ord = e.nodeId ? ordinalOf(e.nodeId) : undefined;
  const node = ord === undefined ? "a node" : `#${ord}`;
  switch (e.type) {
    case "exploration.created":
      return { text: `Exploration created on ${s(e.payload.taskId)}`, tone: "info" };
    case "exploration.status": {
      const p = e.payload;
      return {
        text: `Exploration ${s(p.from)} → ${s(p.to)}${p.reason ? `: ${s(p.reason)}` : ""}`,
        tone: p.to === "failed" ? "bad" : p.to === "finished" ? "good" : "warn",
      };
    }
    case "exploration.selected":
      return {
        text: `Round ${e.payload.round}: expanding ${node}${e.payload.reason ? ` (${s(e.payload.reason)})` : ""}`,
        tone: "info",
      };
    case "exploration.test_revealed":
      return { text: "Test scores revealed by a reviewer (audited)", tone: "warn" };
    case "exploration.budget":
      return { text: "Budget changed", tone: "warn" };
    case "node.created":
      return { text: `${node} proposed: ${s(e.payload.title)}`, tone: "neutral" };
    case "node.status": {
      const p = e.payload;
      const tone: Tone =
        p.to === "succeeded"
          ? "good"
          : p.to === "failed"
            ? "bad"
            : p.to === "pruned" || p.to === "cancelled"
              ? "warn"
              : "neutral";
      const extra = p.to === "succeeded" ? ` · score ${formatScore(p.score)}` : p.reason ? ` · ${s(p.reason)}` : "";
      return { text: `${node} ${s(p.from)} → ${s(p.to)}${extra}`, tone };
    }
    case "node.result":
      return { text: `${node} evaluated: validation ${formatScore(e.payload.score)}`, tone: "good" };
    case "node.pruned": {
      const count = e.payload.changed.length;
      return {
        text: `${node} pruned by a reviewer (${count} node${count === 1 ? "" : "s"}): “${e.payload.reason}”`,
        tone: "warn",
      };
    }
    case "node.unpruned":
      return { text: `Prune of ${node} undone by a reviewer (${e.payload.restored} restored)`, tone: "info" };
    case "node.edited":
      return { text: `${node} edited by a reviewer${e.payload.title ? `: ${s(e.payload.title)}` : ""}`, tone: "info" };
    case "insight.created":
      return { text: `Insight: ${s(e.payload.text) || "new lesson distilled"}`, tone: "info" };
    case "budget.spent":
      return { text: `Budget spent${e.payload.reason ? `: ${s(e.payload.reason)}` : ""}`, tone: "warn" };
  }
}
