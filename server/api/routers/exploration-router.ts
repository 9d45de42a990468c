import { z } from "zod";
import { budgetSchema, createExplorationSchema } from "../../domain/explorations/exploration-input.ts";
import { approveAllPending, updateBudget } from "../../services/review-service.ts";
import {
  createExploration,
  getTree,
  listExplorationSummaries,
  pauseExploration,
  resumeExploration,
  stopExploration,
} from "../../services/exploration-service.ts";
import { createTRPCRouter, publicProcedure } from "../trpc.ts";

const byId = z.object({ id: z.string().min(1).max(100) });

export const explorationRouter = createTRPCRouter({
  list: publicProcedure.query(({ ctx }) => listExplorationSummaries(ctx.db)),
  tree: publicProcedure.input(byId).query(({ ctx, input }) => getTree(ctx.db, input.id)),
  create: publicProcedure.input(createExplorationSchema).mutation(async ({ ctx, input }) => {
    const e = await createExploration(ctx.db, input);
    return { id: e.id };
  }),
  pause: publicProcedure.input(byId).mutation(({ ctx, input }) => pauseExploration(ctx.db, input.id)),
  resume: publicProcedure.input(byId).mutation(({ ctx, input }) => resumeExploration(ctx.db, input.id)),
  stop: publicProcedure.input(byId).mutation(({ ctx, input }) => stopExploration(ctx.db, input.id)),
  approveAll: publicProcedure.input(byId).mutation(async ({ ctx, input }) => ({ approved: await approveAllPending(ctx.db, input.id) })),
  updateBudget: publicProcedure.input(byId.extend({ budget: budgetSchema })).mutation(({ ctx, input }) => updateBudget(ctx.db, input.id, input.budget)),
});
