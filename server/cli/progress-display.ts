/** Terminal progress: one line per state change, and a redrawn bar for the node that is training. */
import { isRunOutcome } from "../contract/statuses.ts";
import type { ExplorationEvent, NodeProgress } from "../contract/event-types.ts";

export class ProgressDisplay {
  private barShown = false;

  constructor(private readonly out: NodeJS.WriteStream) {}

  private clearBar(): void {
    if (this.barShown && this.out.isTTY) this.out.write("\r\x1b[2K");
    this.barShown = false;
  }

  event(e: ExplorationEvent): void {
    const p = e.payload;
    let line: string | null = null;
    if (e.type === "node.created")
      line = `+ node #${String(p.ordinal)} (round ${String(p.round)}, ${String(p.direction)}): ${String(p.title)}`;
    else if (e.type === "node.status" && isRunOutcome(String(p.to)))
      line = `  ${String(p.to).padEnd(9)} ${e.nodeId ?? ""} score ${typeof p.score === "number" ? p.score.toFixed(4) : "—"}${p.error ? ` (${String(p.error)})` : ""}${p.reusedFromId ? " [reused]" : ""}`;
    else if (e.type === "exploration.selected") line = `> round ${String(p.round)}: ${String(p.reason)}`;
    else if (e.type === "exploration.status")
      line = `= exploration ${String(p.to)}${p.reason ? `: ${String(p.reason)}` : ""}`;
    if (!line) return;
    this.clearBar();
    this.out.write(`${line}\n`);
  }

  progress(p: NodeProgress): void {
    if (!this.out.isTTY) return;
    const width = 30;
    const filled = Math.round(p.progress * width);
    this.out.write(
      `\r\x1b[2K  [${"#".repeat(filled)}${"-".repeat(width - filled)}] step ${p.step}/${p.totalSteps} loss ${p.loss?.toFixed(4) ?? "—"}`,
    );
    this.barShown = true;
  }

  finish(): void {
    this.clearBar();
  }
}
