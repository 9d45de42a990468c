import { CurveChart } from "@/components/charts/curve-chart";
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

export interface ValidationPoint {
  step: number;
  metrics: Record<string, number>;
}

/** Each validation metric as a series over steps. */
export function validationSeries(
  points: readonly ValidationPoint[],
): { label: string; points: { x: number; y: number }[] }[] {
  const names = [...new Set(points.flatMap((p) => Object.keys(p.metrics)))];
  return names.map((name) => ({
    label: name,
    points: points.flatMap((p) => {
      const y = p.metrics[name];
      return y === undefined ? [] : [{ x: p.step, y }];
    }),
  }));
}

export function ChartsSection({
  stored,
  live,
  validation,
  validationLoss,
  status,
  steps,
  path,
}: {
  stored: CurvePoint[];
  live: CurvePoint[];
  validation: ValidationPoint[];
  /** the loss on held-out validation rows during training (the worker's `validation` events) */
  validationLoss: { step: number; loss: number | null }[];
  status: string;
  steps: number;
  path: { ordinal: number; score: number }[];
}) {
  const running = status === "running";
  const curve = mergeCurves(stored, live);
  const loss = curve.flatMap((p) => (p.loss === null ? [] : [{ x: p.step, y: p.loss }]));
  const lr = curve.map((p) => ({ x: p.step, y: p.lr }));
  const heldOut = validationLoss.flatMap((p) => (p.loss === null ? [] : [{ x: p.step, y: p.loss }]));
  const isLive = running && live.length > 0;
  // a live run shows its whole step range, so the curve grows into the chart
  const xRange: [number, number] | undefined = running && steps > 0 ? [0, steps] : undefined;
  return (
    <Section
      title="Training curves"
      testId="charts-section"
      right={<span className="font-mono text-slate-500">{curve.length} steps</span>}
    >
      <div className="space-y-3" data-testid="live-charts">
        <CurveChart
          testId="loss-chart"
          series={[
            { label: "loss", points: loss },
            ...(heldOut.length > 0 ? [{ label: "validation loss", points: heldOut, colour: "#0284c7" }] : []),
          ]}
          title="Training loss"
          live={isLive}
          xRange={xRange}
          controls
          empty={emptyText(status, steps, "Loss")}
        />
        <CurveChart
          testId="lr-chart"
          series={[{ label: "learning rate", points: lr, colour: "#7c3aed" }]}
          title="Learning rate"
          formatY={(y) => y.toExponential(1)}
          live={isLive}
          xRange={xRange}
          height={100}
          empty={emptyText(status, steps, "Learning rate")}
        />
        <CurveChart
          testId="validation-chart"
          series={validationSeries(validation)}
          title="Validation over steps"
          markers
          xRange={xRange}
          height={110}
          empty="Validation: no evaluation yet"
        />
        <CurveChart
          testId="eval-chart"
          series={[
            { label: "validation score", points: path.map((p, i) => ({ x: i, y: p.score })), colour: "#0284c7" },
          ]}
          title="Validation score along this branch"
          xLabel="node"
          formatX={(x) => (Number.isInteger(x) ? `#${path[x]?.ordinal ?? ""}` : "")}
          markers
          height={110}
          empty="Not evaluated yet"
        />
      </div>
    </Section>
  );
}
