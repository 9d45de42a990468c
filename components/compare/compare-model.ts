/** Pure: what differs between two or more nodes (config, recipe), their metrics and error groups in rows. */

const show = (v: unknown): string => (v === undefined ? "–" : typeof v === "string" ? v : JSON.stringify(v));

export interface ValueRow {
  key: string;
  values: string[];
  /** not the same in every node */
  differs: boolean;
}

/** Every key of any config, differing ones first, in their first-seen order. */
export function diffConfigs(configs: readonly Record<string, unknown>[]): ValueRow[] {
  const keys = [...new Set(configs.flatMap((c) => Object.keys(c)))];
  const rows = keys.map((key) => {
    const values = configs.map((c) => show(c[key]));
    return { key, values, differs: new Set(values).size > 1 };
  });
  return [...rows.filter((r) => r.differs), ...rows.filter((r) => !r.differs)];
}

export interface RecipeStep {
  text: string;
  /** every compared node has this exact operator */
  common: boolean;
}

export function recipeColumns(recipes: readonly { operators: readonly unknown[] }[]): RecipeStep[][] {
  const texts = recipes.map((r) => r.operators.map((o) => JSON.stringify(o)));
  return texts.map((ops) => ops.map((text) => ({ text, common: texts.every((other) => other.includes(text)) })));
}

export interface MetricRow {
  label: string;
  values: (number | null)[];
  /** the index of the best value, when the row has a direction and two values differ */
  best: number | null;
  format: "score" | "seconds" | "count" | "loss";
}

export interface ComparedFacts {
  score: number | null;
  testScore: number | null;
  computeSeconds: number;
  tokens: number;
  metrics: Record<string, Record<string, number>> | null;
  report: { train?: { steps: number; finalLoss: number | null; tokensPerSecond: number } } | null;
}

function bestIndex(values: readonly (number | null)[], higher: boolean | null): number | null {
  if (higher === null) return null;
  let best: number | null = null;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined) continue;
    const b = best === null ? null : values[best];
    if (b === null || b === undefined || (higher ? v > b : v < b)) best = i;
  }
  const known = values.filter((v) => v !== null);
  return best !== null && new Set(known).size > 1 ? best : null;
}

/** Scores, every metric of every split, training facts and cost; best of each marked. */
export function metricRows(nodes: readonly ComparedFacts[]): MetricRow[] {
  const row = (
    label: string,
    values: (number | null)[],
    format: MetricRow["format"],
    higher: boolean | null,
  ): MetricRow => ({ label, values, format, best: bestIndex(values, higher) });
  const rows: MetricRow[] = [
    row(
      "validation score",
      nodes.map((n) => n.score),
      "score",
      true,
    ),
  ];
  if (nodes.some((n) => n.testScore !== null))
    rows.push(
      row(
        "test score",
        nodes.map((n) => n.testScore),
        "score",
        true,
      ),
    );
  const splits = [...new Set(nodes.flatMap((n) => Object.keys(n.metrics ?? {})))];
  for (const split of splits) {
    const names = [...new Set(nodes.flatMap((n) => Object.keys(n.metrics?.[split] ?? {})))];
    for (const name of names)
      rows.push(
        row(
          `${split} ${name}`,
          nodes.map((n) => n.metrics?.[split]?.[name] ?? null),
          "score",
          null,
        ),
      );
  }
  rows.push(
    row(
      "final training loss",
      nodes.map((n) => n.report?.train?.finalLoss ?? null),
      "loss",
      false,
    ),
  );
  rows.push(
    row(
      "training steps",
      nodes.map((n) => n.report?.train?.steps ?? null),
      "count",
      null,
    ),
  );
  rows.push(
    row(
      "compute",
      nodes.map((n) => n.computeSeconds),
      "seconds",
      false,
    ),
  );
  rows.push(
    row(
      "tokens",
      nodes.map((n) => n.tokens),
      "count",
      false,
    ),
  );
  return rows;
}

export interface ErrorGroupRow {
  group: string;
  counts: (number | null)[];
}

/** Error groups (the diagnosis' buckets) as rows, one count per node; the largest groups first. */
export function errorGroupRows(reports: readonly ({ errorGroups?: Record<string, number> } | null)[]): ErrorGroupRow[] {
  const groups = [...new Set(reports.flatMap((r) => Object.keys(r?.errorGroups ?? {})))];
  const rows = groups.map((group) => ({
    group,
    counts: reports.map((r) => (r?.errorGroups ? (r.errorGroups[group] ?? 0) : null)),
  }));
  const total = (r: ErrorGroupRow) => r.counts.reduce<number>((s, c) => s + (c ?? 0), 0);
  return rows.sort((a, b) => total(b) - total(a));
}
