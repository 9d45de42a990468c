/**
 * The only evidence an effect may rest on: matched comparisons. A child against its parent when the parent
 * was trained (a gain over the untrained root is the gain of training at all, not of what the child's recipe
 * added), and two children of one parent against each other. Each comparison lists every change between its
 * two nodes; one change is evidence for that change, several are confounded and credit none of them. Pure.
 */
import { changeFeatures, type EffectNode } from "./planner/plan-effects.ts";

export interface Comparison {
  /** every change from control to treated, sorted; warm-start and from-scratch count as changes */
  features: string[];
  controlId: string;
  treatedId: string;
  /** treated − control on the validation score; null when the treated run failed */
  delta: number | null;
  via: "parent" | "siblings";
}

const trained = (n: EffectNode) => n.config.steps > 0;
const scored = (n: EffectNode): n is EffectNode & { score: number } => n.status === "succeeded" && n.score !== null;
const evaluated = (n: EffectNode) => scored(n) || n.status === "failed";

/** Changes between two experiments, the training lineage included. */
function differences(control: EffectNode, treated: EffectNode, via: Comparison["via"]): string[] {
  const f = changeFeatures(control, { ...treated, warmStart: false });
  if (via === "parent") {
    // continuing trains the parent's weights further; restarting from the base model throws the parent's continuation away
    if (treated.warmStart) f.push("warm-start");
    else if (control.warmStart) f.push("from-scratch");
  } else if (treated.warmStart !== control.warmStart) {
    f.push(treated.warmStart ? "warm-start" : "from-scratch");
  }
  return [...new Set(f)].sort();
}

/** Sibling pairs are read in the direction that adds rather than removes, else the later node is the treatment. */
const removes = (features: readonly string[]) =>
  features.filter((x) => x.startsWith("op-:") || x === "from-scratch" || x.endsWith(":down")).length;

export function matchedComparisons(nodes: readonly EffectNode[]): Comparison[] {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const out: Comparison[] = [];
  for (const child of nodes) {
    if (!child.parentId || !trained(child) || !evaluated(child)) continue;
    const parent = byId.get(child.parentId);
    if (!parent || !scored(parent) || !trained(parent)) continue;
    const features = differences(parent, child, "parent");
    if (features.length > 0)
      out.push({
        features,
        controlId: parent.id,
        treatedId: child.id,
        delta: scored(child) ? child.score - parent.score : null,
        via: "parent",
      });
  }
  const families = new Map<string, EffectNode[]>();
  for (const n of nodes)
    if (n.parentId && trained(n) && scored(n)) families.set(n.parentId, [...(families.get(n.parentId) ?? []), n]);
  for (const family of families.values()) {
    const sorted = [...family].sort((a, b) => a.ordinal - b.ordinal);
    sorted.forEach((a, i) => {
      for (const b of sorted.slice(i + 1)) {
        const forward = differences(a, b, "siblings");
        if (forward.length === 0) continue; // the same experiment twice: a repeat, not a comparison
        const backward = differences(b, a, "siblings");
        const [control, treated, features] = removes(backward) < removes(forward) ? [b, a, backward] : [a, b, forward];
        out.push({
          features,
          controlId: control.id,
          treatedId: treated.id,
          delta: (treated.score ?? 0) - (control.score ?? 0),
          via: "siblings",
        });
      }
    });
  }
  return out;
}
