// What `cargo xtask bench`'s browser scripts share: the demo server the bench started
// (BATON_BENCH_URL, admin password in BATON_BENCH_ADMIN_PASSWORD), administrator calls, headless
// Chromium with the flags this closed network needs (TOOLCHAIN.md), and a Markdown row of
// median / min / max milliseconds. Figures only: nothing here passes or fails on time.

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
