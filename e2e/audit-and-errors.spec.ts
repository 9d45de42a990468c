/**
 * The audit log page (readable actors and targets, filters by actor, action and day, no previews), the 404 of an
 * unknown exploration, the favicon, and the sign-in page without the app's nav.
 */
import { expect, test } from "@playwright/test";
import { screenshotBothThemes, stopAll, trpcMutation } from "./helpers";
import { seedTree } from "./seed-tree";

test.afterEach(({ request }) => stopAll(request));

test("the audit log names who did what to what, and filters by actor, action and day", async ({ page, request }) => {
  const title = `Audit e2e ${Date.now()}`;
  const tree = await seedTree(request, title, 8, 0);
  const nodes = tree.ids;
  await trpcMutation(request, "node.prune", { id: nodes[3], reason: "a duplicate of #2" });
  // previews change nothing and stay out of the log
  for (let i = 0; i < 3; i++)
    await trpcMutation(request, "agent.previewAnalysis", { goal: "Classify reviews by sentiment, maximise accuracy." });

  await page.goto("/settings/audit");
  const log = page.getByTestId("audit-log");
  const prune = log.locator('li[data-action="node.prune"]').first();
  await expect(prune).toContainText("admin@trex.local");
  await expect(prune).toContainText(`pruned node #3 of ‘${title}’`);
  await expect(prune).toContainText("“a duplicate of #2”");
  await expect(prune.getByRole("link", { name: `node #3 of ‘${title}’` })).toHaveAttribute(
    "href",
    `/explorations/${tree.id}`,
  );
  await expect(log.locator('li[data-action="exploration.stop"]').first()).toContainText(
    `stopped exploration ‘${title}’`,
  );
  await expect(log.locator('li[data-action="agent.previewAnalysis"]')).toHaveCount(0);
  await screenshotBothThemes(page, "audit-log", { fullPage: true });

  // by action
  await page.getByLabel("Action").selectOption("node.prune");
  await expect(page).toHaveURL(/action=node.prune/);
  await expect(log.locator("li")).not.toHaveCount(0);
  expect(await log.locator("li").evaluateAll((li) => li.map((l) => l.getAttribute("data-action")))).toEqual(
    expect.arrayContaining(["node.prune"]),
  );
  await expect(log.locator('li:not([data-action="node.prune"])')).toHaveCount(0);
  // by actor: the administrator did it; the filter survives a reload (it is in the address)
  await page.getByLabel("Actor").selectOption({ label: "admin@trex.local" });
  await expect(page).toHaveURL(/actor=/);
  await page.reload();
  await expect(page.getByLabel("Actor")).toHaveValue(/.+/);
  await expect(log.locator('li[data-action="node.prune"]').first()).toContainText("“a duplicate of #2”");
  // by day: tomorrow has nothing yet, today has the prune
  const day = (offset: number) => {
    const d = new Date(Date.now() + offset * 86_400_000);
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
  };
  await page.getByLabel("From", { exact: true }).fill(day(1));
  await expect(page.getByTestId("audit-count")).toHaveText("Nothing recorded for these filters.");
  await page.getByLabel("From", { exact: true }).fill(day(0));
  await expect(page).toHaveURL(new RegExp(`from=${day(0)}`));
  await page.getByLabel("To", { exact: true }).fill(day(0));
  await expect(log.locator('li[data-action="node.prune"]').first()).toBeVisible();

  // the instance scope: what belongs to no workspace, such as the caller's API tokens, named
  const token = await trpcMutation<{ id: string }>(request, "account.createToken", {
    name: `audit e2e ${title}`,
    scopes: ["read"],
  });
  await trpcMutation(request, "account.revokeToken", { id: token.id });
  await page.goto("/settings/audit?workspace=instance");
  await expect(page.getByTestId("audit-log").locator('li[data-action="account.revokeToken"]').first()).toContainText(
    `admin@trex.local revoked API token ‘audit e2e ${title}’`,
  );
});

test("an unknown exploration answers 404 with a way back; the icon is served", async ({ page, request }) => {
  const started = Date.now();
  const res = await page.goto("/explorations/no-such-exploration-id");
  expect(res?.status()).toBe(404);
  expect(Date.now() - started).toBeLessThan(5_000);
  await expect(page.getByRole("heading", { name: "No such exploration" })).toBeVisible();
  await screenshotBothThemes(page, "exploration-404");
  await page.getByRole("link", { name: "← All explorations" }).click();
  await expect(page).toHaveURL(/\/$/);
  // an id far too long is no exploration either, not a server error
  expect((await page.goto(`/explorations/${"x".repeat(300)}`))?.status()).toBe(404);

  const icon = await request.get("/icon.svg");
  expect(icon.status()).toBe(200);
  expect(icon.headers()["content-type"]).toContain("image/svg+xml");
  await page.goto("/");
  await expect(page.locator('link[rel="icon"]')).toHaveAttribute("href", /icon\.svg/);
});
