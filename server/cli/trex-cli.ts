/**
 * Headless TREX: run an exploration from the terminal with a live progress display, and read or export
 * the leaderboard. Usage: npm run trex -- run --task mini-sst2 [--policy mcts] [--rounds 3] [--runs 8] …
 */
import { isLiveExploration } from "../contract/statuses.ts";
import { parseArgs } from "node:util";
import { env } from "../env.ts";
import { getDb, tuneSqlite, type Db } from "../db.ts";
import { migrateDatabase } from "../migrate.ts";
import { MINI_TASKS, findTask } from "../domain/tasks/task-registry.ts";
import { DEFAULT_BUDGET, createExplorationSchema } from "../domain/explorations/exploration-input.ts";
import { Orchestrator } from "../orchestrator/orchestrator.ts";
import { createExploration, getExploration, getTree } from "../services/exploration-service.ts";
import { exportLeaderboard, leaderboard } from "../services/leaderboard-service.ts";
import { formatSeconds } from "../domain/requirements/units.ts";
import { getBus } from "../services/event-bus.ts";
import { ProgressDisplay } from "./progress-display.ts";
import { DATASET_USAGE, datasetCommand } from "./dataset-command.ts";
import { FTBENCH_USAGE, ftbenchCommand } from "./ftbench-command.ts";
import { FTBENCH_TASK_IDS, findFtBenchTask, ftbenchTaskInfo } from "../domain/tasks/ftbench-tasks.ts";
import { ANALYSE_USAGE, analyseCommand, formatRequirement } from "./analyse-command.ts";
import { analyseGoal } from "../services/requirement-service.ts";
import { budgetWithGoal } from "../domain/explorations/requirement-budget.ts";
import { ABLATION_SWITCHES, ablationsWithout, isAblationSwitch } from "../contract/ablations.ts";

const USAGE = `trex run (--task <id> | --dataset <id> | --task ftbench:<id> --dataset <id>) [--goal TEXT] [--base-model ID] [--runner NAME] [--policy mcts|gbfs|ses|random] [--rounds N] [--runs N] [--compute SECONDS] [--seed N] [--off memory,insights,reuse] [--confirm]
${ANALYSE_USAGE}
trex leaderboard [--task <id>] [--format table|csv|json]
trex tasks
${DATASET_USAGE}
${FTBENCH_USAGE}`;

async function run(db: Db, args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      task: { type: "string" },
      dataset: { type: "string" },
      goal: { type: "string" },
      policy: { type: "string", default: "mcts" },
      rounds: { type: "string" },
      runs: { type: "string" },
      compute: { type: "string" },
      seed: { type: "string", default: "0" },
      confirm: { type: "boolean", default: false },
      "base-model": { type: "string" },
      runner: { type: "string" },
      // ablations: parts of the search switched off
      off: { type: "string", default: "" },
    },
  });
  const off = values.off.split(",").filter(Boolean);
  const unknownOff = off.filter((s) => !isAblationSwitch(s));
  if (unknownOff.length > 0) {
    console.error(`--off: ${unknownOff.join(", ")} is not a part of the search (${ABLATION_SWITCHES.join(", ")})`);
    return 2;
  }
  // a paper task (ftbench:sst-2) runs on its data given as --dataset; a mini task on its generator
  const paper = values.task ? findFtBenchTask(values.task) : undefined;
  const task = paper ? ftbenchTaskInfo(paper) : values.task ? findTask(values.task) : undefined;
  if (!task && !values.dataset) {
    console.error(
      `unknown or missing --task (or give --dataset ID); known: ${[...MINI_TASKS.map((t) => t.id), ...FTBENCH_TASK_IDS].join(", ")}`,
    );
    return 2;
  }
  if (paper && !values.dataset) {
    console.error(`--dataset: ${task?.id} runs on its data; fetch it first: trex ftbench fetch --task ${paper.id}`);
    return 2;
  }
  if (values.dataset && !values.goal && !paper) {
    console.error("--goal: describe what the model should learn from the dataset");
    return 2;
  }
  const goal = values.goal ?? task?.exampleGoal ?? "";
  const data = paper
    ? { taskId: task?.id, datasetId: values.dataset }
    : values.dataset
      ? { datasetId: values.dataset }
      : { taskId: task?.id };
  // the goal's budgets ("2 GPU-hours", "12 runs") apply; a flag given on the command line wins
  const { spec } = await analyseGoal(db, { goal, ...data }, ["default"]);
  if (spec.problems.length > 0 && !values.confirm) {
    for (const line of formatRequirement(spec)) console.error(line);
    console.error("\nrun again with --confirm to start anyway");
    return 3;
  }
  const fromGoal = budgetWithGoal({ ...DEFAULT_BUDGET, wallSeconds: 24 * 3600 }, spec.budgets).budget;
  const flag = (v: string | undefined, fallback: number) => (v === undefined ? fallback : Number(v));
  const input = createExplorationSchema.safeParse({
    goal,
    ...data,
    policy: values.policy,
    seed: Number(values.seed),
    ablations: ablationsWithout(off.filter(isAblationSwitch)),
    ...(values["base-model"] ? { baseModel: values["base-model"] } : {}),
    ...(values.runner ? { runner: values.runner } : {}),
    budget: {
      ...fromGoal,
      rounds: flag(values.rounds, fromGoal.rounds),
      trainingRuns: flag(values.runs, fromGoal.trainingRuns),
      computeSeconds: flag(values.compute, fromGoal.computeSeconds),
    },
    confirmed: values.confirm,
  });
  if (!input.success) {
    for (const i of input.error.issues) console.error(`--${i.path.at(-1)?.toString() ?? "input"}: ${i.message}`);
    return 2;
  }
  const exploration = await createExploration(db, input.data);
  console.log(
    `exploration ${exploration.id} on ${exploration.taskId} (${input.data.policy}); open http://localhost:${env.PORT}/explorations/${exploration.id} if the app runs`,
  );
  const display = new ProgressDisplay(process.stdout);
  const bus = getBus();
  bus.on("event", (e) => e.explorationId === exploration.id && display.event(e));
  bus.on("progress", (p) => p.explorationId === exploration.id && display.progress(p));
  const orchestrator = new Orchestrator(db, { tickMs: 500, onError: (_, e) => console.error(e) });
  orchestrator.start();
  let done = await getExploration(db, exploration.id);
  while (isLiveExploration(done.status)) {
    await new Promise((r) => setTimeout(r, 500));
    done = await getExploration(db, exploration.id);
  }
  await orchestrator.stop();
  display.finish();
  // the exploration has ended here, so its test scores are open
  const { nodes } = await getTree(db, exploration.id);
  const root = nodes.find((n) => n.parentId === null);
  const best = nodes
    .filter((n) => n.parentId !== null && n.status === "succeeded")
    .sort((a, b) => (b.score ?? 0) - (a.score ?? 0))[0];
  console.log(`\n${done?.status}: ${done?.stopReason ?? ""}`);
  console.log(
    `baseline ${root?.score?.toFixed(4) ?? "—"} → best #${best?.ordinal ?? "—"} ${best?.score?.toFixed(4) ?? "—"} (test ${best?.testScore?.toFixed(4) ?? "—"}) over ${nodes.length} nodes`,
  );
  const entry = task
    ? (await leaderboard(db, { taskId: task.id })).find((e) => e.explorationId === exploration.id)
    : undefined;
  console.log(
    entry
      ? `submitted to the leaderboard: gain ${(100 * entry.gain).toFixed(1)} points, ${entry.dataStatus} data${entry.dataNote ? ` (${entry.dataNote})` : ""}`
      : task
        ? "not ranked (no trained node succeeded)"
        : "not ranked (the leaderboard ranks FT-Bench tasks only)",
  );
  return done?.status === "finished" ? 0 : 1;
}

async function main(): Promise<number> {
  const [command, ...rest] = process.argv.slice(2);
  if (!command || command === "help" || command === "--help") {
    console.log(USAGE);
    return command ? 0 : 2;
  }
  await migrateDatabase(env.DATABASE_URL);
  const db = getDb();
  await tuneSqlite(db);
  switch (command) {
    case "run":
      return run(db, rest);
    case "dataset":
      return datasetCommand(db, rest);
    case "ftbench":
      return ftbenchCommand(db, rest);
    case "analyse":
    case "analyze":
      return analyseCommand(db, rest);
    case "tasks":
      for (const t of MINI_TASKS) console.log(`${t.id.padEnd(12)} ${t.metric.padEnd(26)} ${t.description}`);
      console.log(
        "\nthe paper's FT-Bench (trex ftbench tasks; run on their data with --task ftbench:<id> --dataset <id>):",
      );
      for (const id of FTBENCH_TASK_IDS) console.log(`  ${id}`);
      return 0;
    case "leaderboard": {
      const { values } = parseArgs({
        args: rest,
        options: { task: { type: "string" }, format: { type: "string", default: "table" } },
      });
      if (values.format === "csv" || values.format === "json")
        console.log(await exportLeaderboard(db, values.format, { taskId: values.task }));
      else
        console.table(
          (await leaderboard(db, { taskId: values.task })).map((e) => ({
            task: e.taskId,
            exploration: e.provisional ? `${e.title} (provisional)` : e.title,
            policy: e.policy,
            model: e.baseModel,
            data: e.importedFrom ? `${e.dataStatus}, imported` : e.dataStatus,
            best: e.score.toFixed(3),
            gain: `${e.gain >= 0 ? "+" : ""}${e.gain.toFixed(3)}`,
            compute: formatSeconds(e.computeSeconds),
          })),
        );
      return 0;
    }
    default:
      console.error(USAGE);
      return 2;
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  },
);
