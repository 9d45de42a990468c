import { z } from "zod";
import { dataRecipeSchema, trainingConfigSchema } from "../../contract/job-protocol.ts";
import { listNodeArtifacts } from "../../services/artifact-service.ts";
import { getNodeDetail } from "../../services/node-service.ts";
import { pruneSubtree, undoPrune } from "../../services/prune-service.ts";
import { addManualChild, approveNode, editNode, retryNode } from "../../services/review-service.ts";
import { baseModelProblem } from "../../contract/base-models.ts";
import { refuseHiddenCharacters } from "../../contract/hidden-characters.ts";
import { createTRPCRouter, rateLimited, workspaceProcedure } from "../trpc.ts";

const id = z.string().min(1).max(100);
const title = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .refine(...refuseHiddenCharacters("A title"));
/** why a reviewer pruned: kept with the prune, shown on the node and in the timeline, audited */
const pruneReason = z
  .string()
  .trim()
  .min(1, "Say why this subtree is pruned.")
  .max(500)
  .refine(...refuseHiddenCharacters("A reason"));
/** a warm start is asked for with `warmStart` and starts from the parent's checkpoint: a config never names a path */
const reviewerConfig = trainingConfigSchema
  .refine((c) => c.initFrom === undefined, {
    path: ["initFrom"],
    message: "a checkpoint cannot be named by hand; ask for a warm start and the parent's checkpoint is used",
  })
  .superRefine((c, ctx) => {
    const problem = baseModelProblem(c.baseModel);
    if (problem) ctx.addIssue({ code: "custom", path: ["baseModel"], message: problem });
  });
/** the node version the reviewer saw: a concurrent change by someone else is reported, not overwritten */
const reviewer = workspaceProcedure("reviewer", "node", "id");
const versioned = z.strictObject({ id, version: z.number().int().min(0).optional() });

export const nodeRouter = createTRPCRouter({
  detail: workspaceProcedure("viewer", "node", "id")
    .input(z.strictObject({ id }))
    .query(({ ctx }) => getNodeDetail(ctx.db, ctx.resource.id)),
  artifacts: workspaceProcedure("viewer", "node", "id")
    .input(z.strictObject({ id }))
    .query(({ ctx }) => listNodeArtifacts(ctx.db, ctx.resource.id)),
  approve: reviewer.input(versioned).mutation(({ ctx, input }) => approveNode(ctx.db, ctx.resource.id, input.version)),
  prune: workspaceProcedure("reviewer", "node", "id", { auditInput: ["reason"] })
    .input(versioned.extend({ reason: pruneReason }))
    .mutation(async ({ ctx, input }) => ({
      pruned: await pruneSubtree(ctx.db, ctx.resource.id, input.reason, input.version),
    })),
  /** puts back what the prune of this node changed, while nothing under it has run */
  undoPrune: reviewer
    .input(versioned)
    .mutation(async ({ ctx, input }) => ({ restored: await undoPrune(ctx.db, ctx.resource.id, input.version) })),
  retry: reviewer.input(versioned).mutation(({ ctx, input }) => retryNode(ctx.db, ctx.resource.id, input.version)),
  edit: reviewer
    .input(
      versioned.extend({
        title: title.optional(),
        rationale: z.string().trim().max(5000).optional(),
        recipe: dataRecipeSchema.optional(),
        config: reviewerConfig.optional(),
      }),
    )
    .mutation(({ ctx, input }) => {
      const { id: _named, version, ...edit } = input;
      return editNode(ctx.db, ctx.resource.id, edit, version);
    }),
  addChild: workspaceProcedure("reviewer", "node", "parentId")
    .use(rateLimited)
    .input(
      z.strictObject({
        parentId: id,
        title,
        rationale: z.string().trim().max(5000).default("added by a reviewer"),
        recipe: dataRecipeSchema,
        config: reviewerConfig,
        warmStart: z.boolean().default(false),
      }),
    )
    .mutation(({ ctx, input }) => addManualChild(ctx.db, { ...input, parentId: ctx.resource.id })),
});
