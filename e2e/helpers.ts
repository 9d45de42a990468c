/** Shared by the e2e specs: screenshots in both themes, tRPC calls from the test, setup and cleanup. */
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";

const isDark = (page: Page) => page.evaluate(() => document.documentElement.classList.contains("dark"));

async function setTheme(page: Page, dark: boolean): Promise<void> {
  // an open modal dialog makes the toggle behind it inert: switch the class the toggle sets, as it does
  const modal = (await page.locator("dialog[open]").count()) > 0;
  if ((await isDark(page)) !== dark) {
    if (modal) await page.evaluate((d) => document.documentElement.classList.toggle("dark", d), dark);
    else await page.getByTestId("theme-toggle").click();
  }
  await expect.poll(() => isDark(page)).toBe(dark);
  // colours transition for 150 ms: let them settle before the picture
  await page.waitForTimeout(400);
}

/** test-results/screenshots/<name>-light.png and -dark.png; the page is left in the light theme. */
export async function screenshotBothThemes(page: Page, name: string, opts: { fullPage?: boolean } = {}): Promise<void> {
  // a full-page picture starts at the top, or the sticky header is drawn mid-page
  if (opts.fullPage) await page.evaluate(() => window.scrollTo(0, 0));
  await setTheme(page, false);
  await page.screenshot({ path: `test-results/screenshots/${name}-light.png`, fullPage: opts.fullPage });
  await setTheme(page, true);
  await page.screenshot({ path: `test-results/screenshots/${name}-dark.png`, fullPage: opts.fullPage });
  await setTheme(page, false);
}

/** Mutations from the test are same-origin requests, as the app's own pages make them (the server refuses cross-site ones). */
function sameOrigin(): Record<string, string> {
  const base = test.info().project.use.baseURL;
  return base ? { origin: new URL(base).origin } : {};
}

/** A tRPC mutation over HTTP (superjson envelope), as another user or process would cause it. */
export async function trpcMutation<T>(request: APIRequestContext, path: string, input: unknown): Promise<T> {
  const res = await request.post(`/api/trpc/${path}`, { data: { json: input }, headers: sameOrigin() });
  expect(res.ok(), `${path}: ${await res.text()}`).toBe(true);
  const body = (await res.json()) as { result: { data: { json: T } } };
  return body.result.data.json;
}

export async function trpcQuery<T>(request: APIRequestContext, path: string, input: unknown): Promise<T> {
  const res = await request.get(`/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`);
  expect(res.ok(), `${path}: ${await res.text()}`).toBe(true);
  const body = (await res.json()) as { result: { data: { json: T } } };
  return body.result.data.json;
}

export interface TreeNodeFacts {
  id: string;
  ordinal: number;
  status: string;
  version: number;
  plan: { title: string };
  config: Record<string, unknown>;
}

export async function treeNodes(request: APIRequestContext, id: string): Promise<TreeNodeFacts[]> {
  const tree = await trpcQuery<{ nodes: TreeNodeFacts[] }>(request, "exploration.tree", { id });
  return tree.nodes;
}

export async function createReviewedExplorationViaApi(request: APIRequestContext, title: string): Promise<string> {
  const { id } = await trpcMutation<{ id: string }>(request, "exploration.create", {
    title,
    goal: "Classify short reviews as positive or negative. Reviews use negation and intensifiers; maximise accuracy.",
    taskId: "mini-sst2",
    approvalMode: "review-each-expansion",
    budget: { rounds: 2, trainingRuns: 6, computeSeconds: 1800, wallSeconds: 3600, tokens: 200_000 },
  });
  started.push(id);
  return id;
}

/** Frees the CPU for the next spec: running jobs of this exploration are cancelled. */
export async function stopExploration(request: APIRequestContext, id: string): Promise<void> {
  if (id) await request.post("/api/trpc/exploration.stop", { data: { json: { id } }, headers: sameOrigin() });
}

/** Explorations a spec started; `stopAll` in afterEach stops them even when the spec failed halfway. */
export const started: string[] = [];
export async function stopAll(request: APIRequestContext): Promise<void> {
  for (const id of started.splice(0)) await stopExploration(request, id);
}

export const explorationIdOf = (page: Page): string => /\/explorations\/([a-z0-9]+)/.exec(page.url())?.[1] ?? "";

/** Short runs keep the suite fast on a busy 2-core machine: a small batch still learns the label format. */
export const QUICK_RUN = { steps: 60, batchSize: 8 };
