import { z } from "zod";
import { budgetSchema, createExplorationSchema } from "../../domain/explorations/exploration-input.ts";
import { approveAllPending, updateBudget } from "../../services/review-service.ts";
import {
  createExploration,
  getExploration,
  getTree,
  getTreeChanges,
  listExplorationSummaries,
  pauseExploration,
  resumeExploration,
  revealTestScores,
  stopExploration,
} from "../../services/exploration-service.ts";
import { getExplorationQueue } from "../../services/queue-service.ts";
import { keepInWorkspaces } from "../../services/workspace-service.ts";
import { acrossWorkspacesProcedure, createTRPCRouter, rateLimited, workspaceProcedure, noInput } from "../trpc.ts";

const byId = z.strictObject({ id: z.string().min(1).max(100) });
const reviewer = workspaceProcedure("reviewer", "exploration", "id");

export const explorationRouter = createTRPCRouter({
  list: acrossWorkspacesProcedure("viewer")
    .input(noInput)
    .query(async ({ ctx }) =>
      keepInWorkspaces(ctx.db, await listExplorationSummaries(ctx.db), ctx.access.workspaceIds),
    ),
  /** one row: what a page needs to know that the exploration exists for this reader, and its title */
  title: workspaceProcedure("viewer", "exploration", "id")
    .input(byId)
    .query(async ({ ctx }) => {
      const { id, title } = await getExploration(ctx.db, ctx.resource.id);
      return { id, title };
    }),
  tree: workspaceProcedure("viewer", "exploration", "id")
    .input(byId)
    .query(({ ctx }) => getTree(ctx.db, ctx.resource.id)),
  /** the nodes written since a reader's last read of the tree (its `asOf`): live views refetch this, not the tree */
  treeChanges: workspaceProcedure("viewer", "exploration", "id")
    .input(byId.extend({ since: z.iso.datetime() }))
    .query(({ ctx, input }) => getTreeChanges(ctx.db, ctx.resource.id, new Date(input.since))),
  /** waiting nodes: position in the runner's fair-share queue, why they wait, when they should start */
  queue: workspaceProcedure("viewer", "exploration", "id")
    .input(byId)
    .query(({ ctx }) => getExplorationQueue(ctx.db, ctx.resource.id)),
  /** in `workspaceId`, or the caller's first workspace where they are a reviewer; a dataset must lie in it */
  create: workspaceProcedure("reviewer", "workspace", "workspaceId", { optional: true })
    .use(rateLimited)
    .input(createExplorationSchema)
    .mutation(async ({ ctx, input }) => {
      const e = await createExploration(ctx.db, input, { workspaceIds: [ctx.resource.workspaceId] });
      return { id: e.id };
    }),
  pause: reviewer.input(byId).mutation(({ ctx }) => pauseExploration(ctx.db, ctx.resource.id)),
  resume: reviewer.input(byId).mutation(({ ctx }) => resumeExploration(ctx.db, ctx.resource.id)),
  stop: reviewer.input(byId).mutation(({ ctx }) => stopExploration(ctx.db, ctx.resource.id)),
  /** opens the test scores before the end; audited like every mutation */
  revealTestScores: reviewer.input(byId).mutation(({ ctx }) => revealTestScores(ctx.db, ctx.resource.id)),
  approveAll: reviewer
    .input(byId)
    .mutation(async ({ ctx }) => ({ approved: await approveAllPending(ctx.db, ctx.resource.id) })),
  updateBudget: reviewer
    .input(byId.extend({ budget: budgetSchema }))
    .mutation(({ ctx, input }) => updateBudget(ctx.db, ctx.resource.id, input.budget)),
});
