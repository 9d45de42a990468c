import { expect, test, type Page } from "@playwright/test";
import { screenshotBothThemes, stopAll } from "./helpers";
import { seedTree } from "./seed-tree";

test.afterEach(({ request }) => stopAll(request));

/** the vertical extent of the cards on screen against the canvas pane's height */
async function heightUsed(page: Page): Promise<number> {
  return page.evaluate(() => {
    const pane = document.querySelector(".react-flow")?.getBoundingClientRect();
    const cards = [...document.querySelectorAll('[data-testid="tree-node"]')]
      .map((c) => c.getBoundingClientRect())
      .filter((r) => pane && r.bottom > pane.top && r.top < pane.bottom);
    if (!pane || cards.length === 0) return 0;
    return (
      (Math.min(pane.bottom, Math.max(...cards.map((r) => r.bottom))) -
        Math.max(pane.top, Math.min(...cards.map((r) => r.top)))) /
      pane.height
    );
  });
}

test("the canvas at fit with 15, 150 and 5,000 nodes: status glyphs, scores, the pane's height used, titles on hover", async ({
  page,
  request,
}) => {
  for (const size of [15, 150, 5000]) {
    const tree = await seedTree(request, `Canvas ${size}`, size, 0);
    await page.goto(`/explorations/${tree.id}`);
    await expect(page.getByTestId("shown-count")).toHaveText(`${size} nodes`, { timeout: 60_000 });
    await page.getByRole("button", { name: "Fit", exact: true }).click();
    await page.waitForTimeout(800);
    const card = page.getByTestId("tree-node").first();
    await expect(card).toHaveAttribute("title", /#\d+ .+\n/);
    // colour and a glyph, in either card form
    await expect(card).toContainText(/[✔✖▶◔✂⊘○✓⋯]/);
    if (size <= 150) expect(await heightUsed(page)).toBeGreaterThan(0.5);
    await screenshotBothThemes(page, `canvas-fit-${size}`);
  }
  // the horizontal layout is one click away
  await page.getByTestId("layout-toggle").click();
  await expect(page.getByTestId("layout-toggle")).toHaveText(/Horizontal/);
  await screenshotBothThemes(page, "canvas-5000-horizontal");
});

test.describe("on a 390 × 844 phone", () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test("the nav collapses, the canvas fills the screen, the side panel is a drawer, tables scroll", async ({
    page,
    request,
  }) => {
    const tree = await seedTree(request, "Phone e2e", 15);
    await page.goto(`/explorations/${tree.id}`);
    await expect(page.getByRole("navigation", { name: "Main" }).first()).toBeHidden();
    await page.getByTestId("nav-menu").locator("summary").click();
    await expect(page.getByTestId("nav-menu").getByRole("link", { name: "Leaderboard" })).toBeVisible();
    await page.getByTestId("nav-menu").locator("summary").click();
    // no horizontal overflow of the page itself
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const canvas = await page.getByTestId("tree-canvas").boundingBox();
    expect(canvas?.width ?? 0).toBeGreaterThan(370);
    expect(canvas?.height ?? 0).toBeGreaterThan(500);
    await expect(page.getByTestId("side-panel")).toBeHidden();
    await screenshotBothThemes(page, "phone-tree");

    await page.getByTestId("tree-node").first().click();
    await expect(page.getByTestId("side-panel")).toBeVisible();
    await expect(page.getByTestId("node-inspector")).toBeVisible();
    await screenshotBothThemes(page, "phone-drawer");
    await page.getByRole("button", { name: "Close the panel" }).click();
    await expect(page.getByTestId("side-panel")).toBeHidden();

    await page.getByTestId("view-runs").click();
    const scroller = page.getByTestId("runs-scroller");
    expect(await scroller.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
    await scroller.evaluate((el) => el.scrollTo({ left: 400 }));
    expect(await scroller.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0);
    await screenshotBothThemes(page, "phone-runs");
    await page.getByTestId("view-analysis").click();
    await expect(page.getByTestId("analysis-view")).toBeVisible();
    await screenshotBothThemes(page, "phone-analysis");
  });
});
