import { Section } from "@/components/ui/section";
import type { DetailNode } from "./types";

export function PlanSection({ node }: { node: DetailNode }) {
  const { plan } = node;
  return (
    <Section title="Plan and rationale" testId="plan-section">
      <p className="text-sm leading-relaxed">
        {plan.rationale || <span className="text-slate-500">No rationale recorded.</span>}
      </p>
      {plan.hypotheses.length > 0 && (
        <>
          <h4 className="mt-2 text-[11px] font-semibold text-slate-500">Hypotheses</h4>
          <ul className="mt-0.5 list-disc space-y-0.5 pl-5 text-xs text-slate-700 dark:text-slate-300">
            {plan.hypotheses.map((h) => (
              <li key={h}>{h}</li>
            ))}
          </ul>
        </>
      )}
      <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-xs">
        {plan.selectionReason && (
          <>
            <dt className="text-slate-500">selected because</dt>
            <dd>{plan.selectionReason}</dd>
          </>
        )}
        <dt className="text-slate-500">starts from</dt>
        <dd>{plan.warmStart ? "the parent's checkpoint (warm start)" : "the base model"}</dd>
      </dl>
      {node.report?.diagnosis && (
        <div className="mt-2 rounded bg-sky-50 p-2 text-xs text-sky-900 dark:bg-sky-950 dark:text-sky-200">
          <span className="font-semibold">Diagnosis: </span>
          {node.report.diagnosis}
        </div>
      )}
    </Section>
  );
}
