/**
 * Research tool: search arXiv (the export API's Atom feed). Online only when TREX_NETWORK=on; otherwise,
 * or when arXiv cannot be reached, a clear "unavailable" with matching papers from the bundled catalogue.
 */
import { tool } from "ai";
import { z } from "zod";
import { searchKnowledgeBase } from "../knowledge-base/knowledge-base.ts";
import type { AgentRuntime } from "../providers/agent-runtime.ts";
import { toToolHit } from "./knowledge-base-search-tool.ts";
import { available, fetchText, unavailable, type ToolHit, type ToolOutcome } from "./tool-result.ts";

export const arxivSearchInput = z.object({
  query: z.string().min(1).max(200).describe("keywords, e.g. 'label noise fine-tuning'"),
  limit: z.number().int().min(1).max(10).default(5),
});
export type ArxivSearchInput = z.input<typeof arxivSearchInput>;

type ArxivRuntime = Pick<AgentRuntime, "network" | "arxivUrl" | "fetch" | "timeoutMs">;

const SOURCE = "arXiv";

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

function decode(xml: string): string {
  return xml
    .replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, "$1")
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&(amp|lt|gt|quot|apos);/g, (_, n: string) => ENTITIES[n] ?? "");
}

function tag(block: string, name: string): string {
  return decode(new RegExp(`<${name}[^>]*>([\\s\\S]*?)</${name}>`).exec(block)?.[1] ?? "").trim();
}

/** Entries of an arXiv Atom feed. Regex over a bounded document: no XML parser, no entity expansion. */
export function parseArxivFeed(xml: string): ToolHit[] {
  const hits: ToolHit[] = [];
  for (const m of xml.matchAll(/<entry>([\s\S]*?)<\/entry>/g)) {
    const block = m[1] ?? "";
    const url = tag(block, "id");
    const arxivId = /abs\/([^\s<]+)$/.exec(url)?.[1] ?? url;
    const authors = [...block.matchAll(/<name>([\s\S]*?)<\/name>/g)].map((a) => decode(a[1] ?? "").trim()).slice(0, 4);
    hits.push({
      id: `arxiv:${arxivId}`,
      title: tag(block, "title"),
      snippet: tag(block, "summary"),
      url,
      meta: { published: tag(block, "published").slice(0, 10), authors: authors.join(", ") },
    });
  }
  return hits;
}

function catalogueFallback(query: string, limit: number) {
  return searchKnowledgeBase(query, { kind: "paper", limit }).map(toToolHit);
}

export async function arxivSearch(raw: ArxivSearchInput, rt: ArxivRuntime): Promise<ToolOutcome> {
  const input = arxivSearchInput.parse(raw);
  if (!rt.network) {
    return unavailable(
      SOURCE,
      "network access is off on this server (TREX_NETWORK=off); papers from the bundled catalogue are given instead",
      catalogueFallback(input.query, input.limit),
    );
  }
  const terms = input.query
    .replace(/[^\p{L}\p{N}\s-]/gu, " ")
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 12);
  const url = `${rt.arxivUrl}/api/query?${new URLSearchParams({ search_query: terms.map((t) => `all:${t}`).join(" AND "), start: "0", max_results: String(input.limit) })}`;
  try {
    const xml = await fetchText(rt.fetch, url, Math.min(rt.timeoutMs, 20_000), "application/atom+xml");
    return available(SOURCE, parseArxivFeed(xml).slice(0, input.limit));
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    return unavailable(
      SOURCE,
      `the arXiv search failed (${why}); papers from the bundled catalogue are given instead`,
      catalogueFallback(input.query, input.limit),
    );
  }
}

export const arxivSearchTool = (rt: ArxivRuntime) =>
  tool({
    description:
      "Search arXiv papers by keywords. Falls back to the bundled paper catalogue when arXiv is unavailable.",
    inputSchema: arxivSearchInput,
    execute: async (input) => arxivSearch(input, rt),
  });
