// `cargo xtask bench`'s browser figures for the visitor widget, in headless Chromium against
// the demo server the bench started (BATON_BENCH_URL, admin password in
// BATON_BENCH_ADMIN_PASSWORD): the median time from navigation to an interactive widget (its
// Send button usable) and from a visitor's message to the deputy prompt being visible.
// Prints one Markdown section on stdout (tests/bench/harness.mjs has what both scripts share).

import { admin, base, launch, row, V4, veraWidget } from "./harness.mjs";

const RUNS = 7;

const browser = await launch();
try {
  const interactive = [];
  const prompted = [];
  await admin(`${V4}/persons/anna.advisor/setAway`, { away: true });
  for (let run = 0; run < RUNS; run++) {
    // A fresh context each run: no cache, no cookies (a first visit).
    const context = await browser.newContext();
    const page = await context.newPage();
    const send = page.getByRole("button", { name: "Send" });
    const started = performance.now();
    await page.goto(base + "/");
    await send.waitFor({ state: "visible" });
    interactive.push(performance.now() - started);

    // The prompt needs a conversation of its own (one prompt per conversation).
    await veraWidget(page, `bench ${run}`);
    await send.waitFor({ state: "visible" });
    await page.getByRole("textbox", { name: "Message" }).fill("Is anyone there?");
    const sent = performance.now();
    await send.click();
    await page.getByRole("button", { name: "Invite a deputy" }).waitFor({ state: "visible" });
    prompted.push(performance.now() - sent);
    await context.close();
  }
  await admin(`${V4}/persons/anna.advisor/setAway`, { away: false });
  console.log(`## Visitor widget in headless Chromium

${RUNS} runs against the demo server on loopback, each in a fresh browser context; medians
(min – max).

| measure | median ms | min ms | max ms |
|---|---:|---:|---:|
${row("navigation to an interactive widget (Send usable)", interactive)}
${row("visitor's message to the deputy prompt visible", prompted)}
`);
} finally {
  await browser.close();
}
