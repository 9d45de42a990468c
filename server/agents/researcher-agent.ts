/**
 * The Researcher: diagnoses an evaluated node and proposes the next experiments.
 * With no language model configured it is the offline expert planner.
 */
import type { Rng } from "../domain/tree/policies.ts";
import type { NodeRecord } from "../repositories/node-repository.ts";
import { proposePlans, type ProposedPlan } from "./planner/offline-planner.ts";

export interface ExpansionRequest {
  parent: NodeRecord;
  grandparentScore: number | null;
  history: readonly NodeRecord[];
  count: number;
  rng: Rng;
}

export interface Expansion {
  diagnosis: string;
  plans: ProposedPlan[];
  tokens: number;
}

export async function planExpansion(req: ExpansionRequest): Promise<Expansion> {
  const { parent } = req;
  const { diagnosis, plans } = proposePlans({
    parent: {
      score: parent.score,
      config: parent.config,
      recipe: parent.recipe,
      trainRows: parent.report?.train?.trainRows ?? null,
      finalLoss: parent.report?.train?.finalLoss ?? null,
      errorGroups: parent.report?.errorGroups ?? {},
      parentScore: req.grandparentScore,
    },
    history: req.history.filter((n) => n.status === "succeeded").map((n) => ({ score: n.score, config: n.config, recipe: n.recipe })),
    count: req.count,
    rng: req.rng,
  });
  return { diagnosis: diagnosis.summary, plans, tokens: 0 };
}
