/** The Researcher's tool set: one tool per file, assembled here by the names the model sees. */
import type { AgentRuntime } from "../providers/agent-runtime.ts";
import { arxivSearchTool } from "./arxiv-search-tool.ts";
import { hfHubDatasetSearchTool } from "./hf-hub-dataset-search-tool.ts";
import { knowledgeBaseSearchTool } from "./knowledge-base-search-tool.ts";

export function researchTools(rt: AgentRuntime) {
  return {
    knowledge_base_search: knowledgeBaseSearchTool(),
    hf_hub_dataset_search: hfHubDatasetSearchTool(rt),
    arxiv_search: arxivSearchTool(rt),
  };
}
