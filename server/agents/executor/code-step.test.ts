/** The Executor's code steps: written by the model for a plan's code request, never offline, gated as new code. */
import { describe, expect, it } from "vitest";
import { newCodeSteps, codeReviewReason } from "../../contract/code-steps.ts";
import { dataRecipeSchema, type DataRecipe } from "../../contract/job-protocol.ts";
import { offlineRuntime } from "../providers/agent-runtime.ts";
import { BASE_RECIPE, promptText, runtimeWith, scriptedModel, textReply } from "../testing/fixtures.ts";
import { addCodeSteps } from "./code-step-agent.ts";

const CODE = "def transform(row):\n    return {**row, 'input': 'Review: ' + row['input'].strip()}\n";
const plan = (over: { codeRequest?: string; recipe?: DataRecipe } = {}) => ({
  recipe: over.recipe ?? {
    operators: [...BASE_RECIPE.operators, { op: "dedup" as const, mode: "exact" as const, threshold: 0.9 }],
  },
  rationale: "Prompts with a label cue.",
  tokens: 10,
  failure: null,
  ...(over.codeRequest ? { codeRequest: over.codeRequest } : {}),
});
const ctx = { step: "expansion 1", samples: [{ input: " a fine film ", output: "positive" }] };

describe("the Executor writes code steps", () => {
  it("adds the model's transform after the loads, says why, and traces the call", async () => {
    const model = scriptedModel([
      textReply(JSON.stringify({ code: CODE, description: "Prefixes each review with a cue word." }), [300, 80]),
    ]);
    const r = await addCodeSteps([plan({ codeRequest: "prefix every input with 'Review: '" }), plan()], {
      ...ctx,
      runtime: runtimeWith(model),
    });
    const [coded, untouched] = r.plans;
    expect(coded?.recipe.operators.map((o) => o.op)).toEqual(["load", "python", "dedup"]);
    expect(coded?.recipe.operators[1]).toMatchObject({ op: "python", code: CODE, timeoutSeconds: 60 });
    expect(coded?.rationale).toMatch(/Code step by the Executor: Prefixes each review/);
    expect(coded?.tokens).toBe(10 + 380);
    expect(untouched).toEqual(plan());
    expect(r.tokens).toBe(380);
    const prompt = promptText(model.doGenerateCalls[0]);
    expect(prompt).toMatch(/prefix every input/);
    expect(prompt).toMatch(/a fine film/); // the rows it writes for
    expect(r.traces.map((t) => [t.agent, t.kind])).toEqual(
      expect.arrayContaining([
        ["executor", "prompt"],
        ["executor", "response"],
        ["executor", "note"],
      ]),
    );
    expect(dataRecipeSchema.safeParse(coded?.recipe).success).toBe(true);
  });

  it("offline, it writes no code and the plan says so", async () => {
    const r = await addCodeSteps([plan({ codeRequest: "extract the quoted span" })], {
      ...ctx,
      runtime: offlineRuntime(),
    });
    expect(r.plans[0]?.recipe.operators.some((o) => o.op === "python")).toBe(false);
    expect(r.plans[0]?.codeRequest).toBeUndefined();
    expect(r.plans[0]?.rationale).toMatch(/not added: offline the Executor writes no code/);
    expect(r.traces[0]).toMatchObject({ agent: "executor", kind: "note", model: null });
  });

  it("code without transform(row) is refused by the protocol and the plan goes on without it", async () => {
    const model = scriptedModel([
      textReply(JSON.stringify({ code: "print('hi')", description: "Does nothing useful." })),
    ]);
    const r = await addCodeSteps([plan({ codeRequest: "reformat the label" })], {
      ...ctx,
      runtime: runtimeWith(model),
    });
    expect(r.plans[0]?.recipe).toEqual(plan().recipe);
    expect(r.plans[0]?.rationale).toMatch(/the protocol refused it \(a code step defines a top-level function/);
    expect(r.traces.some((t) => t.kind === "error")).toBe(true);
  });

  it("a code step new against the parent needs a reviewer; the parent's own code does not", () => {
    const withCode = (code: string): DataRecipe => ({
      operators: [...BASE_RECIPE.operators, { op: "python", code, timeoutSeconds: 60, memoryMiB: 1024 }],
    });
    expect(codeReviewReason(withCode(CODE), BASE_RECIPE)).toBe("a new code step waits for a reviewer");
    expect(codeReviewReason(withCode(CODE), withCode(CODE))).toBeNull();
    expect(newCodeSteps(withCode(`${CODE}# changed\n`), withCode(CODE))).toHaveLength(1);
    expect(codeReviewReason(BASE_RECIPE, null)).toBeNull();
  });
});
