import { explorationRouter } from "./routers/exploration-router.ts";
import { leaderboardRouter } from "./routers/leaderboard-router.ts";
import { nodeRouter } from "./routers/node-router.ts";
import { taskRouter } from "./routers/task-router.ts";
import { createCallerFactory, createTRPCRouter } from "./trpc.ts";

export const appRouter = createTRPCRouter({
  exploration: explorationRouter,
  node: nodeRouter,
  task: taskRouter,
  leaderboard: leaderboardRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
