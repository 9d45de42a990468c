import { z } from "zod";
import { dataRecipeSchema, trainingConfigSchema } from "../../runners/protocol.ts";
import { listNodeArtifacts } from "../../services/artifact-service.ts";
import { getNodeDetail } from "../../services/node-service.ts";
import { addManualChild, approveNode, editNode, pruneSubtree, retryNode } from "../../services/review-service.ts";
import { createTRPCRouter, rateLimited, workspaceProcedure } from "../trpc.ts";

const id = z.string().min(1).max(100);
/** the node version the reviewer saw: a concurrent change by someone else is reported, not overwritten */
const reviewer = workspaceProcedure("reviewer", "node");
const versioned = z.object({ id, version: z.number().int().min(0).optional() });

export const nodeRouter = createTRPCRouter({
  detail: workspaceProcedure("viewer", "node").input(z.object({ id })).query(({ ctx, input }) => getNodeDetail(ctx.db, input.id)),
  artifacts: workspaceProcedure("viewer", "node").input(z.object({ id })).query(({ ctx, input }) => listNodeArtifacts(ctx.db, input.id)),
  approve: reviewer.input(versioned).mutation(({ ctx, input }) => approveNode(ctx.db, input.id, input.version)),
  prune: reviewer.input(versioned).mutation(async ({ ctx, input }) => ({ pruned: await pruneSubtree(ctx.db, input.id, input.version) })),
  retry: reviewer.input(versioned).mutation(({ ctx, input }) => retryNode(ctx.db, input.id, input.version)),
  edit: reviewer
    .input(
      versioned.extend({
        title: z.string().trim().min(1).max(200).optional(),
        rationale: z.string().trim().max(5000).optional(),
        recipe: dataRecipeSchema.optional(),
        config: trainingConfigSchema.optional(),
      }),
    )
    .mutation(({ ctx, input }) => {
      const { id: nodeId, version, ...edit } = input;
      return editNode(ctx.db, nodeId, edit, version);
    }),
  addChild: reviewer
    .use(rateLimited)
    .input(
      z.object({
        parentId: id,
        title: z.string().trim().min(1).max(200),
        rationale: z.string().trim().max(5000).default("added by a reviewer"),
        recipe: dataRecipeSchema,
        config: trainingConfigSchema,
        warmStart: z.boolean().default(false),
      }),
    )
    .mutation(({ ctx, input }) => addManualChild(ctx.db, input)),
});
