/** Examples of good goals: a task, the metric, the data and the constraints, in plain words. */
export const GOOD_GOAL_EXAMPLES: { title: string; taskId: string; goal: string }[] = [
  {
    title: "Sentiment with hard negations",
    taskId: "mini-sst2",
    goal: `# Sentiment of short reviews

Classify short product reviews as **positive** or **negative**.

- Reviews use negation ("not bad at all"), intensifiers and distractors.
- Metric: **accuracy** on the validation split; beat the base model clearly.
- Budget: keep each run under two minutes; prefer cleaner data over more steps.`,
  },
  {
    title: "Percent change from a revenue table",
    taskId: "mini-fin",
    goal: `# Read a revenue table

Given a two-quarter revenue table, answer the **percent change** with one decimal.

- Metric: accuracy within 0.1 points.
- The answer must be a number only, e.g. \`12.5\`.
- Try data augmentation before larger models.`,
  },
  {
    title: "Tool calls as JSON",
    taskId: "mini-gta",
    goal: `# Requests → tool calls

Turn a user's request into the right tool call as JSON \`{"tool": ..., "args": {...}}\`.

- Metric: **exact match** of the call.
- Invalid JSON counts as wrong; filter malformed training rows.`,
  },
];

export const GOAL_TIPS = [
  "Say what the model should do and on which inputs.",
  "Name the metric and what counts as success (a threshold, or beating the baseline).",
  "State constraints: compute, time, data limits, output format.",
];
