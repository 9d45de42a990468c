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
import { explorationIdsInWorkspaces } from "../../repositories/workspace-repository.ts";
import { createTRPCRouter, rateLimited, workspaceProcedure } from "../trpc.ts";

const byId = z.object({ id: z.string().min(1).max(100) });
const reviewer = workspaceProcedure("reviewer", "exploration");

export const explorationRouter = createTRPCRouter({
  list: workspaceProcedure("viewer", "workspace").query(async ({ ctx }) => {
    const all = await listExplorationSummaries(ctx.db);
    const visible = await explorationIdsInWorkspaces(ctx.db, all.map((e) => e.id), ctx.access.workspaceIds);
    return all.filter((e) => visible.has(e.id));
  }),
  tree: workspaceProcedure("viewer", "exploration").input(byId).query(({ ctx, input }) => getTree(ctx.db, input.id)),
  create: workspaceProcedure("reviewer", "workspace")
    .use(rateLimited)
    .input(createExplorationSchema)
    .mutation(async ({ ctx, input }) => {
    const e = await createExploration(ctx.db, input, { workspaceIds: ctx.access.workspaceIds });
    return { id: e.id };
  }),
  pause: reviewer.input(byId).mutation(({ ctx, input }) => pauseExploration(ctx.db, input.id)),
  resume: reviewer.input(byId).mutation(({ ctx, input }) => resumeExploration(ctx.db, input.id)),
  stop: reviewer.input(byId).mutation(({ ctx, input }) => stopExploration(ctx.db, input.id)),
  approveAll: reviewer.input(byId).mutation(async ({ ctx, input }) => ({ approved: await approveAllPending(ctx.db, input.id) })),
  updateBudget: reviewer.input(byId.extend({ budget: budgetSchema })).mutation(({ ctx, input }) => updateBudget(ctx.db, input.id, input.budget)),
});
