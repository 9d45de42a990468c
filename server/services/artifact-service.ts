/** The files of a node's job (checkpoint, result, events, logs): listed for the inspector, streamed for download. */
import type { Db } from "../db.ts";
import { findJob, latestJobOfNode } from "../repositories/job-repository.ts";
import { explorationStateOfNode } from "../repositories/node-repository.ts";
import { checkArtifactPath, listJobArtifacts, readJobArtifact, type Artifact } from "../runners/job-artifacts.ts";
import { getRunner } from "./runner-registry.ts";
import { RunnerError } from "../runners/errors.ts";
import { isExplorationStatus } from "../contract/statuses.ts";
import { SEALED_ARTIFACTS, SEALED_NOTE, testScoresSealed } from "../domain/explorations/test-seal.ts";
import { NotFoundError, SealedError } from "../domain/errors.ts";

export interface NodeArtifacts {
  jobId: string | null;
  /** sealed: the file carries test scores and cannot be downloaded before the exploration ends or they are revealed */
  files: (Artifact & { sealed: boolean })[];
  /** why there is nothing to download, when there is not */
  note?: string;
}

async function runnerHostOf(db: Db, job: { runnerName: string }) {
  const runner = await getRunner(db, job.runnerName);
  if (!runner.artifactHost)
    throw new RunnerError(`the ${runner.kind} runner keeps its files (see its logs and buckets)`);
  return runner.artifactHost;
}

async function sealedForNode(db: Db, nodeId: string): Promise<boolean> {
  const exploration = await explorationStateOfNode(db, nodeId);
  return (
    !exploration ||
    !isExplorationStatus(exploration.status) ||
    testScoresSealed({ status: exploration.status, testRevealedAt: exploration.testRevealedAt })
  );
}

export async function listNodeArtifacts(db: Db, nodeId: string): Promise<NodeArtifacts> {
  const job = await latestJobOfNode(db, nodeId);
  if (!job?.workDir) return { jobId: null, files: [], note: "this node has not run" };
  try {
    const sealed = await sealedForNode(db, nodeId);
    const files = await listJobArtifacts(await runnerHostOf(db, job), job.workDir);
    return { jobId: job.id, files: files.map((f) => ({ ...f, sealed: sealed && SEALED_ARTIFACTS.includes(f.path) })) };
  } catch (e) {
    if (e instanceof RunnerError) return { jobId: job.id, files: [], note: e.message };
    throw e;
  }
}

/** One file of a job, only if the job's listing holds it: a path can never leave the job folder. */
export async function openJobArtifact(
  db: Db,
  jobId: string,
  rel: string,
): Promise<{ file: Artifact; nodeId: string; chunks: AsyncGenerator<Buffer> }> {
  const job = await findJob(db, jobId);
  if (!job?.workDir) throw new NotFoundError(`job ${jobId} not found`);
  let clean: string;
  try {
    clean = checkArtifactPath(rel);
  } catch {
    throw new NotFoundError(`no file ${JSON.stringify(rel.slice(0, 200))} in job ${jobId}`);
  }
  const host = await runnerHostOf(db, job);
  const file = (await listJobArtifacts(host, job.workDir)).find((f) => f.path === clean);
  if (!file) throw new NotFoundError(`no file ${JSON.stringify(clean)} in job ${jobId}`);
  if (SEALED_ARTIFACTS.includes(clean) && (await sealedForNode(db, job.nodeId)))
    throw new SealedError(`${clean} holds test scores. ${SEALED_NOTE}`);
  return { file, nodeId: job.nodeId, chunks: readJobArtifact(host, job.workDir, clean) };
}
