import { MINI_TASKS } from "../../domain/tasks/task-registry.ts";
import { createTRPCRouter, publicProcedure } from "../trpc.ts";

export const taskRouter = createTRPCRouter({
  list: publicProcedure.query(() => MINI_TASKS),
});
