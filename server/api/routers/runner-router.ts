import { z } from "zod";
import {
  addRunner,
  editRunner,
  listRunners,
  listRunnerSummaries,
  removeRunner,
  testRunner,
} from "../../services/runner-settings-service.ts";
import { adminProcedure, authedProcedure, createTRPCRouter, noInput } from "../trpc.ts";

const id = z.string().min(1).max(100);
// the settings are validated by the runner-config schema in the service, with one message naming the field
const settings = z.record(z.string(), z.unknown());

export const runnerRouter = createTRPCRouter({
  // everyone signed in picks a runner for an exploration: name, kind and health only
  list: authedProcedure.input(noInput).query(({ ctx }) => listRunnerSummaries(ctx.db)),
  // host, user, paths, worker environment and the last check: instance admins only (secrets never leave the server)
  settings: adminProcedure.input(noInput).query(({ ctx }) => listRunners(ctx.db)),
  add: adminProcedure
    .input(z.strictObject({ name: z.string().max(100), config: settings }))
    .mutation(({ ctx, input }) => addRunner(ctx.db, input)),
  edit: adminProcedure
    .input(z.strictObject({ id, config: settings, clearSecrets: z.boolean().optional() }))
    .mutation(({ ctx, input }) => editRunner(ctx.db, input.id, input)),
  remove: adminProcedure.input(z.strictObject({ id })).mutation(({ ctx, input }) => removeRunner(ctx.db, input.id)),
  test: adminProcedure
    .input(z.strictObject({ name: z.string().min(1).max(100) }))
    .mutation(({ ctx, input }) => testRunner(ctx.db, input.name)),
});
