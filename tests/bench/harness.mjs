// What `cargo xtask bench`'s browser scripts share: the demo server the bench started
// (BATON_BENCH_URL, admin password in BATON_BENCH_ADMIN_PASSWORD), administrator calls, headless
// Chromium with the flags a machine without network access needs, Vera's widget on a fresh
// conversation, and a Markdown row of median / min / max milliseconds. Figures only: nothing here passes or fails on time.

import { chromium } from "@playwright/test";

export const base = process.env.BATON_BENCH_URL;
const adminPassword = process.env.BATON_BENCH_ADMIN_PASSWORD;
export const V4 = "/app/rest/v4";

const launchArgs = [
  "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
  "--no-first-run",
];

/** POSTs `body` as the administrator (HTTP Basic); answers the JSON answer, or null. */
export async function admin(path, body) {
  const response = await fetch(base + path, {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      Authorization: "Basic " + Buffer.from(`admin:${adminPassword}`).toString("base64"),
    },
    body: JSON.stringify(body ?? {}),
  });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return response.status === 204 ? null : response.json();
}

/**
 * Opens Vera's widget in `page` on a new conversation of hers with Anna titled `topic`: the
 * page, served by Playwright on the server's origin, is /bench.html. Answers the conversation.
 */
export async function veraWidget(page, topic) {
  const created = await admin(`${V4}/conversations/create`, {
    topic,
    participants: [
      { personId: "anna.advisor", participationType: "ASSIGNED_AGENT" },
      { personId: "vera.visitor", participationType: "CONTEXT_PERSON" },
    ],
  });
  await page.route(base + "/bench.html", (route) =>
    route.fulfill({
      contentType: "text/html",
      body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>bench</title>
<script type="module" src="/pkg/baton-visitor.js"></script></head><body>
<baton-visitor server="" token-url="/demo/bank/token?username=vera.visitor"
 conversation="${created.id}"></baton-visitor></body></html>`,
    }),
  );
  await page.goto(base + "/bench.html");
  return created;
}

/** Debian's Chromium, headless. */
export function launch() {
  return chromium.launch({ executablePath: "/usr/bin/chromium", args: launchArgs });
}

/** `| label | median | min | max |` of `values` (milliseconds, whole). */
export function row(label, values) {
  const sorted = [...values].sort((a, b) => a - b);
  const ms = (v) => v.toFixed(0);
  return `| ${label} | ${ms(sorted[Math.floor(sorted.length / 2)])} | ${ms(sorted[0])} | ${ms(sorted[sorted.length - 1])} |`;
}
