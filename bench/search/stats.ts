/** The search benchmark's statistics: medians and IQRs over seeds, the area under the anytime curve, win rates. */
import type { CurvePoint } from "../../server/domain/leaderboard/leaderboard-entry.ts";
import type { ExplorationResult } from "./explore.ts";

export function quantile(xs: readonly number[], q: number): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return (s[lo] ?? 0) + ((s[hi] ?? 0) - (s[lo] ?? 0)) * (pos - lo);
}

/**
 * The mean best-so-far score over the budget: the area under the step curve from 0 to `budget` compute-seconds,
 * divided by the budget (0 before the first result). Rewards reaching a good score early.
 */
export function normalisedAuc(curve: readonly CurvePoint[], budget: number): number {
  let area = 0;
  for (let i = 0; i < curve.length; i++) {
    const p = curve[i];
    if (!p || p.computeSeconds >= budget) break;
    const until = Math.min(budget, curve[i + 1]?.computeSeconds ?? budget);
    area += p.best * (until - p.computeSeconds);
  }
  return area / budget;
}

/** Two-sided exact sign test: the probability of a split at least this uneven under a fair coin (ties dropped). */
export function signTest(wins: number, losses: number): number {
  const n = wins + losses;
  if (n === 0) return 1;
  const k = Math.min(wins, losses);
  let p = 0;
  let c = 1; // C(n, 0)
  for (let i = 0; i <= k; i++) {
    p += c;
    c = (c * (n - i)) / (i + 1);
  }
  return Math.min(1, (2 * p) / 2 ** n);
}

const TIE = 1e-9;
const f3 = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : "—");
const unique = <T>(xs: readonly T[]) => [...new Set(xs)];

export interface Summary {
  task: string;
  method: string;
  seeds: number;
  best: [number, number, number];
  auc: [number, number, number];
  test: number;
  trainingRuns: number;
  computeSeconds: number;
  reuseSavedSeconds: number;
}

const iqr = (xs: number[]): [number, number, number] => [quantile(xs, 0.5), quantile(xs, 0.25), quantile(xs, 0.75)];

export function summarise(results: readonly ExplorationResult[], budget: number): Summary[] {
  const out: Summary[] = [];
  for (const task of unique(results.map((r) => r.task)))
    for (const method of unique(results.map((r) => r.method))) {
      const rs = results.filter((r) => r.task === task && r.method === method);
      if (rs.length === 0) continue;
      const tests = rs.map((r) => r.bestTest).filter((x): x is number => x !== null);
      out.push({
        task,
        method,
        seeds: rs.length,
        best: iqr(rs.map((r) => r.best)),
        auc: iqr(rs.map((r) => normalisedAuc(r.curve, budget))),
        test: quantile(tests, 0.5),
        trainingRuns: quantile(
          rs.map((r) => r.trainingRuns),
          0.5,
        ),
        computeSeconds: quantile(
          rs.map((r) => r.computeSeconds),
          0.5,
        ),
        reuseSavedSeconds: quantile(
          rs.map((r) => r.reuseSavedSeconds),
          0.5,
        ),
      });
    }
  return out;
}

export function perTaskTable(rows: readonly Summary[]): string {
  const lines = [
    "| task | method | seeds | best val, median [IQR] | anytime AUC, median [IQR] | test of chosen node (median) | training runs | compute (s) | saved by reuse (s) |",
    "|---|---|---|---|---|---|---|---|---|",
  ];
  for (const s of rows)
    lines.push(
      `| ${s.task} | ${s.method} | ${s.seeds} | ${f3(s.best[0])} [${f3(s.best[1])}, ${f3(s.best[2])}] | ${f3(s.auc[0])} [${f3(s.auc[1])}, ${f3(s.auc[2])}] | ${f3(s.test)} | ${s.trainingRuns} | ${Math.round(s.computeSeconds)} | ${Math.round(s.reuseSavedSeconds)} |`,
    );
  return `${lines.join("\n")}\n`;
}

export interface Pairwise {
  a: string;
  b: string;
  wins: number;
  ties: number;
  losses: number;
  p: number;
}

/** Paired by (task, seed): a wins when its final best validation score is higher. */
export function pairwise(results: readonly ExplorationResult[], a: string, b: string): Pairwise {
  const of = (m: string) => new Map(results.filter((r) => r.method === m).map((r) => [`${r.task}\u0000${r.seed}`, r]));
  const ra = of(a);
  const rb = of(b);
  let wins = 0;
  let ties = 0;
  let losses = 0;
  for (const [k, x] of ra) {
    const y = rb.get(k);
    if (!y) continue;
    if (Math.abs(x.best - y.best) <= TIE) ties++;
    else if (x.best > y.best) wins++;
    else losses++;
  }
  return { a, b, wins, ties, losses, p: signTest(wins, losses) };
}

/** Every method in `from` against every method in `against`. */
export function pairwiseTable(
  results: readonly ExplorationResult[],
  from: readonly string[],
  against: readonly string[],
): string {
  const lines = [
    "| method | vs | wins | ties | losses | win rate (ties half) | sign test p |",
    "|---|---|---|---|---|---|---|",
  ];
  for (const a of from)
    for (const b of against) {
      if (a === b) continue;
      const w = pairwise(results, a, b);
      const n = w.wins + w.ties + w.losses;
      if (n === 0) continue;
      lines.push(
        `| ${a} | ${b} | ${w.wins} | ${w.ties} | ${w.losses} | ${f3((w.wins + w.ties / 2) / n)} | ${w.p.toFixed(3)} |`,
      );
    }
  return `${lines.join("\n")}\n`;
}

/** Per task: does `method`'s median final best beat, tie or lose to each rival's? */
export function verdictTable(rows: readonly Summary[], method: string, rivals: readonly string[]): string {
  const lines = [
    `| task | ${method} median | ${rivals.map((r) => `vs ${r}`).join(" | ")} |`,
    `|---|---|${rivals.map(() => "---").join("|")}|`,
  ];
  const score = (task: string, m: string) => rows.find((s) => s.task === task && s.method === m)?.best[0];
  let beatsAll = 0;
  const tasks = unique(rows.map((s) => s.task));
  for (const task of tasks) {
    const mine = score(task, method);
    if (mine === undefined) continue;
    const cells = rivals.map((r) => {
      const theirs = score(task, r);
      if (theirs === undefined) return "—";
      const d = mine - theirs;
      return `${Math.abs(d) <= 0.0005 ? "tie" : d > 0 ? "win" : "loss"} (${d >= 0 ? "+" : ""}${d.toFixed(3)})`;
    });
    if (cells.every((c) => c.startsWith("win"))) beatsAll++;
    lines.push(`| ${task} | ${f3(mine)} | ${cells.join(" | ")} |`);
  }
  lines.push("");
  lines.push(
    `${method} beats every one of ${rivals.join(", ")} (median over seeds) on ${beatsAll} of ${tasks.length} tasks.`,
  );
  return `${lines.join("\n")}\n`;
}
