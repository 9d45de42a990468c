/**
 * GET /api/artifacts/<jobId>/<path…>: one file of a job folder, streamed. Needs a session or an API token and
 * any role in the job's workspace; strangers and unknown paths get the same 404.
 */
import { getDb, type Db } from "../db.ts";
import { principalFromHeaders, roleInWorkspace } from "../auth/principal.ts";
import { workspaceOfJob } from "../services/workspace-service.ts";
import { openJobArtifact } from "../services/artifact-service.ts";
import { NotFoundError, SealedError } from "../domain/errors.ts";
import { RunnerError } from "../runners/errors.ts";

const notFound = () => Response.json({ error: { message: "not found" } }, { status: 404 });

/** a download name without quotes, slashes or control characters */
function downloadName(jobId: string, rel: string): string {
  const base = `${jobId}-${rel.replaceAll("/", "_")}`;
  return base.replace(/[^A-Za-z0-9._-]/g, "_").slice(0, 200);
}

export async function handleArtifactRequest(
  req: Request,
  jobId: string,
  segments: readonly string[],
  db: Db = getDb(),
): Promise<Response> {
  const principal = await principalFromHeaders(db, req.headers);
  if (!principal) return Response.json({ error: { message: "sign in first" } }, { status: 401 });
  const workspaceId = await workspaceOfJob(db, jobId);
  if (!workspaceId || !(await roleInWorkspace(db, principal, workspaceId))) return notFound();
  const rel = segments.join("/");
  try {
    const { file, chunks } = await openJobArtifact(db, jobId, rel);
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const next = await chunks.next();
        if (next.done) controller.close();
        else controller.enqueue(new Uint8Array(next.value));
      },
      async cancel() {
        await chunks.return(undefined);
      },
    });
    return new Response(body, {
      headers: {
        "content-type": "application/octet-stream",
        "content-length": String(file.bytes),
        "content-disposition": `attachment; filename="${downloadName(jobId, rel)}"`,
        "x-content-type-options": "nosniff",
        "cache-control": "private, no-store",
      },
    });
  } catch (e) {
    if (e instanceof NotFoundError) return notFound();
    if (e instanceof SealedError) return Response.json({ error: { message: e.message } }, { status: 403 });
    if (e instanceof RunnerError) return Response.json({ error: { message: e.message } }, { status: 502 });
    throw e;
  }
}
