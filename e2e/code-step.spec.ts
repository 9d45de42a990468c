import path from "node:path";
import Database from "better-sqlite3";
import { expect, test } from "@playwright/test";
import {
  createReviewedExplorationViaApi,
  screenshotBothThemes,
  stopAll,
  treeNodes,
  trpcMutation,
  trpcQuery,
} from "./helpers";

test.afterEach(({ request }) => stopAll(request));

const PARENT_CODE = [
  "def transform(row):",
  "    text = row['input'].strip()",
  "    return {**row, 'input': 'Review: ' + text}",
  "",
].join("\n");
const CODE = [
  "import re",
  "",
  "def transform(row):",
  "    # collapse whitespace, then cue the label",
  "    text = re.sub(r'\\s+', ' ', row['input']).strip()",
  "    if not text:",
  "        return None",
  "    return {**row, 'input': f'Review: {text}\\nSentiment:'}",
  "",
].join("\n");

interface Operator {
  op: string;
  [key: string]: unknown;
}
interface Detail {
  node: {
    version: number;
    recipe: { operators: Operator[] };
    report: { dryRun?: { rows: number; steps: { op: string; samples?: { input: string }[] }[] } } | null;
  };
}

const codeStep = (code: string, description: string) => ({
  op: "python",
  code,
  description,
  timeoutSeconds: 30,
  memoryMiB: 512,
});

test("a code step waits for a reviewer with its code highlighted, its diff against the parent's and the dry-run's samples", async ({
  page,
  request,
}) => {
  const id = await createReviewedExplorationViaApi(request, "Code step e2e");
  let proposalId = "";
  await expect
    .poll(
      async () => {
        proposalId = (await treeNodes(request, id)).find((n) => n.status === "awaiting_review")?.id ?? "";
        return proposalId;
      },
      { timeout: 180_000, intervals: [2000] },
    )
    .not.toBe("");
  const nodes = await treeNodes(request, id);
  const root = nodes.find((n) => n.ordinal === 0);
  if (!root) throw new Error("no root");
  // the parent ran a code step of its own (its recipe is stored as if it had; the baseline trains nothing)
  const db = new Database(path.join(process.env.TREX_E2E_DATA_DIR ?? "", "trex.db"));
  try {
    const row = db.prepare("SELECT recipe FROM Node WHERE id = ?").get(root.id) as { recipe: string };
    const recipe = JSON.parse(row.recipe) as { operators: Operator[] };
    recipe.operators.push(codeStep(PARENT_CODE, "Prefixes each review."));
    db.prepare("UPDATE Node SET recipe = ?, version = version + 1 WHERE id = ?").run(JSON.stringify(recipe), root.id);
  } finally {
    db.close();
  }
  // the proposal's code step changes the parent's code; the worker dry-runs it in its sandbox for the reviewer
  const before = await trpcQuery<Detail>(request, "node.detail", { id: proposalId });
  const ops = before.node.recipe.operators;
  const loads = ops.filter((o) => o.op === "load");
  const rest = ops.filter((o) => o.op !== "load");
  const description = "Collapses whitespace and ends each prompt with a sentiment cue.";
  await trpcMutation(request, "node.edit", {
    id: proposalId,
    version: before.node.version,
    recipe: { operators: [...loads, codeStep(CODE, description), ...rest] },
  });
  let samples: string[] = [];
  await expect
    .poll(
      async () => {
        const d = await trpcQuery<Detail>(request, "node.detail", { id: proposalId });
        const step = d.node.report?.dryRun?.steps.find((s) => s.op === "python");
        samples = step?.samples?.map((s) => s.input) ?? [];
        return samples.length;
      },
      { timeout: 120_000, intervals: [2000] },
    )
    .toBeGreaterThan(0);
  expect(samples.every((s) => s.startsWith("Review: ") && s.endsWith("\nSentiment:"))).toBe(true);

  await page.goto(`/explorations/${id}`);
  await page.locator(`[data-testid="tree-node"][data-node-id="${proposalId}"]`).click();
  const inspector = page.getByTestId("node-inspector");
  await expect(inspector.getByTestId("code-review-note")).toContainText("waits for a reviewer in every approval mode");
  const view = inspector.getByTestId("code-step");
  await expect(view).toContainText(description);
  // highlighted: highlight.js's spans for keywords, strings and comments
  const code = view.getByTestId("code-step-code");
  await expect(code.locator(".hljs-keyword").first()).toBeVisible();
  await expect(code.locator(".hljs-comment")).toContainText("collapse whitespace");
  await expect(code.locator(".hljs-string").first()).toBeVisible();
  // the diff against the parent's code step
  const diff = view.getByTestId("code-step-diff");
  await expect(diff.locator('[data-diff="removed"]')).toContainText(["    text = row['input'].strip()"]);
  await expect(diff.locator('[data-diff="added"]').first()).toContainText("import re");
  await expect(diff.locator('[data-diff="same"]').first()).toContainText("def transform(row):");
  // the dry-run's samples of the code step
  const item = view.locator("xpath=ancestor::li[1]");
  await item.getByText(/samples$/).click();
  await expect(item.getByText(samples[0]?.split("\n")[0] ?? "—").first()).toBeVisible();
  await view.scrollIntoViewIfNeeded();
  await screenshotBothThemes(page, "code-step-review");
});
