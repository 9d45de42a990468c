/**
 * tRPC setup: context, error mapping, and the procedure ladder. Every procedure is built on exactly one rung:
 *
 *   publicProcedure                      anyone (health-like reads only)
 *   authedProcedure                      signed in (session or API token); acts only on the caller's own things
 *   workspaceProcedure(role, kind, field) acts on ONE resource: the input field `field` holds the id of a
 *                                        `kind` ("exploration" | "node" | "dataset" | "workspace"); the ladder
 *                                        resolves that resource's workspace from this field ALONE, checks the
 *                                        caller's role there, and hands the handler `ctx.resource`
 *                                        ({ kind, id, workspaceId, role }): use `ctx.resource.id`, not the input.
 *   acrossWorkspacesProcedure(role)      queries that list things in every workspace where the caller has `role`
 *                                        (`ctx.access.workspaceIds`); mutations may not use it
 *   adminProcedure                       instance-wide settings (runners, secrets): instance admins only
 *
 * Declaring a procedure:
 *   pause: workspaceProcedure("reviewer", "exploration", "id")
 *     .input(z.strictObject({ id }))                       // always a strict object: an extra field is a 400
 *     .mutation(({ ctx }) => pauseExploration(ctx.db, ctx.resource.id)),
 * Any other id in the input (a dataset to train on, a member to remove) is a secondary reference: the service
 * must look it up inside `ctx.resource.workspaceId` (or `ctx.access.workspaceIds`), never on its own.
 * Successful mutations are audited in the workspace of the resource acted on, naming the actor.
 * server/api/access.test.ts walks every procedure of the app router and attacks it (anonymous, another
 * workspace, a viewer, a second id field, ids of other kinds): a new procedure needs a sample input there.
 */
import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { z, ZodError } from "zod";
import { getDb, type Db } from "../db.ts";
import { roleAtLeast, type Role } from "../domain/auth/roles.ts";
import {
  isInstanceAdmin,
  principalFromHeaders,
  workspacesWithRole,
  roleInWorkspace,
  type Principal,
} from "../auth/principal.ts";
import { workspaceOfResource } from "../services/workspace-service.ts";
import { recordAudit } from "../security/audit.ts";
import { addressBucketKey, clientIpOf } from "../security/client-ip.ts";
import { RATE_LIMITS, takeToken } from "../security/rate-limit.ts";
import { ConflictError, InvalidInputError, NotFoundError } from "../domain/errors.ts";
import { describeInputError } from "./input-errors.ts";

export interface Context {
  db: Db;
  /** null or absent: anonymous */
  principal?: Principal | null;
  ip?: string | null;
}

export async function createContext(opts?: { req: Request }): Promise<Context> {
  const db = getDb();
  if (!opts) return { db, principal: null };
  return { db, principal: await principalFromHeaders(db, opts.req.headers), ip: clientIpOf(opts.req.headers) };
}

const t = initTRPC
  .context<Context>()
  .meta<ProcedureMeta>()
  .create({
    transformer: superjson,
    errorFormatter({ shape, error }) {
      const zodError =
        error.cause instanceof ZodError
          ? error.cause.issues.map((i) => ({ path: i.path.join("."), message: i.message }))
          : null;
      return { ...shape, data: { ...shape.data, zodError } };
    },
  });

/** Only routers turn service errors into tRPC errors; a refused input is said in sentences. */
const mapErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok) {
    const cause = result.error.cause;
    if (cause instanceof ZodError)
      throw new TRPCError({ code: "BAD_REQUEST", message: describeInputError(cause), cause });
    if (cause instanceof NotFoundError) throw new TRPCError({ code: "NOT_FOUND", message: cause.message, cause });
    if (cause instanceof ConflictError) throw new TRPCError({ code: "CONFLICT", message: cause.message, cause });
    if (cause instanceof InvalidInputError) throw new TRPCError({ code: "BAD_REQUEST", message: cause.message, cause });
  }
  return result;
});

/** The input of a procedure that takes none: nothing, or an empty object (an extra field is a 400 here too). */
export const noInput = z.strictObject({}).optional();

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;
/** Rung 1: anyone (health-like reads only). */
export const publicProcedure = t.procedure.meta({ access: { rung: "public" } }).use(mapErrors);

/** Rung 2: a signed-in user or a valid API token. */
export const authedProcedure = publicProcedure.meta({ access: { rung: "signed-in" } }).use(({ ctx, next }) => {
  if (!ctx.principal) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in first." });
  return next({ ctx: { ...ctx, principal: ctx.principal } });
});

export const RESOURCE_KINDS = ["exploration", "node", "dataset", "workspace"] as const;
export type ResourceKind = (typeof RESOURCE_KINDS)[number];

/** every kind of resource a procedure can name has a workspace lookup */
const workspaceOf: Record<ResourceKind, (db: Db, id: string) => Promise<string | null>> = workspaceOfResource;

/** How a procedure is reached: read by the ladder itself and by the access test that walks the router. */
export type ProcedureAccess =
  | { rung: "public" }
  | { rung: "signed-in" }
  | { rung: "instance-admin" }
  | { rung: "resource"; role: Role; kind: ResourceKind; field: string; optional: boolean }
  | { rung: "across-workspaces"; role: Role };

export interface ProcedureMeta {
  access?: ProcedureAccess;
  /** a mutation that changes nothing (a preview sent as POST for its rate limit): not audited */
  changesNothing?: boolean;
}

export interface ResourceProcedureOptions {
  /** the workspace may be left out (it defaults to the caller's first where they hold the role) */
  optional?: boolean;
  /** a mutation that changes nothing, such as a preview: audited, it would bury the log in reads */
  changesNothing?: boolean;
  /** input fields worth keeping in the audit record (a prune's reason); strings are cut to 500 characters */
  auditInput?: readonly string[];
}

function auditedInput(raw: unknown, fields: readonly string[] | undefined): Record<string, unknown> {
  if (!fields || !isRecord(raw)) return {};
  return Object.fromEntries(
    fields
      .filter((f) => raw[f] !== undefined)
      .map((f) => [f, typeof raw[f] === "string" ? raw[f].slice(0, 500) : raw[f]]),
  );
}

/** The resource a procedure acts on, as verified by the ladder. */
export interface VerifiedResource {
  kind: ResourceKind;
  id: string;
  workspaceId: string;
  role: Role;
}

export interface WorkspaceAccess {
  /** the workspaces this call may touch: the resource's one, or every workspace where the caller has the role */
  workspaceIds: string[];
}

const resourceId = z.string().min(1).max(100);
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

async function resolveResource(
  ctx: Context & { principal: Principal },
  access: Extract<ProcedureAccess, { rung: "resource" }>,
  raw: unknown,
): Promise<VerifiedResource> {
  const value = isRecord(raw) ? raw[access.field] : undefined;
  if (value === undefined && access.optional) {
    // a workspace left out: the caller's first workspace where they hold the role
    const [first] = await workspacesWithRole(ctx.db, ctx.principal, access.role);
    if (!first)
      throw new TRPCError({ code: "FORBIDDEN", message: `This needs the ${access.role} role in a workspace.` });
    return {
      kind: access.kind,
      id: first,
      workspaceId: first,
      role: (await roleInWorkspace(ctx.db, ctx.principal, first)) ?? access.role,
    };
  }
  const id = resourceId.safeParse(value);
  if (!id.success)
    throw new TRPCError({
      code: "BAD_REQUEST",
      message: `${access.field} must be the id of a ${access.kind} (1 to 100 characters).`,
    });
  const notFound = new TRPCError({
    code: "NOT_FOUND",
    message: `The ${access.kind} was not found in your workspaces.`,
  });
  const workspaceId = await workspaceOf[access.kind](ctx.db, id.data);
  if (!workspaceId) throw notFound;
  const role = await roleInWorkspace(ctx.db, ctx.principal, workspaceId);
  // strangers get the same answer as for a missing resource: no hint that it exists
  if (!role) throw notFound;
  if (!roleAtLeast(role, access.role))
    throw new TRPCError({
      code: "FORBIDDEN",
      message: `This needs the ${access.role} role in the ${access.kind}'s workspace.`,
    });
  return { kind: access.kind, id: id.data, workspaceId, role };
}

/** Rung 3: acts on the one resource named by `field` (see the comment at the top). */
export function workspaceProcedure(role: Role, kind: ResourceKind, field: string, opts: ResourceProcedureOptions = {}) {
  if (opts.optional && kind !== "workspace")
    throw new Error("only a workspace may be left out of the input (it defaults to the caller's first)");
  const access: ProcedureAccess = { rung: "resource", role, kind, field, optional: opts.optional ?? false };
  const changesNothing = opts.changesNothing ?? false;
  return authedProcedure.meta({ access, changesNothing }).use(async ({ ctx, getRawInput, next, path, type }) => {
    const raw = await getRawInput();
    const resource = await resolveResource(ctx, access, raw);
    const result = await next({
      ctx: { resource, access: { workspaceIds: [resource.workspaceId] } satisfies WorkspaceAccess },
    });
    if (type === "mutation" && result.ok && !changesNothing) {
      await recordAudit(ctx.db, {
        actorUserId: ctx.principal.userId,
        actorTokenId: ctx.principal.tokenId,
        workspaceId: resource.workspaceId,
        action: path,
        target: resource.id,
        details: { kind, ...auditedInput(raw, opts.auditInput) },
        ip: ctx.ip,
      });
    }
    return result;
  });
}

/** Rung 3b: lists over every workspace where the caller holds `role`. Queries only: a mutation names its resource. */
export function acrossWorkspacesProcedure(role: Role) {
  return authedProcedure
    .meta({ access: { rung: "across-workspaces", role } })
    .use(async ({ ctx, next, path, type }) => {
      if (type !== "query")
        throw new TRPCError({
          code: "INTERNAL_SERVER_ERROR",
          message: `${path} must name the one resource it acts on`,
        });
      const access: WorkspaceAccess = { workspaceIds: await workspacesWithRole(ctx.db, ctx.principal, role) };
      return next({ ctx: { access } });
    });
}

/** Instance-wide settings (runners, secrets): instance admins only; every call is audited. */
export const adminProcedure = authedProcedure
  .meta({ access: { rung: "instance-admin" } })
  .use(async ({ ctx, next, path, type }) => {
    if (!isInstanceAdmin(ctx.principal)) throw new TRPCError({ code: "FORBIDDEN", message: "needs an administrator" });
    const result = await next();
    if (type === "mutation" && result.ok)
      await recordAudit(ctx.db, {
        actorUserId: ctx.principal.userId,
        actorTokenId: ctx.principal.tokenId,
        action: path,
        ip: ctx.ip,
      });
    return result;
  });

/**
 * For mutations on the caller's own things (their API tokens): audited outside any workspace, naming the actor
 * and the thing: the input's `id`, or the `id` of what the mutation created.
 */
export function auditedOwn(kind: string) {
  return t.middleware(async ({ ctx, next, path, type, getRawInput }) => {
    const result = await next();
    if (type === "mutation" && result.ok && ctx.principal) {
      const raw = await getRawInput();
      const made = result.data;
      const target =
        isRecord(raw) && typeof raw.id === "string"
          ? raw.id
          : isRecord(made) && typeof made.id === "string"
            ? made.id
            : null;
      await recordAudit(ctx.db, {
        actorUserId: ctx.principal.userId,
        actorTokenId: ctx.principal.tokenId,
        action: path,
        target,
        details: { kind },
        ip: ctx.ip,
      });
    }
    return result;
  });
}

/** For mutations that start work or call a model: a token bucket per user, shared by every app instance. */
export const rateLimited = t.middleware(async ({ ctx, next }) => {
  const key = ctx.principal?.userId ?? addressBucketKey(ctx.ip ?? null);
  if (!(await takeToken(ctx.db, RATE_LIMITS.costly, key)))
    throw new TRPCError({ code: "TOO_MANY_REQUESTS", message: "too many requests; try again in a minute" });
  return next();
});
