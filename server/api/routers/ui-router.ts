/** Read models and actions the UI needs beyond the core routers: list overviews and forking a node. */
import { z } from "zod";
import { keepInWorkspaces } from "../../services/workspace-service.ts";
import { forkFromNode } from "../../services/fork-service.ts";
import { listExplorationOverviews } from "../../services/ui-overview-service.ts";
import { acrossWorkspacesProcedure, createTRPCRouter, rateLimited, workspaceProcedure, noInput } from "../trpc.ts";

export const uiRouter = createTRPCRouter({
  /** the list page: only explorations in the caller's workspaces */
  explorationOverviews: acrossWorkspacesProcedure("viewer")
    .input(noInput)
    .query(async ({ ctx }) =>
      keepInWorkspaces(ctx.db, await listExplorationOverviews(ctx.db), ctx.access.workspaceIds),
    ),
  /** a new exploration in the source node's workspace; a reviewer there may start work */
  fork: workspaceProcedure("reviewer", "node", "nodeId")
    .use(rateLimited)
    .input(z.strictObject({ nodeId: z.string().min(1).max(100) }))
    .mutation(({ ctx }) => forkFromNode(ctx.db, ctx.resource.id, { workspaceIds: [ctx.resource.workspaceId] })),
});

/** The router as mounted in root.ts (`ui: uiRouter`). */
export const uiAppRouter = createTRPCRouter({ ui: uiRouter });
