/**
 * Ablations: parts of the search an exploration can switch off, to measure what each is worth. Each switch is
 * true when the part is on (the default) and false when it is switched off. Stored on the exploration as JSON;
 * a row from before the switches existed ("{}") reads as everything on.
 *   memory   — what earlier explorations of the same task learned (their insights and the evidence they carry)
 *   insights — the insights of this exploration itself (stored and distilled from its tree)
 *   reuse    — answering a node from an identical earlier node's result instead of training it
 */
import { z } from "zod";

export const ABLATION_SWITCHES = ["memory", "insights", "reuse"] as const;
export type AblationSwitch = (typeof ABLATION_SWITCHES)[number];

export const ablationsSchema = z.strictObject({
  memory: z.boolean().default(true),
  insights: z.boolean().default(true),
  reuse: z.boolean().default(true),
});
export type Ablations = z.output<typeof ablationsSchema>;

export const NO_ABLATIONS: Ablations = { memory: true, insights: true, reuse: true };

/** Every part on except those named. */
export const ablationsWithout = (off: readonly AblationSwitch[]): Ablations =>
  ablationsSchema.parse(Object.fromEntries(off.map((s) => [s, false])));

export const isAblationSwitch = (s: string): s is AblationSwitch =>
  (ABLATION_SWITCHES as readonly string[]).includes(s);

/** The parts switched off, in a fixed order ([] for a normal exploration). */
export const switchedOff = (a: Ablations): AblationSwitch[] => ABLATION_SWITCHES.filter((s) => !a[s]);

/** One line each, for the form and the exploration's summary. */
export const ABLATION_LABELS: Record<AblationSwitch, { label: string; off: string }> = {
  memory: {
    label: "Memory of earlier explorations",
    off: "the Researcher plans without what earlier explorations of this task learned",
  },
  insights: {
    label: "Insights of this exploration",
    off: "the Researcher plans without the insights distilled from this tree",
  },
  reuse: {
    label: "Reuse of identical experiments",
    off: "every plan trains, even when an identical experiment already has a result",
  },
};
