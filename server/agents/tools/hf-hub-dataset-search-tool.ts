/**
 * Research tool: search datasets on the Hugging Face Hub. Online only when TREX_NETWORK=on; otherwise,
 * or when the Hub cannot be reached, a clear "unavailable" with matching datasets from the bundled catalogue.
 */
import { tool } from "ai";
import { z } from "zod";
import { searchKnowledgeBase } from "../knowledge-base/knowledge-base.ts";
import type { AgentRuntime } from "../providers/agent-runtime.ts";
import { toToolHit } from "./knowledge-base-search-tool.ts";
import { available, fetchText, unavailable, type ToolOutcome } from "./tool-result.ts";

export const hfHubDatasetSearchInput = z.object({
  query: z.string().min(1).max(200).describe("keywords for dataset names and descriptions, e.g. 'financial sentiment'"),
  limit: z.number().int().min(1).max(20).default(5),
});
export type HfHubDatasetSearchInput = z.input<typeof hfHubDatasetSearchInput>;

const hubDataset = z.object({
  id: z.string(),
  downloads: z.number().optional(),
  likes: z.number().optional(),
  tags: z.array(z.string()).optional(),
  description: z.string().optional(),
  gated: z.union([z.boolean(), z.string()]).optional(),
});

type HfRuntime = Pick<AgentRuntime, "network" | "hfHubUrl" | "fetch" | "timeoutMs">;

const SOURCE = "Hugging Face Hub";

function catalogueFallback(query: string, limit: number) {
  return searchKnowledgeBase(query, { kind: "dataset", limit }).map(toToolHit);
}

export async function hfHubDatasetSearch(raw: HfHubDatasetSearchInput, rt: HfRuntime): Promise<ToolOutcome> {
  const input = hfHubDatasetSearchInput.parse(raw);
  if (!rt.network) {
    return unavailable(
      SOURCE,
      "network access is off on this server (TREX_NETWORK=off); datasets from the bundled catalogue are given instead",
      catalogueFallback(input.query, input.limit),
    );
  }
  const url = `${rt.hfHubUrl}/api/datasets?${new URLSearchParams({ search: input.query, limit: String(input.limit), sort: "downloads", direction: "-1" })}`;
  try {
    const body = await fetchText(rt.fetch, url, Math.min(rt.timeoutMs, 20_000), "application/json");
    const parsed = z.array(z.unknown()).safeParse(JSON.parse(body));
    if (!parsed.success) throw new Error("the Hub's answer was not a list of datasets");
    const datasets = parsed.data.flatMap((d) => {
      const one = hubDataset.safeParse(d);
      return one.success ? [one.data] : [];
    });
    return available(
      SOURCE,
      datasets.slice(0, input.limit).map((d) => ({
        id: `hf:${d.id}`,
        title: d.id,
        snippet: d.description ?? (d.tags ?? []).slice(0, 12).join(", "),
        url: `https://huggingface.co/datasets/${d.id}`,
        meta: { downloads: d.downloads ?? 0, likes: d.likes ?? 0, gated: String(d.gated ?? false) },
      })),
    );
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    return unavailable(
      SOURCE,
      `the Hub search failed (${why}); datasets from the bundled catalogue are given instead`,
      catalogueFallback(input.query, input.limit),
    );
  }
}

export const hfHubDatasetSearchTool = (rt: HfRuntime) =>
  tool({
    description:
      "Search Hugging Face Hub datasets by keywords. Falls back to the bundled dataset catalogue when the Hub is unavailable.",
    inputSchema: hfHubDatasetSearchInput,
    execute: async (input) => hfHubDatasetSearch(input, rt),
  });
