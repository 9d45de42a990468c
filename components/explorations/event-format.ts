/** Pure: one line of text for each kind of exploration event (the timeline). */
import type { ExplorationEvent } from "@/server/contract/event-types";
import { formatScore } from "@/components/format";

export type Tone = "neutral" | "good" | "bad" | "warn" | "info";

export interface EventLine {
  text: string;
  tone: Tone;
}

const s = (v: unknown): string => (typeof v === "string" ? v.replaceAll("_", " ") : "");
const score = (v: unknown): string => formatScore(typeof v === "number" ? v : null);

export function describeEvent(e: ExplorationEvent, ordinalOf: (nodeId: string) => number | undefined): EventLine {
  const p = e.payload;
  const ord = e.nodeId ? ordinalOf(e.nodeId) : undefined;
  const node = ord === undefined ? "a node" : `#${ord}`;
  switch (e.type) {
    case "exploration.created":
      return { text: `Exploration created on ${s(p.taskId)}`, tone: "info" };
    case "exploration.status":
      return {
        text: `Exploration ${s(p.from)} → ${s(p.to)}${p.reason ? `: ${s(p.reason)}` : ""}`,
        tone: p.to === "failed" ? "bad" : p.to === "finished" ? "good" : "warn",
      };
    case "exploration.selected":
      return {
        text: `Round ${typeof p.round === "number" ? p.round : "?"}: expanding ${node}${p.reason ? ` (${s(p.reason)})` : ""}`,
        tone: "info",
      };
    case "exploration.test_revealed":
      return { text: "Test scores revealed by a reviewer (audited)", tone: "warn" };
    case "exploration.budget":
      return { text: "Budget changed", tone: "warn" };
    case "node.created":
      return { text: `${node} proposed: ${s(p.title)}`, tone: "neutral" };
    case "node.status": {
      const to = s(p.to);
      const tone: Tone =
        p.to === "succeeded"
          ? "good"
          : p.to === "failed"
            ? "bad"
            : p.to === "pruned" || p.to === "cancelled"
              ? "warn"
              : "neutral";
      const extra = p.to === "succeeded" ? ` · score ${score(p.score)}` : p.reason ? ` · ${s(p.reason)}` : "";
      return { text: `${node} ${s(p.from)} → ${to}${extra}`, tone };
    }
    case "node.result":
      return { text: `${node} evaluated: validation ${score(p.score)}`, tone: "good" };
    case "node.pruned": {
      const count = Array.isArray(p.changed) ? p.changed.length : 0;
      const reason = typeof p.reason === "string" ? p.reason : "";
      return {
        text: `${node} pruned by a reviewer (${count} node${count === 1 ? "" : "s"}): “${reason}”`,
        tone: "warn",
      };
    }
    case "node.unpruned":
      return {
        text: `Prune of ${node} undone by a reviewer (${typeof p.restored === "number" ? p.restored : "?"} restored)`,
        tone: "info",
      };
    case "node.edited":
      return { text: `${node} edited by a reviewer${p.title ? `: ${s(p.title)}` : ""}`, tone: "info" };
    case "insight.created":
      return { text: `Insight: ${s(p.text) || "new lesson distilled"}`, tone: "info" };
    case "budget.spent":
      return { text: `Budget spent${p.reason ? `: ${s(p.reason)}` : ""}`, tone: "warn" };
    default:
      return { text: e.type, tone: "neutral" };
  }
}
