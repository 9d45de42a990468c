import { z } from "zod";
import { deleteDataset, getDatasetIn, listDatasets } from "../../services/dataset-service.ts";
import { createTRPCRouter, workspaceProcedure } from "../trpc.ts";

const byId = z.object({ datasetId: z.string().min(1).max(100) });

/** Uploaded datasets of the caller's workspaces (the upload itself is POST /api/datasets: files exceed tRPC's limit). */
export const datasetRouter = createTRPCRouter({
  list: workspaceProcedure("viewer", "workspace").query(({ ctx }) => listDatasets(ctx.db, ctx.access.workspaceIds)),
  get: workspaceProcedure("viewer", "workspace").input(byId).query(({ ctx, input }) => getDatasetIn(ctx.db, input.datasetId, ctx.access.workspaceIds)),
  delete: workspaceProcedure("reviewer", "workspace")
    .input(byId)
    .mutation(async ({ ctx, input }) => {
      await deleteDataset(ctx.db, input.datasetId, ctx.access.workspaceIds);
      return { deleted: input.datasetId };
    }),
});
