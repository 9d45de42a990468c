/** The caller, their workspaces and members, API tokens, and the audit log. */
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { createApiToken, listApiTokens, revokeApiToken } from "../../auth/api-tokens.ts";
import { roleSchema, tokenScopeSchema } from "../../domain/auth/roles.ts";
import { refuseHiddenCharacters } from "../../domain/text/hidden-characters.ts";
import {
  createWorkspace,
  membersOf,
  removeMember,
  setMemberByEmail,
  workspacesOf,
} from "../../services/workspace-service.ts";
import { listAuditEvents } from "../../security/audit.ts";
import { adminProcedure, auditedOwn, authedProcedure, createTRPCRouter, workspaceProcedure, noInput } from "../trpc.ts";

const id = z.string().min(1).max(100);
const name = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .refine(...refuseHiddenCharacters("A name"));
const workspaceAdmin = workspaceProcedure("admin", "workspace", "workspaceId");

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
  audit: workspaceAdmin
    .input(z.strictObject({ workspaceId: id, take: z.number().int().min(1).max(500).default(100) }))
    .query(({ ctx, input }) => listAuditEvents(ctx.db, ctx.resource.id, input.take)),
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
