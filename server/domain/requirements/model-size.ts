/** How many parameters a base model has, for the goal's size cap. Pure. */
import { findBaseModel } from "../../contract/base-models.ts";
import { parametersOf } from "./units.ts";

/** The catalogue's count (presets and Hub models), or the size the name states ("Mistral-7B", "SmolLM2-360M"); null when unknown. */
export function parametersOfModel(name: string): number | null {
  const known = findBaseModel(name);
  if (known) return known.parameters;
  const sized = /[-_ /](\d+(?:\.\d+)?\s*[bBmM])(?:\b|[-_])/.exec(name);
  return sized?.[1] ? parametersOf(sized[1]) : null;
}
