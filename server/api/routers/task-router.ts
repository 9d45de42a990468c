import { MINI_TASKS } from "../../domain/tasks/task-registry.ts";
import { authedProcedure, createTRPCRouter } from "../trpc.ts";

export const taskRouter = createTRPCRouter({
  list: authedProcedure.query(() => MINI_TASKS),
});
