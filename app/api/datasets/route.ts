import { handleDatasetUpload } from "@/server/api/dataset-upload-handler.ts";

export async function POST(req: Request) {
  return handleDatasetUpload(req);
}
