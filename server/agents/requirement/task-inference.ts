/**
 * Which task a goal is about: the FT-Bench-mini tasks (and the paper's FT-Bench tasks they mirror) and the
 * workspace's uploaded datasets, by name first, then by the words of their domain, in English and Chinese.
 * Pure; short names count only as written ("HoC", not the "hoc" of "ad hoc").
 */
import { FTBENCH_TASKS } from "../../domain/tasks/ftbench-tasks.ts";
import { MINI_TASKS, type TaskInfo } from "../../domain/tasks/task-registry.ts";
import type { GoalTask } from "../../domain/requirements/requirement-spec.ts";

/** Words of each task's domain: strong ones weigh 2, the others 1. */
const VOCABULARY: Record<string, { strong: string[]; weak: string[] }> = {
  "mini-sst2": {
    strong: ["sentiment", "情感", "情绪", "褒贬"],
    weak: ["review", "positive", "negative", "movie", "film", "opinion", "polarity", "影评", "评论", "正面", "负面"],
  },
  "mini-fin": {
    strong: ["financ", "revenue", "金融", "财务", "营收", "财报"],
    weak: ["percent change", "quarter", "earnings", "balance sheet", "stock", "百分比", "季度", "增长率", "表格"],
  },
  "mini-gta": {
    strong: ["tool call", "tool-call", "function call", "function-call", "tool use", "工具调用", "函数调用"],
    weak: ["tool", "arguments", "api", "agentic", "工具", "参数调用"],
  },
  "mini-hoc": {
    strong: ["hallmark", "cancer", "癌症", "肿瘤", "癌"],
    weak: ["biomedical", "abstract", "oncolog", "pubmed", "生物医学", "医学摘要"],
  },
  "mini-aci": {
    strong: ["clinical note", "soap note", "soap", "doctor-patient", "病历", "临床记录", "临床笔记"],
    weak: [
      "doctor",
      "patient",
      "dialogue",
      "conversation",
      "medical",
      "clinic",
      "医生",
      "患者",
      "病人",
      "对话",
      "问诊",
    ],
  },
  "mini-tomg": {
    strong: ["molecule", "smiles", "分子"],
    weak: ["atom", "chemical", "chemistry", "compound", "原子", "化学"],
  },
  "mini-ome": {
    strong: ["reaction mechanism", "反应机理", "机理"],
    weak: ["mechanism", "reaction", "organic", "reagent", "有机", "反应"],
  },
  "mini-cs": {
    strong: ["computer science", "计算机"],
    weak: ["multiple-choice", "multiple choice", "algorithm", "operating system", "data structure", "选择题", "编程"],
  },
  "mini-econ": {
    strong: ["economic event", "econom", "经济事件", "经济"],
    weak: ["causal order", "ordering", "chronolog", "sequence", "shuffled", "排序", "因果", "顺序"],
  },
  "mini-law": {
    strong: ["legal", "law", "criminal", "法律", "法条", "罪名", "案情", "刑法"],
    weak: ["charge", "article", "court", "case facts", "statute", "verdict", "法院", "判决"],
  },
};

/** The names a task goes by: its id, the benchmark it mirrors and the paper task's id and name. */
function namesOf(t: TaskInfo): string[] {
  const paper = FTBENCH_TASKS.filter((f) => f.miniId === t.id).flatMap((f) => [f.id, f.name]);
  // a short name counts only capitalised as the benchmark writes it: "HoC", never the "hoc" of "ad hoc"
  return [...new Set([t.id, t.mirrors, ...paper])].filter((n) => n.length > 3 || (n.length >= 2 && /[A-Z]/.test(n)));
}

function nameMatches(text: string, name: string): boolean {
  const escaped = name.replace(/[^\w]/g, (c) => (c === "-" || c === " " || c === "_" ? "[-_ ]?" : `\\${c}`));
  // short names (HoC, GTA) only as written, and as a word; longer ones (SST-2, sst2, LawBench) in any case
  return new RegExp(`(?<![\\w-])${escaped}(?![\\w])`, name.length <= 3 ? "" : "i").test(text);
}

function wordsOfDataset(t: TaskInfo): string[] {
  return t.name
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length >= 3);
}

export interface TaskCandidate {
  task: TaskInfo;
  score: number;
  named: boolean;
  evidence: string[];
  dataset: boolean;
}

function scoreTask(text: string, lower: string, t: TaskInfo, dataset: boolean): TaskCandidate {
  const evidence: string[] = [];
  let score = 0;
  const names = dataset ? [t.name] : namesOf(t);
  const named = names.filter((n) => nameMatches(text, n));
  if (named.length > 0) {
    score += 10;
    evidence.push(...named);
  }
  const vocab = dataset ? { strong: [], weak: wordsOfDataset(t) } : (VOCABULARY[t.id] ?? { strong: [], weak: [] });
  for (const [words, weight] of [
    [vocab.strong, 2],
    [vocab.weak, 1],
  ] as const) {
    for (const w of words) {
      const cjk = /[\u4e00-\u9fff]/.test(w);
      const hit = cjk ? lower.includes(w) : new RegExp(`\\b${w.replace(/[-– ]/g, "[-– ]?")}`, "i").test(lower);
      if (hit && !evidence.some((e) => e.toLowerCase().includes(w))) {
        score += weight;
        evidence.push(w);
      }
    }
  }
  return { task: t, score, named: named.length > 0, evidence: evidence.slice(0, 8), dataset };
}

/** Every known task and dataset, scored against the goal, best first. */
export function rankTasks(text: string, datasets: readonly TaskInfo[] = []): TaskCandidate[] {
  const lower = text.toLowerCase();
  return [
    ...MINI_TASKS.map((t) => scoreTask(text, lower, t, false)),
    ...datasets.map((d) => scoreTask(text, lower, d, true)),
  ].sort((a, b) => b.score - a.score);
}

/** The goal reads like a task when its domain words weigh at least this much. */
export const READS_LIKE = 2;

export interface TaskReading {
  /** what the goal points at; null when nothing known */
  goalTask: GoalTask | null;
  /** a sentence when the goal and the picker disagree, or the goal names nothing known */
  problem: string | null;
}

const asGoalTask = (c: TaskCandidate): GoalTask => ({
  id: c.task.id,
  name: c.task.name,
  named: c.named,
  evidence: c.evidence,
});
const quote = (c: TaskCandidate) =>
  c.evidence
    .slice(0, 3)
    .map((e) => `"${e}"`)
    .join(", ");

/**
 * `picked`: the task or dataset chosen in the form, if any. A picked dataset is the user's own data: only a goal that
 * names another task or dataset disagrees with it. A picked FT-Bench-mini task may be the form's default, so a goal
 * that reads like another task, or like none, is said too.
 */
export function readTask(text: string, picked: TaskInfo | undefined, datasets: readonly TaskInfo[] = []): TaskReading {
  const ranked = rankTasks(
    text,
    datasets
      .filter((d) => d.id !== picked?.id)
      .concat(picked && !MINI_TASKS.some((t) => t.id === picked.id) ? [picked] : []),
  );
  const mine = picked ? ranked.find((c) => c.task.id === picked.id) : undefined;
  const others = ranked.filter((c) => c.task.id !== picked?.id);
  const namedOther = others.find((c) => c.named);
  const best = others[0];
  const pickedIsDataset = mine?.dataset ?? false;
  if (!picked) {
    const top = ranked[0];
    if (top && (top.named || top.score >= READS_LIKE)) return { goalTask: asGoalTask(top), problem: null };
    return {
      goalTask: null,
      problem:
        "The goal names no task or dataset I know (the FT-Bench-mini tasks or your uploaded datasets); say which data to fine-tune on.",
    };
  }
  if (mine?.named || (mine && !namedOther && (pickedIsDataset || mine.score >= Math.max(1, (best?.score ?? 0) - 1))))
    return { goalTask: asGoalTask(mine), problem: null };
  if (namedOther) {
    return {
      goalTask: asGoalTask(namedOther),
      problem: `The goal names ${namedOther.evidence[0] ?? namedOther.task.name} (${namedOther.task.id}), but the picked task is ${picked.id}.`,
    };
  }
  if (pickedIsDataset) return { goalTask: mine ? asGoalTask(mine) : null, problem: null };
  if (best && best.score >= READS_LIKE) {
    return {
      goalTask: asGoalTask(best),
      problem: `The goal reads like ${best.task.name} (${best.task.id}: ${quote(best)}), but the picked task is ${picked.id}.`,
    };
  }
  return {
    goalTask: null,
    problem: `The goal names no task or dataset I know; it would run on ${picked.id}, the picked task. Name the task or the data, or confirm ${picked.id}.`,
  };
}
