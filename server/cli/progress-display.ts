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
    let line: string | null = null;
    if (e.type === "node.created") {
      const p = e.payload;
      line = `+ node #${p.ordinal} (round ${p.round}, ${p.direction}): ${p.title}`;
    } else if (e.type === "node.status" && isRunOutcome(e.payload.to)) {
      const p = e.payload;
      line = `  ${p.to.padEnd(9)} ${e.nodeId ?? ""} score ${p.score !== null ? p.score.toFixed(4) : "—"}${p.error ? ` (${p.error})` : ""}${p.reusedFromId ? " [reused]" : ""}`;
    } else if (e.type === "exploration.selected") line = `> round ${e.payload.round}: ${e.payload.reason}`;
    else if (e.type === "exploration.status")
      line = `= exploration ${e.payload.to}${e.payload.reason ? `: ${e.payload.reason}` : ""}`;
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
