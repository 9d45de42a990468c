import { z } from "zod";
import { curvesFor, exportLeaderboard, importResult, leaderboard, submitExploration } from "../../services/leaderboard-service.ts";
import { createTRPCRouter, publicProcedure } from "../trpc.ts";

const taskFilter = z.object({ taskId: z.string().max(100).optional() });

export const leaderboardRouter = createTRPCRouter({
  list: publicProcedure.input(taskFilter).query(({ ctx, input }) => leaderboard(ctx.db, input.taskId)),
  curves: publicProcedure.input(taskFilter).query(({ ctx, input }) => curvesFor(ctx.db, input.taskId)),
  export: publicProcedure.input(taskFilter.extend({ format: z.enum(["csv", "json"]) })).query(({ ctx, input }) => exportLeaderboard(ctx.db, input.format, input.taskId)),
  submit: publicProcedure.input(z.object({ explorationId: z.string().min(1).max(100) })).mutation(({ ctx, input }) => submitExploration(ctx.db, input.explorationId)),
  import: publicProcedure.input(z.unknown()).mutation(({ ctx, input }) => importResult(ctx.db, input)),
});
