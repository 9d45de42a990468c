/** Small, pure edits of a data recipe that plans are made of. */
import type { DataRecipe, RecipeOperator } from "../../contract/job-protocol.ts";

export function trainLimit(recipe: DataRecipe): number {
  const load = recipe.operators.find((o) => o.op === "load");
  return load && load.op === "load" ? (load.limit ?? 20_000) : 20_000;
}

export function withTrainLimit(recipe: DataRecipe, limit: number): DataRecipe {
  return {
    operators: recipe.operators.map((o) =>
      o.op === "load" && o.source === "task:train" ? { ...o, limit: Math.round(limit) } : o,
    ),
  };
}

export function hasOp(recipe: DataRecipe, op: RecipeOperator["op"]): boolean {
  return recipe.operators.some((o) => o.op === op);
}

/** Adds an operator after the loads (cleaning before augmenting), unless one of its kind is there. */
export function withOp(recipe: DataRecipe, operator: RecipeOperator): DataRecipe {
  if (hasOp(recipe, operator.op)) return recipe;
  const order: RecipeOperator["op"][] = ["load", "mix", "dedup", "filter", "balance", "sample", "augment", "template"];
  const rank = (o: RecipeOperator) => order.indexOf(o.op);
  const operators = [...recipe.operators, operator].sort((a, b) => rank(a) - rank(b));
  return { operators };
}

export function cleaned(recipe: DataRecipe): DataRecipe {
  return withOp(withOp(recipe, { op: "dedup", mode: "exact", threshold: 0.9 }), {
    op: "filter",
    rule: "valid_label",
    field: "output",
  });
}

export function describeRecipe(recipe: DataRecipe): string {
  return recipe.operators
    .map((o) => {
      switch (o.op) {
        case "load":
          return `load ${o.source}${o.limit ? ` (${o.limit})` : ""}`;
        case "augment":
          return `augment ${o.kind}×${o.factor}`;
        case "filter":
          return `filter ${o.rule}`;
        default:
          return o.op;
      }
    })
    .join(" → ");
}
