import { MINI_TASKS } from "../../domain/tasks/task-registry.ts";
import { authedProcedure, createTRPCRouter, noInput } from "../trpc.ts";

export const taskRouter = createTRPCRouter({
  list: authedProcedure.input(noInput).query(() => MINI_TASKS),
});
