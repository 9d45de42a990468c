import { LineChart } from "@/components/ui/line-chart";
import { Section } from "@/components/ui/section";
import { mergeCurves, type CurvePoint } from "./node-facts";

const NOT_STARTED = ["proposed", "awaiting_review", "approved", "queued"];

function emptyText(status: string, steps: number, what: string): string {
  if (status === "running") return `${what}: waiting for the first steps…`;
  if (NOT_STARTED.includes(status)) return `${what}: training has not started`;
  if (status === "pruned") return `${what}: not trained (pruned)`;
  if (steps === 0) return `${what}: none (evaluation only)`;
  return `${what}: no curve recorded`;
}

export function ChartsSection({ stored, live, status, steps, path }: { stored: CurvePoint[]; live: CurvePoint[]; status: string; steps: number; path: { ordinal: number; score: number }[] }) {
  const running = status === "running";
  const curve = mergeCurves(stored, live);
  const loss = curve.flatMap((p) => (p.loss === null ? [] : [{ x: p.step, y: p.loss }]));
  const lr = curve.map((p) => ({ x: p.step, y: p.lr }));
  const isLive = running && live.length > 0;
  return (
    <Section title="Training curves" testId="charts-section" right={<span className="font-mono text-slate-500">{curve.length} steps</span>}>
      <div className="space-y-2" data-testid="live-charts">
        <LineChart testId="loss-chart" points={loss} label="Training loss" live={isLive} empty={emptyText(status, steps, "Loss")} />
        <LineChart testId="lr-chart" points={lr} label="Learning rate" colour="text-violet-600 dark:text-violet-400" formatY={(y) => y.toExponential(1)} live={isLive} empty={emptyText(status, steps, "Learning rate")} />
        <LineChart
          testId="eval-chart"
          points={path.map((p, i) => ({ x: i, y: p.score }))}
          label="Validation score along this branch"
          colour="text-sky-600 dark:text-sky-400"
          xLabel="from baseline"
          formatX={(x) => `#${path[x]?.ordinal ?? ""}`}
          markers
          empty="Not evaluated yet"
        />
      </div>
    </Section>
  );
}
