/**
 * POST /api/datasets (multipart/form-data): name, metric, labels (comma-separated), optional workspaceId, and the
 * files `train` (required), `validation`, `test`. tRPC's 1 MiB request limit is too small for data, hence a route
 * of its own, with the same session/token auth, CSRF check, rate limit and audit. Answers 201 with the dataset,
 * or 400 with `fieldErrors` keyed like the form's fields.
 */
import { getDb, type Db } from "../db.ts";
import { env } from "../env.ts";
import { principalFromHeaders, workspacesWithRole, type Principal } from "../auth/principal.ts";
import { SPLITS } from "../domain/datasets/dataset-file.ts";
import { labelsFromText, MAX_DATASET_BYTES } from "../domain/datasets/dataset-input.ts";
import { recordAudit } from "../security/audit.ts";
import { clientIpOf } from "../security/client-ip.ts";
import { readBodyWithin, withBody } from "../security/body-limit.ts";
import { hasBearerToken, isSameOriginRequest } from "../security/csrf.ts";
import { RATE_LIMITS, takeToken } from "../security/rate-limit.ts";
import { createDataset, DatasetRejectedError, type UploadedFile } from "../services/dataset-service.ts";

/** the files plus room for the form's other fields and multipart boundaries */
export const MAX_UPLOAD_BYTES = MAX_DATASET_BYTES + 1024 * 1024;

const refuse = (status: number, message: string, fieldErrors?: Record<string, string>) =>
  Response.json({ error: { message, ...(fieldErrors ? { fieldErrors } : {}) } }, { status });

/** The workspace named in the form, or the caller's first where they may create explorations (reviewer). */
async function targetWorkspace(db: Db, p: Principal, named: string | null): Promise<string | null> {
  return (await workspacesWithRole(db, p, "reviewer", named ? [named] : undefined))[0] ?? null;
}

const text = (form: FormData, key: string) => {
  const v = form.get(key);
  return typeof v === "string" ? v : null;
};

export async function handleDatasetUpload(req: Request, db: Db = getDb()): Promise<Response> {
  if (!hasBearerToken(req.headers) && !isSameOriginRequest(req.headers, env.TREX_PUBLIC_URL))
    return refuse(403, "cross-site request refused");
  const principal = await principalFromHeaders(db, req.headers);
  if (!principal) return refuse(401, "sign in first");
  if (!(await takeToken(db, RATE_LIMITS.costly, principal.userId)))
    return refuse(429, "too many requests; try again in a minute");
  // the declared length can lie or be absent (chunked): read at most the limit, as it streams
  const body = await readBodyWithin(req, MAX_UPLOAD_BYTES);
  if (!body) return refuse(413, `the upload is larger than ${MAX_DATASET_BYTES / 1048576} MiB`);
  let form: FormData;
  try {
    form = await withBody(req, body).formData();
  } catch {
    return refuse(400, "send the dataset as multipart/form-data");
  }
  const workspaceId = await targetWorkspace(db, principal, text(form, "workspaceId"));
  if (!workspaceId) return refuse(403, "needs the reviewer role in a workspace");
  const files: UploadedFile[] = [];
  for (const split of SPLITS) {
    const f = form.get(split);
    if (f instanceof File && f.size > 0)
      files.push({ split, fileName: f.name || `${split}.jsonl`, data: Buffer.from(await f.arrayBuffer()) });
  }
  try {
    const dataset = await createDataset(db, {
      meta: {
        name: text(form, "name") ?? "",
        metric: text(form, "metric") ?? "",
        labels: labelsFromText(text(form, "labels") ?? ""),
      },
      files,
      workspaceId,
      createdById: principal.userId,
    });
    await recordAudit(db, {
      actorUserId: principal.userId,
      actorTokenId: principal.tokenId,
      workspaceId,
      action: "dataset.upload",
      target: dataset.id,
      details: { name: dataset.name, rows: dataset.summary.rows, sha256: dataset.sha256 },
      ip: clientIpOf(req.headers),
    });
    return Response.json({ dataset }, { status: 201 });
  } catch (e) {
    if (e instanceof DatasetRejectedError) return refuse(400, "the dataset cannot be used as it is", e.fieldErrors);
    throw e;
  }
}
