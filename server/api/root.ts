import { accountRouter } from "./routers/account-router.ts";
import { agentRouter } from "./routers/agent-router.ts";
import { compareRouter } from "./routers/compare-router.ts";
import { datasetRouter } from "./routers/dataset-router.ts";
import { explorationRouter } from "./routers/exploration-router.ts";
import { leaderboardRouter } from "./routers/leaderboard-router.ts";
import { nodeRouter } from "./routers/node-router.ts";
import { playgroundRouter } from "./routers/playground-router.ts";
import { runnerRouter } from "./routers/runner-router.ts";
import { taskRouter } from "./routers/task-router.ts";
import { uiRouter } from "./routers/ui-router.ts";
import { createCallerFactory, createTRPCRouter } from "./trpc.ts";

export const appRouter = createTRPCRouter({
  account: accountRouter,
  exploration: explorationRouter,
  node: nodeRouter,
  playground: playgroundRouter,
  compare: compareRouter,
  task: taskRouter,
  dataset: datasetRouter,
  leaderboard: leaderboardRouter,
  agent: agentRouter,
  ui: uiRouter,
  runner: runnerRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
