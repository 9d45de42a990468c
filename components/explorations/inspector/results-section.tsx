import { Section } from "@/components/ui/section";
import { formatCompute } from "@/components/format";
import type { NodeDetail } from "./types";

export function MetricsSection({ node }: { node: NodeDetail["node"] }) {
  const metrics = node.metrics ?? {};
  const splits = Object.entries(metrics);
  return (
    <Section title="Metrics">
      {splits.length === 0 ? (
        <p className="text-xs text-slate-500">Not evaluated yet.</p>
      ) : (
        <table className="w-full text-xs" data-testid="node-metrics">
          <tbody>
            {splits.flatMap(([split, values]) =>
              Object.entries(values).map(([name, v]) => (
                <tr key={`${split}.${name}`} className="border-b border-slate-100 last:border-0 dark:border-slate-800">
                  <td className="py-0.5 text-slate-500">{split}</td>
                  <td>{name}</td>
                  <td className="text-right font-mono">{name === "n" ? v : v.toFixed(4)}</td>
                </tr>
              )),
            )}
          </tbody>
        </table>
      )}
    </Section>
  );
}

export function BadCasesSection({ node }: { node: NodeDetail["node"] }) {
  const cases = node.report?.badCases ?? [];
  const groups = Object.entries(node.report?.errorGroups ?? {}).sort((a, b) => b[1] - a[1]);
  if (cases.length === 0 && groups.length === 0) return null;
  const max = Math.max(1, ...groups.map(([, n]) => n));
  return (
    <Section
      title="Bad cases (validation)"
      testId="bad-cases"
      right={<span className="text-slate-500">{groups.reduce((s, [, n]) => s + n, 0)} errors</span>}
    >
      {groups.length > 0 && (
        <ul className="mb-2 space-y-0.5 text-[11px]">
          {groups.map(([name, n]) => (
            <li key={name} className="flex items-center gap-2">
              <span className="w-28 truncate text-slate-600 dark:text-slate-400" title={name}>
                {name.replaceAll("_", " ")}
              </span>
              <span className="h-2 rounded bg-rose-400 dark:bg-rose-700" style={{ width: `${(60 * n) / max}%` }} />
              <span className="font-mono text-slate-500">{n}</span>
            </li>
          ))}
        </ul>
      )}
      <ul className="space-y-1 text-[11px]">
        {cases.slice(0, 10).map((b, i) => (
          <li key={i} className="rounded bg-slate-50 p-1.5 dark:bg-slate-800">
            <div className="line-clamp-2" title={b.input}>
              {b.input}
            </div>
            <div className="mt-0.5">
              expected <code className="rounded bg-emerald-100 px-0.5 dark:bg-emerald-900">{b.expected}</code> got{" "}
              <code className="rounded bg-rose-100 px-0.5 dark:bg-rose-900">{b.predicted || "∅"}</code>{" "}
              <span className="text-slate-500">· {b.errorType.replaceAll("_", " ")}</span>
            </div>
          </li>
        ))}
      </ul>
    </Section>
  );
}

export function CostSection({ detail }: { detail: NodeDetail }) {
  const { node, job } = detail;
  const train = node.report?.train;
  return (
    <Section title="Cost" testId="cost-section">
      <dl className="grid grid-cols-2 gap-x-3 gap-y-0.5 text-xs">
        <dt className="text-slate-500">compute</dt>
        <dd className="font-mono">{formatCompute(node.computeSeconds)}</dd>
        <dt className="text-slate-500">agent tokens</dt>
        <dd className="font-mono">{node.tokens.toLocaleString("en")}</dd>
        {train && (
          <>
            <dt className="text-slate-500">train rows · steps</dt>
            <dd className="font-mono">
              {train.trainRows.toLocaleString("en")} · {train.steps}
            </dd>
            <dt className="text-slate-500">throughput</dt>
            <dd className="font-mono">{Math.round(train.tokensPerSecond).toLocaleString("en")} tok/s</dd>
          </>
        )}
        {job && (
          <>
            <dt className="text-slate-500">job</dt>
            <dd className="truncate font-mono" title={job.id}>
              {job.runnerName} · attempt {job.attempt} · {job.status}
            </dd>
          </>
        )}
        {node.reusedFromId && (
          <>
            <dt className="text-slate-500">reused</dt>
            <dd className="text-violet-700 dark:text-violet-300">result of an identical earlier plan, no training</dd>
          </>
        )}
      </dl>
    </Section>
  );
}
