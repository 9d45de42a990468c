import { z } from "zod";
import { getNodeDetail } from "../../services/node-service.ts";
import { createTRPCRouter, publicProcedure } from "../trpc.ts";

export const nodeRouter = createTRPCRouter({
  detail: publicProcedure.input(z.object({ id: z.string().min(1).max(100) })).query(({ ctx, input }) => getNodeDetail(ctx.db, input.id)),
});
