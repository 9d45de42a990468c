/** "Try the model": ask a succeeded node's checkpoint (beside its parent's or the base model) and read the answers. */
import { z } from "zod";
import { COMPARE_WITH } from "../../domain/playground/models-to-ask.ts";
import type { GenerationRecord } from "../../repositories/generation-repository.ts";
import { GENERATION_MAX_NEW_TOKENS, GENERATION_PROMPT_MAX_CHARS } from "../../contract/job-protocol.ts";
import { askModel, listGenerations } from "../../services/generation-service.ts";
import { createTRPCRouter, rateLimited, workspaceProcedure } from "../trpc.ts";

const nodeId = z.string().min(1).max(100);

/** What members see of a generation: the prompt, each model's answer and timings; not where the job ran. */
function view(g: GenerationRecord) {
  return {
    id: g.id,
    prompt: g.prompt,
    compareWith: g.compareWith,
    maxNewTokens: g.maxNewTokens,
    temperature: g.temperature,
    status: g.status,
    error: g.error,
    wallSeconds: g.wallSeconds,
    createdAt: g.createdAt,
    finishedAt: g.finishedAt,
    models: g.models.map((m) => {
      const answer = g.answers?.find((a) => a.label === m.label);
      return {
        label: m.label,
        title: m.title,
        answer: answer?.answers[0] ?? null,
        loadSeconds: answer?.loadSeconds ?? null,
        generateSeconds: answer?.generateSeconds ?? null,
        newTokens: answer?.newTokens ?? null,
      };
    }),
  };
}

export const playgroundRouter = createTRPCRouter({
  list: workspaceProcedure("viewer", "node", "nodeId")
    .input(z.strictObject({ nodeId }))
    .query(async ({ ctx }) => (await listGenerations(ctx.db, ctx.resource.id)).map(view)),
  ask: workspaceProcedure("reviewer", "node", "nodeId")
    .use(rateLimited)
    .input(
      z.strictObject({
        nodeId,
        prompt: z
          .string()
          .trim()
          .min(1, "Write a prompt first: it is empty.")
          .max(GENERATION_PROMPT_MAX_CHARS, `A prompt is at most ${GENERATION_PROMPT_MAX_CHARS} characters.`),
        compareWith: z.enum(COMPARE_WITH).default("base"),
        maxNewTokens: z
          .number()
          .int()
          .min(1)
          .max(GENERATION_MAX_NEW_TOKENS, `At most ${GENERATION_MAX_NEW_TOKENS} new tokens.`)
          .default(64),
        temperature: z.number().min(0).max(2).default(0),
      }),
    )
    .mutation(async ({ ctx, input }) =>
      view(await askModel(ctx.db, { ...input, nodeId: ctx.resource.id, askedById: ctx.principal.userId })),
    ),
});
