/**
 * Accounts in the browser: a newcomer creates an account and sees nothing until the administrator adds them
 * to a workspace as a viewer; the viewer then reads explorations but cannot manage runners. API tokens are
 * shown once, work as Bearer credentials, and stop working when revoked.
 */
import { expect, test } from "@playwright/test";
import { screenshotBothThemes } from "./helpers.ts";

test("sign-up, membership by the administrator, viewer limits, and API tokens", async ({ page, browser, baseURL }) => {
  const email = `newcomer-${Date.now()}@lab.test`;
  // a fresh browser without the administrator's session
  const guest = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const newcomer = await guest.newPage();
  await newcomer.goto("/");
  await expect(newcomer).toHaveURL(/\/sign-in/);
  // the sign-in page shows its form alone: no app nav to pages that need an account
  await expect(newcomer.getByRole("navigation", { name: "Main" })).toHaveCount(0);
  await expect(newcomer.getByRole("link", { name: "Leaderboard" })).toHaveCount(0);
  await newcomer.getByRole("button", { name: "Create an account" }).click();
  await newcomer.locator('input[name="name"]').fill("New Comer");
  await newcomer.locator('input[name="email"]').fill(email);
  await newcomer.locator('input[name="password"]').fill("short");
  await newcomer.getByRole("button", { name: "Create account" }).click();
  // the browser's own check (minLength) keeps a short password from being sent
  await expect(newcomer).toHaveURL(/\/sign-in/);
  await newcomer.locator('input[name="password"]').fill("a-long-enough-password");
  await newcomer.getByRole("button", { name: "Create account" }).click();
  await expect(newcomer).toHaveURL(/\/settings\/account/);
  await expect(newcomer.getByText("none yet — ask an administrator to add you")).toBeVisible();

  // the administrator adds the newcomer to the default workspace as a viewer
  await page.goto("/settings/account");
  const workspace = page.getByTestId("workspace-default");
  // the member list is fetched in the browser: once it shows, the form is hydrated (a fill before that is lost)
  await expect(workspace.getByRole("combobox", { name: "Role of admin@trex.local" })).toBeVisible();
  await workspace.locator('input[name="memberEmail"]').fill(email);
  await workspace.locator('select[name="memberRole"]').selectOption("viewer");
  await workspace.getByRole("button", { name: "Add member" }).click();
  await expect(workspace.getByRole("combobox", { name: `Role of ${email}` })).toHaveValue("viewer");
  // the audit log page names the actor and the workspace
  await workspace.getByRole("link", { name: "Audit log of Default →" }).click();
  await expect(page).toHaveURL(/\/settings\/audit\?workspace=default/);
  await expect(page.getByTestId("audit-log").locator('li[data-action="account.setMember"]').first()).toContainText(
    "admin@trex.local set a member's role in workspace ‘Default’",
  );
  await page.goto("/settings/account");

  await newcomer.reload();
  await expect(newcomer.getByText("Default (viewer)")).toBeVisible();
  await newcomer.goto("/settings/runners");
  await expect(newcomer.getByTestId("runner-local")).toBeVisible();
  await expect(newcomer.getByText("Only administrators change runners.")).toBeVisible();
  await expect(newcomer.getByRole("button", { name: "Add runner" })).toHaveCount(0);
  await guest.close();

  // an API token: shown once, works as a Bearer credential, stops working when revoked
  await page.getByRole("form", { name: "Create a token" }).locator('input[name="tokenName"]').fill("e2e script");
  await page.getByRole("button", { name: "Create token" }).click();
  const token = (await page.getByTestId("new-token").textContent()) ?? "";
  expect(token).toMatch(/^trex_/);
  const api = await (await import("@playwright/test")).request.newContext({ baseURL });
  const asToken = () => api.get("/api/trpc/exploration.list", { headers: { authorization: `Bearer ${token}` } });
  expect((await asToken()).status()).toBe(200);
  await screenshotBothThemes(page, "account", { fullPage: true });
  await page.getByRole("button", { name: "Done" }).click();
  await expect(page.getByTestId("new-token")).toHaveCount(0);
  const row = page.getByTestId("token-table").locator("tr", { hasText: "e2e script" });
  // revoking asks first; cancelling keeps the token working
  await row.getByRole("button", { name: "Revoke" }).click();
  const confirm = page.getByRole("dialog", { name: "Revoke the token “e2e script”?" });
  await expect(confirm).toContainText("cannot be undone");
  await screenshotBothThemes(page, "token-revoke-confirm");
  await confirm.getByRole("button", { name: "Cancel" }).click();
  await expect(confirm).toBeHidden();
  expect((await asToken()).status()).toBe(200);
  await row.getByRole("button", { name: "Revoke" }).click();
  await confirm.getByRole("button", { name: "Revoke token" }).click();
  await expect(row.getByRole("button", { name: "Revoke" })).toHaveCount(0);
  expect((await asToken()).status()).toBe(401);
  await api.dispose();
});
