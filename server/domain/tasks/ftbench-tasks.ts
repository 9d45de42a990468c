/**
 * The paper's FT-Bench (base model Qwen3-1.7B). The data is published as `trex-project/ftbench` on the
 * Hugging Face Hub; a user who has it points `loader` at a local path or the Hub id.
 */
export interface FtBenchTask {
  id: string;
  name: string;
  domain: string;
  metric: string;
  /** TREX's best as reported (approximate) */
  paperBest: number;
  description: string;
  exampleGoal: string;
  /** the FT-Bench-mini task that mirrors it offline */
  miniId: string;
  loader: { hubId: string; subset: string; localPathHint: string };
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
    description: "Case facts (Chinese) → the article and the charge.",
    exampleGoal: "提升 Qwen3-1.7B 在中文法律任务上的表现：根据案情预测法条和罪名；综合得分。",
  },
];
