import { z } from "zod";
import {
  curvesFor,
  exportLeaderboard,
  importResult,
  leaderboard,
  submitExploration,
  type EntryScope,
} from "../../services/leaderboard-service.ts";
import { importedResultSchema } from "../../domain/leaderboard/leaderboard-entry.ts";
import { acrossWorkspacesProcedure, createTRPCRouter, workspaceProcedure, type WorkspaceAccess } from "../trpc.ts";

// entries are read within the caller's workspaces: an entry shows its exploration, which strangers may not see
const viewer = acrossWorkspacesProcedure("viewer");
const taskFilter = z.strictObject({ taskId: z.string().max(100).optional() });
const scopeOf = (access: WorkspaceAccess, taskId?: string): EntryScope => ({
  taskId,
  workspaceIds: access.workspaceIds,
});

export const leaderboardRouter = createTRPCRouter({
  list: viewer.input(taskFilter).query(({ ctx, input }) => leaderboard(ctx.db, scopeOf(ctx.access, input.taskId))),
  curves: viewer.input(taskFilter).query(({ ctx, input }) => curvesFor(ctx.db, scopeOf(ctx.access, input.taskId))),
  export: viewer
    .input(taskFilter.extend({ format: z.enum(["csv", "json"]) }))
    .query(({ ctx, input }) => exportLeaderboard(ctx.db, input.format, scopeOf(ctx.access, input.taskId))),
  submit: workspaceProcedure("reviewer", "exploration", "explorationId")
    .input(z.strictObject({ explorationId: z.string().min(1).max(100) }))
    .mutation(({ ctx }) => submitExploration(ctx.db, ctx.resource.id)),
  /** a result measured elsewhere, for an exploration of the caller's workspace */
  import: workspaceProcedure("reviewer", "exploration", "explorationId")
    .input(importedResultSchema)
    .mutation(({ ctx, input }) =>
      importResult(ctx.db, { ...input, explorationId: ctx.resource.id }, [ctx.resource.workspaceId]),
    ),
});
