/**
 * tRPC setup: context, error mapping from service errors, and the procedure ladder:
 * publicProcedure → authedProcedure (signed in, or an API token) → workspaceProcedure(role, scope) (a role in the
 * workspace the input points at) ; adminProcedure for instance-wide settings (runners, secrets).
 */
import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { z, ZodError } from "zod";
import { getDb, type Db } from "../db.ts";
import { roleAtLeast, type Role } from "../domain/auth/roles.ts";
import { isInstanceAdmin, principalFromHeaders, workspacesWithRole, roleInWorkspace, type Principal } from "../auth/principal.ts";
import { workspaceOfExploration, workspaceOfNode } from "../repositories/workspace-repository.ts";
import { recordAudit } from "../security/audit.ts";
import { createRateLimiter } from "../security/rate-limit.ts";
import { ConflictError, InvalidInputError, NotFoundError } from "../services/errors.ts";

export interface Context {
  db: Db;
  /** null or absent: anonymous */
  principal?: Principal | null;
  ip?: string | null;
}

export async function createContext(opts?: { req: Request }): Promise<Context> {
  const db = getDb();
  if (!opts) return { db, principal: null };
  const ip = opts.req.headers.get("x-forwarded-for")?.split(",")[0]?.trim() ?? null;
  return { db, principal: await principalFromHeaders(db, opts.req.headers), ip };
}

const t = initTRPC.context<Context>().create({
  transformer: superjson,
  errorFormatter({ shape, error }) {
    const zodError = error.cause instanceof ZodError ? error.cause.issues.map((i) => ({ path: i.path.join("."), message: i.message })) : null;
    return { ...shape, data: { ...shape.data, zodError } };
  },
});

/** Only routers turn service errors into tRPC errors. */
const mapErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok) {
    const cause = result.error.cause;
    if (cause instanceof NotFoundError) throw new TRPCError({ code: "NOT_FOUND", message: cause.message, cause });
    if (cause instanceof ConflictError) throw new TRPCError({ code: "CONFLICT", message: cause.message, cause });
    if (cause instanceof InvalidInputError) throw new TRPCError({ code: "BAD_REQUEST", message: cause.message, cause });
  }
  return result;
});

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;
/** Rung 1: anyone (health-like reads only). */
export const publicProcedure = t.procedure.use(mapErrors);

/** Rung 2: a signed-in user or a valid API token. */
export const authedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.principal) throw new TRPCError({ code: "UNAUTHORIZED", message: "sign in first" });
  return next({ ctx: { ...ctx, principal: ctx.principal } });
});

/** What the input points at: an exploration (`explorationId` or `id`), a node (`nodeId`, `parentId` or `id`), or a workspace. */
export type WorkspaceScope = "exploration" | "node" | "workspace";

const pointer = z.looseObject({
  id: z.string().max(100).optional(),
  explorationId: z.string().max(100).optional(),
  nodeId: z.string().max(100).optional(),
  parentId: z.string().max(100).optional(),
  workspaceId: z.string().max(100).optional(),
  email: z.string().max(320).optional(),
});

async function workspaceOf(db: Db, scope: WorkspaceScope, raw: unknown): Promise<string | null | undefined> {
  const p = pointer.safeParse(raw ?? {});
  const input = p.success ? p.data : {};
  if (scope === "exploration") {
    const id = input.explorationId ?? input.id;
    return id ? workspaceOfExploration(db, id) : null;
  }
  if (scope === "node") {
    const id = input.nodeId ?? input.parentId ?? input.id;
    return id ? workspaceOfNode(db, id) : null;
  }
  return input.workspaceId; // undefined: every workspace the caller has the role in
}

export interface WorkspaceAccess {
  /** the workspaces this call may touch: one when the input names a resource, else all the caller's with the role */
  workspaceIds: string[];
}

/** Rung 3: a role in the workspace of the resource the input names. Strangers get NOT_FOUND, not a hint. */
export function workspaceProcedure(required: Role, scope: WorkspaceScope) {
  return authedProcedure.use(async ({ ctx, getRawInput, next, path, type }) => {
    const target = await workspaceOf(ctx.db, scope, await getRawInput());
    let workspaceIds: string[];
    if (target === null) throw new TRPCError({ code: "NOT_FOUND", message: `${scope} not found` });
    if (target === undefined) {
      workspaceIds = await workspacesWithRole(ctx.db, ctx.principal, required);
      if (workspaceIds.length === 0 && required !== "viewer") throw new TRPCError({ code: "FORBIDDEN", message: `needs the ${required} role in a workspace` });
    } else {
      const role = await roleInWorkspace(ctx.db, ctx.principal, target);
      if (!role) throw new TRPCError({ code: "NOT_FOUND", message: `${scope} not found` });
      if (!roleAtLeast(role, required)) throw new TRPCError({ code: "FORBIDDEN", message: `needs the ${required} role` });
      workspaceIds = [target];
    }
    const access: WorkspaceAccess = { workspaceIds };
    const result = await next({ ctx: { ...ctx, access } });
    if (type === "mutation" && result.ok) {
      const raw = pointer.safeParse((await getRawInput()) ?? {});
      const targetId = raw.success ? (raw.data.id ?? raw.data.explorationId ?? raw.data.nodeId ?? raw.data.parentId ?? raw.data.email ?? null) : null;
      await recordAudit(ctx.db, { actorUserId: ctx.principal.userId, actorTokenId: ctx.principal.tokenId, workspaceId: workspaceIds[0] ?? null, action: path, target: targetId, ip: ctx.ip });
    }
    return result;
  });
}

/** Instance-wide settings (runners, secrets): instance admins only; every call is audited. */
export const adminProcedure = authedProcedure.use(async ({ ctx, next, path, type }) => {
  if (!isInstanceAdmin(ctx.principal)) throw new TRPCError({ code: "FORBIDDEN", message: "needs an administrator" });
  const result = await next();
  if (type === "mutation" && result.ok) await recordAudit(ctx.db, { actorUserId: ctx.principal.userId, actorTokenId: ctx.principal.tokenId, action: path, ip: ctx.ip });
  return result;
});

/** shared with the HTTP handlers that start costly work (dataset uploads) */
export const costly = createRateLimiter({ capacity: 20, refillPerSecond: 0.2 });

/** For mutations that start work or call a model: a token bucket per user. */
export const rateLimited = t.middleware(({ ctx, next }) => {
  const key = ctx.principal?.userId ?? ctx.ip ?? "anonymous";
  if (!costly.take(key)) throw new TRPCError({ code: "TOO_MANY_REQUESTS", message: "too many requests; try again in a minute" });
  return next();
});
