/** The caller, their workspaces and members, API tokens, and the audit log. */
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { createApiToken, listApiTokens, revokeApiToken } from "../../auth/api-tokens.ts";
import { roleSchema, tokenScopeSchema } from "../../domain/auth/roles.ts";
import { refuseHiddenCharacters } from "../../contract/hidden-characters.ts";
import {
  createWorkspace,
  membersOf,
  removeMember,
  setMemberByEmail,
  workspacesOf,
} from "../../services/workspace-service.ts";
import { getAuditLog } from "../../services/audit-service.ts";
import { adminProcedure, auditedOwn, authedProcedure, createTRPCRouter, workspaceProcedure, noInput } from "../trpc.ts";

const id = z.string().min(1).max(100);
const name = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .refine(...refuseHiddenCharacters("A name"));
const workspaceAdmin = workspaceProcedure("admin", "workspace", "workspaceId");
const auditFilter = z.strictObject({
  actorUserId: id.optional(),
  action: z.string().min(1).max(200).optional(),
  /** from (inclusive) and to (exclusive), as ISO times: the page turns the reader's local days into them */
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  take: z.number().int().min(1).max(500).default(100),
});
const toAuditFilter = (f: z.infer<typeof auditFilter>) => ({
  actorUserId: f.actorUserId,
  action: f.action,
  from: f.from ? new Date(f.from) : undefined,
  to: f.to ? new Date(f.to) : undefined,
  take: f.take,
});

/** Tokens cannot mint tokens: a leaked token must not outlive its revocation. */
const sessionOnly = authedProcedure.use(({ ctx, next }) => {
  if (ctx.principal.tokenId) throw new TRPCError({ code: "FORBIDDEN", message: "API tokens cannot manage tokens" });
  return next();
});

export const accountRouter = createTRPCRouter({
  me: authedProcedure.input(noInput).query(async ({ ctx }) => ({
    userId: ctx.principal.userId,
    email: ctx.principal.email,
    isAdmin: ctx.principal.isAdmin,
    workspaces: await workspacesOf(ctx.db, ctx.principal),
  })),
  createWorkspace: adminProcedure
    .input(
      z.strictObject({ name, slug: z.string().regex(/^[a-z0-9-]{1,40}$/, "lowercase letters, digits and dashes") }),
    )
    .mutation(({ ctx, input }) => createWorkspace(ctx.db, input.name, input.slug, ctx.principal.userId)),
  members: workspaceAdmin
    .input(z.strictObject({ workspaceId: id }))
    .query(({ ctx }) => membersOf(ctx.db, ctx.resource.id)),
  setMember: workspaceAdmin
    .input(z.strictObject({ workspaceId: id, email: z.email().max(320), role: roleSchema }))
    .mutation(({ ctx, input }) => setMemberByEmail(ctx.db, ctx.resource.id, input.email, input.role)),
  // the member is looked up inside the verified workspace only
  removeMember: workspaceAdmin
    .input(z.strictObject({ workspaceId: id, userId: id }))
    .mutation(({ ctx, input }) => removeMember(ctx.db, ctx.resource.id, input.userId)),
  /** the workspace's audit log; the actor filter is looked up inside this workspace's log only */
  audit: workspaceAdmin
    .input(auditFilter.extend({ workspaceId: id }))
    .query(({ ctx, input }) => getAuditLog(ctx.db, ctx.resource.id, toAuditFilter(input))),
  /** what belongs to no workspace: runner settings, API tokens, new workspaces */
  instanceAudit: adminProcedure
    .input(auditFilter)
    .query(({ ctx, input }) => getAuditLog(ctx.db, null, toAuditFilter(input))),
  tokens: sessionOnly.input(noInput).query(({ ctx }) => listApiTokens(ctx.db, ctx.principal.userId)),
  createToken: sessionOnly
    .use(auditedOwn("apiToken"))
    .input(
      z.strictObject({
        name,
        scopes: z.array(tokenScopeSchema).min(1).max(3),
        expiresInDays: z.number().int().min(1).max(365).optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const expiresAt = input.expiresInDays ? new Date(Date.now() + input.expiresInDays * 86_400_000) : null;
      // the plaintext token is returned once and never stored
      return createApiToken(ctx.db, ctx.principal.userId, input.name, [...new Set(input.scopes)], expiresAt);
    }),
  revokeToken: sessionOnly
    .use(auditedOwn("apiToken"))
    .input(z.strictObject({ id }))
    .mutation(async ({ ctx, input }) => {
      if (!(await revokeApiToken(ctx.db, ctx.principal.userId, input.id)))
        throw new TRPCError({ code: "NOT_FOUND", message: "token not found" });
      return { revoked: true };
    }),
});
