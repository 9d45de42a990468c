"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/trpc-provider";
import { fieldErrorsView } from "@/components/ui/form-field";
import { APPROVAL_MODES } from "@/server/domain/explorations/exploration-input";
import { ABLATION_LABELS, ABLATION_SWITCHES, type Ablations } from "@/server/contract/ablations";
import { POLICIES } from "@/server/domain/tree/policies";
import { FormCard as Card } from "./form-card";

type Policy = (typeof POLICIES)[number];
type ApprovalMode = (typeof APPROVAL_MODES)[number];

const POLICY_HELP: Record<string, string> = {
  mcts: "Monte-Carlo tree search (UCT): balances improving the best branch with trying others. The paper's default.",
  gbfs: "Greedy best-first: always expands the best node so far.",
  ses: "Sequential: one line of experiments, each refining the last.",
  random: "Random expansion: a baseline for comparisons.",
  "mcts-cost":
    "Experimental: UCT with a penalty for branches whose jobs cost more compute. No gain measured yet (bench:search).",
  abmcts:
    "Experimental: chooses between a new sibling and refining a child by Thompson sampling (AB-MCTS). No gain measured yet.",
};
const APPROVAL_HELP: Record<string, string> = {
  auto: "Experiments run as soon as they are planned.",
  "review-each-expansion": "Every new set of experiments waits for a reviewer.",
  "review-over-cost": "Only expensive experiments wait for a reviewer.",
};

/**
 * How the exploration searches: the tree policy, when a reviewer approves, the runner that trains, and the parts
 * of the search switched off for an ablation.
 */
export function SearchSettings({
  policy,
  onPolicy,
  approvalMode,
  onApprovalMode,
  runner,
  onRunner,
  ablations,
  onAblations,
  errors,
}: {
  policy: Policy;
  onPolicy: (p: Policy) => void;
  approvalMode: ApprovalMode;
  onApprovalMode: (m: ApprovalMode) => void;
  runner: string;
  onRunner: (name: string) => void;
  ablations: Ablations;
  onAblations: (a: Ablations) => void;
  errors: Record<string, string>;
}) {
  const trpc = useTRPC();
  const runners = useQuery(trpc.runner.list.queryOptions());
  const { field } = fieldErrorsView(errors);
  return (
    <Card title="How to search">
      <div className="grid gap-4 md:grid-cols-2">
        <label className="block text-sm font-medium">
          Search policy
          <select
            name="policy"
            className={`${field("policy")}`}
            value={policy}
            onChange={(e) => onPolicy(e.target.value as Policy)}
          >
            {POLICIES.map((p) => (
              <option key={p}>{p}</option>
            ))}
          </select>
          <span className="mt-1 block text-xs font-normal text-slate-500">{POLICY_HELP[policy]}</span>
        </label>
        <label className="block text-sm font-medium">
          Approval
          <select
            name="approvalMode"
            className={`${field("approvalMode")}`}
            value={approvalMode}
            onChange={(e) => onApprovalMode(e.target.value as ApprovalMode)}
          >
            {APPROVAL_MODES.map((m) => (
              <option key={m}>{m}</option>
            ))}
          </select>
          <span className="mt-1 block text-xs font-normal text-slate-500">{APPROVAL_HELP[approvalMode]}</span>
        </label>
        <label className="block text-sm font-medium">
          Runner
          <select
            name="runner"
            className={`${field("runner")}`}
            value={runner}
            onChange={(e) => onRunner(e.target.value)}
          >
            {(runners.data ?? [{ name: "local", kind: "local" as const }]).map((r) => (
              <option key={r.name} value={r.name}>
                {r.name === "local" ? "local (this machine)" : `${r.name} (${r.kind})`}
              </option>
            ))}
          </select>
          <span className="mt-1 block text-xs font-normal text-slate-500">
            Where training runs. Administrators add SSH, Slurm and cloud runners under{" "}
            <a className="underline" href="/settings/runners">
              Runners
            </a>
            .
          </span>
        </label>
      </div>
      <fieldset className="mt-4" data-testid="ablations">
        <legend className="text-sm font-medium">Ablations</legend>
        <p className="text-xs text-slate-500">
          For measuring what each part of the search is worth. Leave them all on for a normal exploration.
        </p>
        <div className="mt-2 grid gap-2 md:grid-cols-3">
          {ABLATION_SWITCHES.map((s) => (
            <label key={s} className="flex items-start gap-2 text-sm">
              <input
                type="checkbox"
                name={`ablations.${s}`}
                className="mt-1"
                checked={ablations[s]}
                onChange={(e) => onAblations({ ...ablations, [s]: e.target.checked })}
              />
              <span>
                {ABLATION_LABELS[s].label}
                <span className="block text-xs text-slate-500">Off: {ABLATION_LABELS[s].off}.</span>
              </span>
            </label>
          ))}
        </div>
      </fieldset>
    </Card>
  );
}
