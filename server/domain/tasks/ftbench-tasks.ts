import type { TaskFileMetric } from "../../contract/task-names.ts";
import { findTask, type TaskInfo } from "./task-registry.ts";

/**
 * The paper's FT-Bench (base model Qwen3-1.7B). The data is published as `trex-project/ftbench` on the
 * Hugging Face Hub; a user who has it points `loader` at a local path or the Hub id.
 */
export interface FtBenchTask {
  id: string;
  name: string;
  domain: string;
  metric: string;
  /** TREX's best as reported (approximate), on the paper's 0–100 scale */
  paperBest: number;
  /** the untouched base model's score as reported; absent: not reported in the sources we have */
  paperBaseline?: number;
  description: string;
  exampleGoal: string;
  /** the FT-Bench-mini task that mirrors it offline */
  miniId: string;
  loader: { hubId: string; subset: string; localPathHint: string };
  /** how TREX's worker scores it (worker/trex_worker/ftbench.py): the paper's bespoke scorers are not reimplemented */
  scoredAs: TaskFileMetric;
}

const hub = (subset: string) => ({
  hubId: "trex-project/ftbench",
  subset,
  localPathHint: `data/ftbench/${subset}/{train,validation,test}.jsonl`,
});

export const FTBENCH_TASKS: readonly FtBenchTask[] = [
  {
    id: "aci-bench",
    name: "ACI-Bench",
    domain: "clinical note generation from dialogue",
    metric: "ROUGE-1",
    paperBest: 50.2,
    miniId: "mini-aci",
    loader: hub("aci_bench"),
    scoredAs: "rouge1",
    description: "Doctor–patient dialogue → clinical note.",
    exampleGoal:
      "Fine-tune Qwen3-1.7B to write the clinical note for a doctor–patient conversation; maximise ROUGE-1 against reference notes.",
  },
  {
    id: "tomg-bench",
    name: "TOMG-Bench",
    domain: "text-guided molecule generation",
    metric: "validation score",
    paperBest: 68.1,
    miniId: "mini-tomg",
    loader: hub("tomg_bench"),
    scoredAs: "rouge1",
    description: "A textual constraint → a molecule (SMILES) that satisfies it.",
    exampleGoal:
      "Make Qwen3-1.7B generate valid molecules (SMILES) that meet textual constraints; maximise the validity and constraint score.",
  },
  {
    id: "omebench",
    name: "oMeBench",
    domain: "organic reaction mechanisms",
    metric: "oMeScore",
    paperBest: 48.4,
    miniId: "mini-ome",
    loader: hub("omebench"),
    scoredAs: "rouge1",
    description: "Reactants and conditions → the mechanism as steps.",
    exampleGoal:
      "Teach Qwen3-1.7B to write organic reaction mechanisms step by step; maximise oMeScore (step-level partial credit).",
  },
  {
    id: "hoc",
    name: "HoC",
    domain: "hallmarks of cancer, multi-label",
    metric: "macro-F1",
    paperBest: 89.7,
    miniId: "mini-hoc",
    loader: hub("hoc"),
    scoredAs: "macro_f1",
    description: "Biomedical abstract → the set of cancer hallmarks it discusses.",
    exampleGoal:
      "Make Qwen3-1.7B good at classifying biomedical abstracts into cancer hallmarks (multi-label); macro-F1; 8 GPU-hours.",
  },
  {
    id: "sst-2",
    name: "SST-2",
    domain: "sentiment",
    metric: "accuracy",
    paperBest: 97.2,
    miniId: "mini-sst2",
    loader: hub("sst2"),
    scoredAs: "accuracy",
    description: "Movie review sentence → positive / negative.",
    exampleGoal: "Fine-tune Qwen3-1.7B for binary sentiment of movie-review sentences; accuracy.",
  },
  {
    id: "cs-bench",
    name: "CS-Bench",
    domain: "computer science QA",
    metric: "accuracy",
    paperBest: 58.1,
    miniId: "mini-cs",
    loader: hub("cs_bench"),
    scoredAs: "accuracy",
    description: "Computer-science multiple-choice question → the answer letter.",
    exampleGoal: "Improve Qwen3-1.7B on computer-science multiple-choice questions; accuracy.",
  },
  {
    id: "openfindata",
    name: "OpenFinData",
    domain: "financial QA",
    metric: "accuracy",
    paperBest: 69.9,
    miniId: "mini-fin",
    loader: hub("openfindata"),
    scoredAs: "accuracy",
    description: "Financial question over tables and text → the answer.",
    exampleGoal: "Make Qwen3-1.7B answer financial questions over small tables correctly; accuracy.",
  },
  {
    id: "econlogicqa",
    name: "EconLogicQA",
    domain: "economic event ordering",
    metric: "accuracy",
    paperBest: 45.4,
    miniId: "mini-econ",
    loader: hub("econlogicqa"),
    scoredAs: "accuracy",
    description: "Shuffled economic events → their logical order.",
    exampleGoal: "Teach Qwen3-1.7B to order economic events logically; exact-order accuracy.",
  },
  {
    id: "gta",
    name: "GTA",
    domain: "agentic tool use",
    metric: "accuracy",
    paperBest: 65.2,
    miniId: "mini-gta",
    loader: hub("gta"),
    scoredAs: "accuracy",
    paperBaseline: 18,
    description: "User request → the right tool call with arguments.",
    exampleGoal:
      "Make Qwen3-1.7B pick the right tool and arguments for user requests; accuracy of the call (baseline ≈ 18).",
  },
  {
    id: "lawbench",
    name: "LawBench",
    domain: "Chinese legal tasks",
    metric: "hybrid score",
    paperBest: 42.1,
    miniId: "mini-law",
    loader: hub("lawbench"),
    scoredAs: "rouge1",
    description: "Case facts (Chinese) → the article and the charge.",
    exampleGoal: "提升 Qwen3-1.7B 在中文法律任务上的表现：根据案情预测法条和罪名；综合得分。",
  },
];

/** An exploration on a paper task has the task id `ftbench:<id>` and the task's data as a dataset. */
export const FTBENCH_TASK_PREFIX = "ftbench:";
export const ftbenchTaskId = (t: Pick<FtBenchTask, "id">) => `${FTBENCH_TASK_PREFIX}${t.id}`;
export const FTBENCH_TASK_IDS = FTBENCH_TASKS.map(ftbenchTaskId);

/** `ftbench:sst-2` (or the bare `sst-2`) → the paper task. */
export function findFtBenchTask(taskId: string): FtBenchTask | undefined {
  const id = taskId.startsWith(FTBENCH_TASK_PREFIX) ? taskId.slice(FTBENCH_TASK_PREFIX.length) : taskId;
  return FTBENCH_TASKS.find((t) => t.id === id);
}

/** Where the paper's numbers on this page come from: no number is taken from anywhere else. */
export const PAPER_REFERENCE = {
  title: "TREX: Automating LLM Fine-tuning via Agent-Driven Tree-based Exploration (arXiv 2604.14116)",
  baseModel: "qwen3-1.7b",
  source: "TREX's best per task as reported by secondary sources (the paper's full text is not available); approximate",
} as const;

/** The paper's score of a task as a fraction, the scale of every score in TREX (97.2 → 0.972). */
export const paperFraction = (points: number) => Math.round(points * 10) / 1000;

/** The evaluation differs from the paper's when TREX scores the task with another metric than the paper. */
export function paperMetricDiffers(t: FtBenchTask): boolean {
  const names: Record<TaskFileMetric, string[]> = {
    accuracy: ["accuracy"],
    exact_match: ["exact match"],
    macro_f1: ["macro-F1"],
    rouge1: ["ROUGE-1"],
    numeric: [],
  };
  return !names[t.scoredAs].includes(t.metric);
}

/** How the planner and the requirement analysis see a paper task: like its FT-Bench-mini mirror, on real data. */
export function ftbenchTaskInfo(t: FtBenchTask): TaskInfo {
  return {
    id: ftbenchTaskId(t),
    name: t.name,
    mirrors: t.name,
    description: `${t.description} (FT-Bench, ${t.domain})`,
    metric: t.metric,
    direction: "higher",
    exampleGoal: t.exampleGoal,
    kind: findTask(t.miniId)?.kind ?? "generation",
  };
}
