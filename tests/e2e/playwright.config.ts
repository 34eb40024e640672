// Playwright's configuration for Baton's end-to-end tests. `cargo xtask test` (step `e2e`)
// starts the server and the mail receiver and sets BATON_E2E_URL, BATON_E2E_ADMIN_PASSWORD and
// BATON_E2E_MAIL_DIR; this file only says how to drive the browser. Debian's Chromium is used
// because the build machines have no route to browser downloads; one worker, because the
// tests share one server and the machines have two cores.

import { defineConfig } from "@playwright/test";

const baseURL = process.env.BATON_E2E_URL;
if (!baseURL) {
  throw new Error("BATON_E2E_URL is not set: run the e2e tests with `cargo xtask test`");
}

export default defineConfig({
  testDir: ".",
  outputDir: "../../target/e2e/test-results",
  workers: 1,
  retries: 0,
  fullyParallel: false,
  forbidOnly: true,
  reporter: "list",
  timeout: 30_000,
  // Tests tagged @lockout exhaust the per-client limit on failed PIN attempts, after which
  // no redemption from 127.0.0.1 works for the window: they run in a project of their own,
  // after every other test.
  projects: [
    { name: "journeys", grepInvert: /@lockout/ },
    { name: "lockout", grep: /@lockout/, dependencies: ["journeys"] },
  ],
  use: {
    baseURL,
    browserName: "chromium",
    launchOptions: {
      executablePath: "/usr/bin/chromium",
      args: [
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
    trace: "retain-on-failure",
  },
});
