import { z } from "zod";
import { deleteDataset, getDatasetIn, listDatasets } from "../../services/dataset-service.ts";
import { acrossWorkspacesProcedure, createTRPCRouter, workspaceProcedure, noInput } from "../trpc.ts";

const byId = z.strictObject({ datasetId: z.string().min(1).max(100) });

/** Uploaded datasets of the caller's workspaces (the upload itself is POST /api/datasets: files exceed tRPC's limit). */
export const datasetRouter = createTRPCRouter({
  list: acrossWorkspacesProcedure("viewer")
    .input(noInput)
    .query(({ ctx }) => listDatasets(ctx.db, ctx.access.workspaceIds)),
  get: workspaceProcedure("viewer", "dataset", "datasetId")
    .input(byId)
    .query(({ ctx }) => getDatasetIn(ctx.db, ctx.resource.id, [ctx.resource.workspaceId])),
  delete: workspaceProcedure("reviewer", "dataset", "datasetId")
    .input(byId)
    .mutation(async ({ ctx }) => {
      await deleteDataset(ctx.db, ctx.resource.id, [ctx.resource.workspaceId]);
      return { deleted: ctx.resource.id };
    }),
});
