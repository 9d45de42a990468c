import { z } from "zod";
import { getExplorationInsights, getNodeTraces, previewRequirementAnalysis } from "../../services/agent-service.ts";
import { TASK_IDS } from "../../domain/tasks/task-registry.ts";
import { FTBENCH_TASK_IDS } from "../../domain/tasks/ftbench-tasks.ts";
import { analysisHints } from "../../services/requirement-service.ts";
import { createTRPCRouter, rateLimited, workspaceProcedure } from "../trpc.ts";

const id = z.string().min(1).max(100);

export const agentRouter = createTRPCRouter({
  /** every prompt, response, tool call and result behind a node, oldest first */
  traces: workspaceProcedure("viewer", "node", "nodeId")
    .input(z.strictObject({ nodeId: id, cursor: id.nullish(), limit: z.number().int().min(1).max(200).default(50) }))
    .query(({ ctx, input }) => getNodeTraces(ctx.db, ctx.resource.id, input.cursor ?? null, input.limit)),
  insights: workspaceProcedure("viewer", "exploration", "explorationId")
    .input(z.strictObject({ explorationId: id }))
    .query(({ ctx }) => getExplorationInsights(ctx.db, ctx.resource.id)),
  /** goal → structured spec, without creating anything; long, foreign or hostile goals are analysed, never obeyed */
  previewAnalysis: workspaceProcedure("reviewer", "workspace", "workspaceId", { optional: true, changesNothing: true })
    .use(rateLimited)
    .input(
      z.strictObject({
        workspaceId: id.optional(),
        goal: z.string().trim().min(1, "Describe the goal").max(100_000),
        taskId: z.enum([...TASK_IDS, ...FTBENCH_TASK_IDS] as [string, ...string[]]).optional(),
        datasetId: id.optional(),
        baseModel: z.string().max(120).optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      // the workspace's datasets are candidates too: a goal may name one; the picked dataset is looked up inside it
      return previewRequirementAnalysis(input.goal, await analysisHints(ctx.db, input, [ctx.resource.workspaceId]));
    }),
});
