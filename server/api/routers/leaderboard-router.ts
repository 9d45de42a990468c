import { z } from "zod";
import { curvesFor, exportLeaderboard, importResult, leaderboard, submitExploration } from "../../services/leaderboard-service.ts";
import { createTRPCRouter, workspaceProcedure } from "../trpc.ts";

// entries are read within the caller's workspaces: an entry shows its exploration, which strangers may not see
const viewer = workspaceProcedure("viewer", "workspace");
const taskFilter = z.object({ taskId: z.string().max(100).optional() });

export const leaderboardRouter = createTRPCRouter({
  list: viewer.input(taskFilter).query(({ ctx, input }) => leaderboard(ctx.db, { taskId: input.taskId, workspaceIds: ctx.access.workspaceIds })),
  curves: viewer.input(taskFilter).query(({ ctx, input }) => curvesFor(ctx.db, { taskId: input.taskId, workspaceIds: ctx.access.workspaceIds })),
  export: viewer
    .input(taskFilter.extend({ format: z.enum(["csv", "json"]) }))
    .query(({ ctx, input }) => exportLeaderboard(ctx.db, input.format, { taskId: input.taskId, workspaceIds: ctx.access.workspaceIds })),
  submit: workspaceProcedure("reviewer", "exploration").input(z.object({ explorationId: z.string().min(1).max(100) })).mutation(({ ctx, input }) => submitExploration(ctx.db, input.explorationId)),
  import: workspaceProcedure("reviewer", "workspace").input(z.unknown()).mutation(({ ctx, input }) => importResult(ctx.db, input, ctx.access.workspaceIds)),
});
