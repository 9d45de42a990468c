/** Agent traces: every prompt, response, tool call and result, stored with the exploration and the node. */
import type { Prisma } from "../generated/prisma/client.ts";
import type { Db } from "../db.ts";

type Tx = Prisma.TransactionClient | Db;

export interface NewTrace {
  agent: string;
  step: string;
  kind: string;
  content: string;
  model: string | null;
  tokensIn: number;
  tokensOut: number;
  at: Date;
}

export interface TraceRecord {
  id: string;
  nodeId: string | null;
  agent: string;
  step: string;
  kind: string;
  content: string;
  model: string | null;
  tokensIn: number;
  tokensOut: number;
  createdAt: Date;
}

const traceSelect = {
  id: true,
  nodeId: true,
  agent: true,
  step: true,
  kind: true,
  content: true,
  model: true,
  tokensIn: true,
  tokensOut: true,
  createdAt: true,
} as const;

export async function insertTraces(
  tx: Tx,
  explorationId: string,
  nodeId: string | null,
  traces: readonly NewTrace[],
): Promise<void> {
  await tx.agentTrace.createMany({
    data: traces.map((t) => ({
      explorationId,
      nodeId,
      agent: t.agent,
      step: t.step,
      kind: t.kind,
      content: t.content,
      model: t.model,
      tokensIn: t.tokensIn,
      tokensOut: t.tokensOut,
      createdAt: t.at,
    })),
  });
}

export interface TraceScope {
  nodeId: string;
  /** the conversation that created the node is stored on its parent under this step */
  parent: { id: string; step: string } | null;
}

export interface TracePage {
  items: TraceRecord[];
  nextCursor: string | null;
  total: number;
}

/** Oldest first; `cursor` is the id of the last item of the previous page. */
export async function listTracesOfNode(
  db: Tx,
  scope: TraceScope,
  page: { cursor?: string | null; limit: number },
): Promise<TracePage> {
  const where: Prisma.AgentTraceWhereInput = {
    OR: [{ nodeId: scope.nodeId }, ...(scope.parent ? [{ nodeId: scope.parent.id, step: scope.parent.step }] : [])],
  };
  const [rows, total] = await Promise.all([
    db.agentTrace.findMany({
      where,
      select: traceSelect,
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      take: page.limit + 1,
      ...(page.cursor ? { cursor: { id: page.cursor }, skip: 1 } : {}),
    }),
    db.agentTrace.count({ where }),
  ]);
  const items = rows.slice(0, page.limit);
  return { items, nextCursor: rows.length > page.limit ? (items.at(-1)?.id ?? null) : null, total };
}
