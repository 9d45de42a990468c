import { describe, expect, it } from "vitest";
import { citation, findKnowledgeEntry, knowledgeEntries, searchKnowledgeBase } from "./knowledge-base.ts";

describe("bundled knowledge base", () => {
  it("loads a validated catalogue of recipes, datasets and papers", () => {
    const entries = knowledgeEntries();
    expect(entries.length).toBeGreaterThanOrEqual(25);
    for (const kind of ["recipe", "dataset", "paper"]) expect(entries.some((e) => e.kind === kind)).toBe(true);
    expect(entries.filter((e) => e.plan).length).toBeGreaterThanOrEqual(12);
  });

  it("ranks by BM25 relevance: noisy labels find the cleaning recipes first", () => {
    const hits = searchKnowledgeBase("noisy labels in the training data", { kind: "recipe" });
    expect(hits[0]?.entry.tags.join(" ")).toMatch(/label noise|noisy labels|label errors/);
    expect(hits.map((h) => h.score)).toEqual([...hits.map((h) => h.score)].sort((a, b) => b - a));
  });

  it("matches prefixes and small typos", () => {
    expect(searchKnowledgeBase("overfit")[0]).toBeDefined();
    expect(searchKnowledgeBase("augmentaton", { kind: "recipe" })[0]?.entry.id).toBe("recipe-task-augmentation");
  });

  it("filters by kind, task kind, model kind and findings", () => {
    expect(searchKnowledgeBase("tool calling JSON", { kind: "dataset" }).every((h) => h.entry.kind === "dataset")).toBe(
      true,
    );
    expect(
      searchKnowledgeBase("LoRA rank", { kind: "recipe", models: "preset" }).some(
        (h) => h.entry.id === "recipe-lora-rank",
      ),
    ).toBe(false);
    expect(searchKnowledgeBase("LoRA rank", { kind: "recipe", models: "pretrained" })[0]?.entry.id).toBe(
      "recipe-lora-rank",
    );
    expect(
      searchKnowledgeBase("rebalance classes", { findings: ["underfitting"] }).some(
        (h) => h.entry.id === "recipe-class-balance",
      ),
    ).toBe(false);
    expect(searchKnowledgeBase("rebalance classes", { taskKind: "classification" })[0]?.entry.id).toBe(
      "recipe-class-balance",
    );
  });

  it("cites an entry with its source", () => {
    const e = findKnowledgeEntry("recipe-class-balance");
    expect(e && citation(e)).toMatch(/^\[kb:recipe-class-balance\] Rebalance the classes \(Buda/);
    expect(searchKnowledgeBase("   ")).toEqual([]);
  });
});
