/** Read models and actions the UI needs beyond the core routers: list overviews and forking a node. */
import { z } from "zod";
import { explorationIdsInWorkspaces } from "../../repositories/workspace-repository.ts";
import { forkFromNode } from "../../services/fork-service.ts";
import { listExplorationOverviews } from "../../services/ui-overview-service.ts";
import { createTRPCRouter, rateLimited, workspaceProcedure } from "../trpc.ts";

export const uiRouter = createTRPCRouter({
  /** the list page: only explorations in the caller's workspaces */
  explorationOverviews: workspaceProcedure("viewer", "workspace").query(async ({ ctx }) => {
    const all = await listExplorationOverviews(ctx.db);
    const visible = await explorationIdsInWorkspaces(ctx.db, all.map((e) => e.id), ctx.access.workspaceIds);
    return all.filter((e) => visible.has(e.id));
  }),
  /** a new exploration in the source node's workspace; a reviewer there may start work */
  fork: workspaceProcedure("reviewer", "node")
    .use(rateLimited)
    .input(z.object({ nodeId: z.string().min(1).max(100) }))
    .mutation(({ ctx, input }) => forkFromNode(ctx.db, input.nodeId, { workspaceIds: ctx.access.workspaceIds })),
});

/** The router as mounted in root.ts (`ui: uiRouter`). */
export const uiAppRouter = createTRPCRouter({ ui: uiRouter });
