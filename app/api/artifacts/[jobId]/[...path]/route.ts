import { handleArtifactRequest } from "@/server/api/artifact-handler.ts";

export async function GET(req: Request, { params }: { params: Promise<{ jobId: string; path: string[] }> }) {
  const { jobId, path } = await params;
  return handleArtifactRequest(req, jobId, path);
}
