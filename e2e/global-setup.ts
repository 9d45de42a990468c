/** Signs in as the e2e administrator once and saves the session for every spec (playwright.config.ts: storageState). */
import fs from "node:fs";
import path from "node:path";
import { request, type FullConfig } from "@playwright/test";

export const STORAGE_STATE = path.join("test-results", ".auth", "admin.json");

export default async function globalSetup(config: FullConfig): Promise<void> {
  const baseURL = config.projects[0]?.use.baseURL ?? "http://localhost:3210";
  const context = await request.newContext({ baseURL, extraHTTPHeaders: { origin: baseURL } });
  const res = await context.post("/api/auth/sign-in/email", {
    data: {
      email: process.env.TREX_ADMIN_EMAIL ?? "admin@trex.local",
      password: process.env.TREX_ADMIN_PASSWORD ?? "trex-e2e-password",
    },
  });
  if (!res.ok()) throw new Error(`e2e sign-in failed: ${res.status()} ${await res.text()}`);
  fs.mkdirSync(path.dirname(STORAGE_STATE), { recursive: true });
  await context.storageState({ path: STORAGE_STATE });
  await context.dispose();
}
