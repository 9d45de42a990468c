/**
 * Code steps in recipes: a `python` operator runs code, so every new one waits for a reviewer, whatever the
 * exploration's approval mode. "New" is measured against the parent's recipe: code the parent ran was approved then.
 */
import type { DataRecipe, RecipeOperator } from "./job-protocol.ts";

export type CodeStep = Extract<RecipeOperator, { op: "python" }>;

export const isCodeStep = (op: RecipeOperator): op is CodeStep => op.op === "python";

/** The code steps of `recipe` whose code its parent's recipe does not have (new or changed code). */
export function newCodeSteps(recipe: DataRecipe, parentRecipe: DataRecipe | null): CodeStep[] {
  const known = new Set((parentRecipe?.operators ?? []).filter(isCodeStep).map((c) => c.code));
  return recipe.operators.filter(isCodeStep).filter((c) => !known.has(c.code));
}

/** Why a node with this recipe waits for a reviewer regardless of the approval mode, or null. */
export function codeReviewReason(recipe: DataRecipe, parentRecipe: DataRecipe | null): string | null {
  const n = newCodeSteps(recipe, parentRecipe).length;
  return n === 0 ? null : `${n === 1 ? "a new code step waits" : `${n} new code steps wait`} for a reviewer`;
}
