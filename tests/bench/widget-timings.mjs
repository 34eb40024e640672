// `cargo xtask bench`'s browser figures for the visitor widget beside a vanilla-JS baseline, in
// headless Chromium against the release demo server the bench started (BATON_BENCH_URL, admin
// password in BATON_BENCH_ADMIN_PASSWORD). The bench serves two pages with the same shell under
// /bench-baseline/: widget.html (Baton's <baton-visitor>) and index.html (baseline.js: plain
// `fetch` + `EventSource`, the same requests in the same order). For each page, in a fresh
// browser context per run, alternating which page goes first (to cancel drift):
// - navigation to interactive: the page's Send button visible, Vera signed in and her first
//   conversation loaded;
// - message to prompt visible: on a new conversation (Anna away, so the concierge offers the
//   deputy prompt), from the click on Send to the "Invite a deputy" button visible, once the
//   feed has opened and the page has read what it missed meanwhile.
// Both are timed inside the page (harness.mjs `instrument`). Prints one Markdown section with
// medians, the ratios Baton / baseline and the goals (figures only: nothing fails on time).

import {
  admin, base, forget, instrument, launch, marks, median, row, V4, veraConversation,
} from "./harness.mjs";

const RUNS = 9;
const SEND = "Send";
const INVITE = "Invite a deputy";
const PAGES = { Baton: "/bench-baseline/widget.html", baseline: "/bench-baseline/index.html" };
/** The goals of issue 17: Baton's navigation to interactive within 1.5 times the baseline's,
 * and its message to prompt visible within 30 ms at the median. */
const NAVIGATION_RATIO_GOAL = 1.5;
const PROMPT_GOAL_MS = 30;

/**
 * Resolves once `page`'s event feed has opened and the page has read the prompt again (the
 * last of what both pages read when their feed opens), so that a message sent then is timed
 * from a settled page.
 */
function feedSettled(page) {
  return new Promise((resolve, reject) => {
    let open = false;
    const timer = setTimeout(() => reject(new Error("the feed did not open within 15 s")), 15_000);
    page.on("response", function listener(response) {
      const url = response.url();
      if (url.endsWith("/baton/v1/events")) {
        open = true;
      } else if (open && response.request().method() === "GET" && url.endsWith("/prompt")) {
        clearTimeout(timer);
        page.off("response", listener);
        resolve();
      }
    });
  });
}

/** One run of `name`'s page: `{ interactive, prompted }` in milliseconds. */
async function measure(browser, name, topic) {
  const context = await browser.newContext();
  try {
    await instrument(context, [SEND, INVITE]);
    const page = await context.newPage();
    const send = page.getByRole("button", { name: SEND, exact: true });

    await page.goto(base + PAGES[name]);
    await send.waitFor({ state: "visible" });
    const interactive = (await marks(page)).seen[SEND];

    // The prompt needs a conversation of its own (one prompt per conversation).
    const created = await veraConversation(topic);
    const settled = feedSettled(page);
    await page.goto(`${base}${PAGES[name]}?conversation=${created.id}`);
    await send.waitFor({ state: "visible" });
    await settled;
    await page.getByRole("textbox", { name: "Message" }).fill("Is anyone there?");
    await forget(page, INVITE);
    await send.click();
    await page.getByRole("button", { name: INVITE }).waitFor({ state: "visible" });
    const after = await marks(page);
    if (interactive === undefined || after.seen[INVITE] === undefined || after.click === null) {
      throw new Error(`${name}: the page's marks are missing: ${JSON.stringify(after)}`);
    }
    return { interactive, prompted: after.seen[INVITE] - after.click };
  } finally {
    await context.close();
  }
}

const browser = await launch();
try {
  const figures = { Baton: { interactive: [], prompted: [] }, baseline: { interactive: [], prompted: [] } };
  await admin(`${V4}/persons/anna.advisor/setAway`, { away: true });
  // One warm-up run of each (not counted): the server's and Chromium's first requests.
  for (const name of Object.keys(PAGES)) await measure(browser, name, `bench warm-up ${name}`);
  for (let run = 0; run < RUNS; run++) {
    const order = run % 2 ? ["baseline", "Baton"] : ["Baton", "baseline"];
    for (const name of order) {
      const { interactive, prompted } = await measure(browser, name, `bench ${name} ${run}`);
      figures[name].interactive.push(interactive);
      figures[name].prompted.push(prompted);
    }
  }
  await admin(`${V4}/persons/anna.advisor/setAway`, { away: false });

  const ratio = (measure) => median(figures.Baton[measure]) / median(figures.baseline[measure]);
  const navigation = ratio("interactive");
  const prompt = ratio("prompted");
  const promptMedian = median(figures.Baton.prompted);
  const verdict = (met) => (met ? "met" : "**not met**");
  console.log(`## Visitor widget vs a vanilla-JS baseline in headless Chromium

${RUNS} runs of each page against the release demo server on loopback (after one warm-up run of
each), Baton and the baseline alternating, each run in a fresh browser context (no cache, no
cookies). Both pages have the same shell and CSP and make the same requests in the same order;
the baseline is plain \`fetch\` + \`EventSource\` with \`textContent\` DOM (tests/bench/baseline/).
Timed in the page: navigation start, or the click on Send, to the button in the DOM and visible.

| measure | median ms | min ms | max ms |
|---|---:|---:|---:|
${row("Baton: navigation to interactive (Send visible)", figures.Baton.interactive)}
${row("baseline: navigation to interactive (Send visible)", figures.baseline.interactive)}
${row("Baton: visitor's message to the deputy prompt visible", figures.Baton.prompted)}
${row("baseline: visitor's message to the deputy prompt visible", figures.baseline.prompted)}

| measure | Baton / baseline (medians) | goal | |
|---|---:|---|---|
| navigation to interactive | ${navigation.toFixed(2)}x | <= ${NAVIGATION_RATIO_GOAL}x the baseline | ${verdict(navigation <= NAVIGATION_RATIO_GOAL)} |
| message to prompt visible | ${prompt.toFixed(2)}x | Baton p50 <= ${PROMPT_GOAL_MS} ms (is ${promptMedian.toFixed(0)} ms) | ${verdict(promptMedian <= PROMPT_GOAL_MS)} |
`);
} finally {
  await browser.close();
}
