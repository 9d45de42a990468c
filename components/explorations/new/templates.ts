/** Saved form templates (localStorage): a goal, task and settings to start similar explorations from. */
import { z } from "zod";
import { budgetSchema } from "@/server/domain/explorations/exploration-input";

export const templateSchema = z.object({
  name: z.string().min(1).max(80),
  goal: z.string().max(20_000),
  taskId: z.string(),
  /** an uploaded dataset instead of the task (older templates have none) */
  datasetId: z.string().max(100).optional(),
  baseModel: z.string(),
  policy: z.string(),
  approvalMode: z.string(),
  budget: budgetSchema,
  savedAt: z.string(),
});
export type ExplorationTemplate = z.infer<typeof templateSchema>;

const KEY = "trex-exploration-templates";

interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/** Reads what is valid and drops the rest (a hand-edited or older entry must not break the form). */
export function loadTemplates(store: KeyValueStore): ExplorationTemplate[] {
  let raw: unknown;
  try {
    raw = JSON.parse(store.getItem(KEY) ?? "[]");
  } catch {
    return [];
  }
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((t) => {
    const parsed = templateSchema.safeParse(t);
    return parsed.success ? [parsed.data] : [];
  });
}

/** Saves by name: a template of the same name is replaced. */
export function saveTemplate(store: KeyValueStore, t: ExplorationTemplate): ExplorationTemplate[] {
  const next = [t, ...loadTemplates(store).filter((x) => x.name !== t.name)].slice(0, 30);
  store.setItem(KEY, JSON.stringify(next));
  return next;
}

export function deleteTemplate(store: KeyValueStore, name: string): ExplorationTemplate[] {
  const next = loadTemplates(store).filter((x) => x.name !== name);
  store.setItem(KEY, JSON.stringify(next));
  return next;
}
