import { z } from "zod";
import { compareNodes } from "../../services/compare-service.ts";
import { createTRPCRouter, workspaceProcedure } from "../trpc.ts";

const id = z.string().min(1).max(100);

export const compareRouter = createTRPCRouter({
  /** access is decided on the exploration; the node ids are secondary: the service finds each inside it */
  nodes: workspaceProcedure("viewer", "exploration", "explorationId")
    .input(
      z.strictObject({
        explorationId: id,
        nodeIds: z
          .array(id)
          .min(2, "pick at least two nodes to compare")
          .max(12, "compare at most twelve nodes at once"),
      }),
    )
    .query(({ ctx, input }) => compareNodes(ctx.db, ctx.resource.id, input.nodeIds)),
});
