/** How many parameters a base model has, for the goal's size cap. Pure. */
import { parametersOf } from "./units.ts";

/** The tiny backend's presets, counted with `CharTransformer(PRESETS[name]).n_params()` in the worker. */
const TINY_PARAMETERS: Record<string, number> = { "tiny-small": 204_032, "tiny-base": 441_216, "tiny-large": 1_857_408 };

/** A preset's count, or the size its name states ("Qwen3-1.7B", "SmolLM2-360M"); null when unknown. */
export function parametersOfModel(name: string): number | null {
  const tiny = TINY_PARAMETERS[name];
  if (tiny !== undefined) return tiny;
  const sized = /[-_ /](\d+(?:\.\d+)?\s*[bBmM])(?:\b|[-_])/.exec(name);
  return sized?.[1] ? parametersOf(sized[1]) : null;
}
