/**
 * Settings → Runners in the browser against a real sshd on 127.0.0.1: add an SSH runner with a private key,
 * test it (the worker's self-check runs over SSH, the host key is recorded on first use), see that the key
 * never comes back to the page, pick the runner for an exploration, and remove it.
 */
import fs from "node:fs";
import { expect, test } from "@playwright/test";
import { startSshServer, type SshServer } from "../server/testing/sshd-server.ts";
import { makeTempDir } from "../server/testing/daemon-process.ts";
import { PYTHON } from "../server/testing/tiny-job.ts";
import { screenshotBothThemes } from "./helpers.ts";

let server: SshServer;
let remote: string;

test.beforeAll(async () => {
  server = await startSshServer();
  remote = makeTempDir("trex-e2e-runner-");
});
test.afterAll(async () => {
  await server?.stop();
  if (remote) fs.rmSync(remote, { recursive: true, force: true });
});

test("an administrator adds an SSH runner, tests it, and its key never comes back to the browser", async ({ page }) => {
  await page.goto("/settings/runners");
  await expect(page.getByTestId("runner-local")).toBeVisible();
  await page.getByRole("button", { name: "Add runner" }).click();
  const form = page.getByRole("form", { name: "Add a runner" });
  await form.locator('input[name="name"]').fill("lab-box");
  await form.locator('input[name="host"]').fill(server.host);
  await form.locator('input[name="port"]').fill(String(server.port));
  await form.locator('input[name="user"]').fill(server.user);
  await form.locator('textarea[name="privateKey"]').fill(server.privateKey);
  await form.locator('input[name="remoteDir"]').fill(`${remote}/jobs`);
  await form.locator('input[name="python"]').fill(PYTHON);
  // a bad environment line is caught by the form before anything is sent
  await form.locator('textarea[name="env"]').fill("NOT A PAIR");
  await form.getByRole("button", { name: "Add runner" }).click();
  await expect(form.getByRole("alert")).toContainText("is not KEY=VALUE");
  await form.locator('textarea[name="env"]').fill("HF_HOME=/tmp/hf cache");
  await form.getByRole("button", { name: "Add runner" }).click();

  const row = page.getByTestId("runner-lab-box");
  await expect(row).toContainText(`${server.user}@${server.host}:${server.port}`);
  await expect(row).toContainText("key stored");
  await row.getByRole("button", { name: "Test" }).click();
  const check = row.getByTestId("runner-check");
  await expect(check).toContainText("self-check passed", { timeout: 120_000 });
  await expect(check).toContainText(/host key ssh-ed25519 SHA256:/);
  await expect(check).toContainText("recorded on first use");
  await screenshotBothThemes(page, "runners");

  // the key is in the database, encrypted: not in the page nor in any answer the browser gets
  const keyBody = server.privateKey.split("\n")[1] ?? "";
  await page.reload();
  await expect(page.getByTestId("runner-lab-box")).toBeVisible();
  expect(await page.content()).not.toContain(keyBody);
  const listed = await page.request.get(`/api/trpc/runner.settings`);
  expect(await listed.text()).not.toContain(keyBody);

  // editing without the key keeps it: the next test still connects, now checking the recorded host key
  await page.getByTestId("runner-lab-box").getByRole("button", { name: "Edit" }).click();
  const edit = page.getByRole("form", { name: "Edit runner lab-box" });
  await expect(edit.locator('textarea[name="privateKey"]')).toHaveValue("");
  expect(await edit.locator('textarea[name="knownHosts"]').inputValue()).toContain(server.knownHostsLine.split(" ")[2]);
  await edit.locator('input[name="concurrency"]').fill("3");
  await edit.getByRole("button", { name: "Save" }).click();
  await expect(page.getByTestId("runner-lab-box")).toContainText("0 / 3 jobs running");
  await page.getByTestId("runner-lab-box").getByRole("button", { name: "Test" }).click();
  await expect(page.getByTestId("runner-lab-box").getByTestId("runner-check")).toContainText("self-check passed", {
    timeout: 120_000,
  });
  await expect(page.getByTestId("runner-lab-box").getByTestId("runner-check")).not.toContainText(
    "recorded on first use",
  );

  // the new runner is offered when an exploration is created
  await page.goto("/explorations/new");
  await expect(page.locator('select[name="runner"] option[value="lab-box"]')).toHaveText("lab-box (ssh)");

  await page.goto("/settings/runners");
  page.once("dialog", (d) => void d.accept());
  await page.getByTestId("runner-lab-box").getByRole("button", { name: "Remove" }).click();
  await expect(page.getByTestId("runner-lab-box")).toHaveCount(0);
});
