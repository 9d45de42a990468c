import { z } from "zod";
import {
  curvesFor,
  exportLeaderboard,
  leaderboard,
  leaderboardBoard,
  submitExploration,
  type EntryScope,
} from "../../services/leaderboard-service.ts";
import { exportEntryRecord, importEntryRecord } from "../../services/leaderboard-record-service.ts";
import { acrossWorkspacesProcedure, createTRPCRouter, workspaceProcedure, type WorkspaceAccess } from "../trpc.ts";

// entries are read within the caller's workspaces: an entry shows its exploration, which strangers may not see
const viewer = acrossWorkspacesProcedure("viewer");
const taskFilter = z.strictObject({ taskId: z.string().max(100).optional() });
const scopeOf = (access: WorkspaceAccess, taskId?: string): EntryScope => ({
  taskId,
  workspaceIds: access.workspaceIds,
});
const explorationId = z.strictObject({ explorationId: z.string().min(1).max(100) });

export const leaderboardRouter = createTRPCRouter({
  list: viewer.input(taskFilter).query(({ ctx, input }) => leaderboard(ctx.db, scopeOf(ctx.access, input.taskId))),
  /** the paper's tasks on official data beside the paper's numbers, modified data apart, FT-Bench-mini */
  board: viewer
    .input(taskFilter.extend({ baseModel: z.string().max(300).optional() }))
    .query(({ ctx, input }) =>
      leaderboardBoard(ctx.db, { ...scopeOf(ctx.access, input.taskId), baseModel: input.baseModel }),
    ),
  curves: viewer.input(taskFilter).query(({ ctx, input }) => curvesFor(ctx.db, scopeOf(ctx.access, input.taskId))),
  export: viewer
    .input(taskFilter.extend({ format: z.enum(["csv", "json"]) }))
    .query(({ ctx, input }) => exportLeaderboard(ctx.db, input.format, scopeOf(ctx.access, input.taskId))),
  submit: workspaceProcedure("reviewer", "exploration", "explorationId")
    .input(explorationId)
    .mutation(({ ctx }) => submitExploration(ctx.db, ctx.resource.id)),
  /** one entry as a self-contained record another instance can import */
  exportEntry: workspaceProcedure("viewer", "exploration", "explorationId")
    .input(explorationId)
    .query(({ ctx }) => exportEntryRecord(ctx.db, ctx.resource.id)),
  /** a record exported by another instance, verified, ranked in the caller's workspace and marked imported */
  import: workspaceProcedure("reviewer", "workspace", "workspaceId")
    .input(z.strictObject({ workspaceId: z.string().min(1).max(100), record: z.unknown() }))
    .mutation(({ ctx, input }) => importEntryRecord(ctx.db, input.record, ctx.resource.id)),
});
