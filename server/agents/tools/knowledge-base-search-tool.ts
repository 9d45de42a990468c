/** Research tool: search the bundled catalogue of fine-tuning recipes, datasets and papers (always offline). */
import { tool } from "ai";
import { z } from "zod";
import { searchKnowledgeBase, TASK_KINDS, type KnowledgeHit } from "../knowledge-base/knowledge-base.ts";
import { available, type ToolHit, type ToolOutcome } from "./tool-result.ts";

export const knowledgeBaseSearchInput = z.object({
  query: z
    .string()
    .min(1)
    .max(300)
    .describe("keywords: a problem (label noise, overfitting), a technique (LoRA, augmentation) or a domain"),
  kind: z.enum(["recipe", "dataset", "paper"]).optional().describe("restrict to one kind of entry"),
  taskKind: z.enum(TASK_KINDS).optional(),
  limit: z.number().int().min(1).max(10).default(5),
});
export type KnowledgeBaseSearchInput = z.input<typeof knowledgeBaseSearchInput>;

export function toToolHit(h: KnowledgeHit): ToolHit {
  const e = h.entry;
  return {
    id: `kb:${e.id}`,
    title: e.title,
    snippet: `${e.summary} ${e.body}`,
    ...(e.url ? { url: e.url } : {}),
    meta: {
      kind: e.kind,
      score: h.score,
      ...(e.source ? { source: e.source } : {}),
      ...(e.hubId ? { hubId: e.hubId } : {}),
    },
  };
}

export function knowledgeBaseSearch(raw: KnowledgeBaseSearchInput): ToolOutcome {
  const input = knowledgeBaseSearchInput.parse(raw);
  const hits = searchKnowledgeBase(input.query, { kind: input.kind, taskKind: input.taskKind, limit: input.limit });
  return available("bundled knowledge base", hits.map(toToolHit));
}

export const knowledgeBaseSearchTool = () =>
  tool({
    description:
      "Search the bundled knowledge base of fine-tuning recipes, datasets and papers. Cite entries by their id (kb:…).",
    inputSchema: knowledgeBaseSearchInput,
    execute: async (input) => knowledgeBaseSearch(input),
  });
