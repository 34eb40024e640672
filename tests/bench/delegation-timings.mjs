// `cargo xtask bench`'s figure for the delegation queue, in headless Chromium against the
// demo server the bench started (BATON_BENCH_URL, admin password in
// BATON_BENCH_ADMIN_PASSWORD): the median time from a deputy's click on Accept in the agent
// desk's queue to the visitor's widget showing that the deputy joined. Each run is a fresh
// conversation of Vera with Anna (away): Vera writes, accepts the deputy prompt, and Clara
// (level 1) accepts at her desk, which stays open across runs as a deputy's would.
// Prints one Markdown section on stdout (tests/bench/harness.mjs has what both scripts share).

import { admin, base, launch, row, V4, veraWidget } from "./harness.mjs";

const RUNS = 5;

const browser = await launch();
try {
  const joined = [];
  await admin(`${V4}/persons/anna.advisor/setAway`, { away: true });

  // Clara at her desk.
  const deskPage = await (await browser.newContext()).newPage();
  await deskPage.goto(base + "/agent.html");
  const desk = deskPage.locator("baton-agent-desk");
  await desk.getByRole("textbox", { name: "Username" }).fill("clara.deputy");
  await desk.getByLabel("Password").fill("clara");
  await desk.getByRole("button", { name: "Sign in" }).click();
  await desk.getByText("Signed in as Clara Deputy").waitFor({ state: "visible" });
  const queue = desk.getByRole("region", { name: "Requests for you" });

  for (let run = 0; run < RUNS; run++) {
    const topic = `bench delegation ${Date.now()} ${run}`;
    const context = await browser.newContext();
    const page = await context.newPage();
    await veraWidget(page, topic);
    await page.getByRole("textbox", { name: "Message" }).fill("Is anyone there?");
    await page.getByRole("button", { name: "Send" }).click();
    await page.getByRole("button", { name: "Invite a deputy" }).click();

    const accept = queue.getByRole("article", { name: topic }).getByRole("button", { name: "Accept" });
    await accept.waitFor({ state: "visible" });
    const clicked = performance.now();
    await accept.click();
    await page.getByText("Clara Deputy has joined the conversation.").first().waitFor({ state: "visible" });
    joined.push(performance.now() - clicked);
    await context.close();
  }
  await admin(`${V4}/persons/anna.advisor/setAway`, { away: false });
  console.log(`## Delegation queue in headless Chromium

${RUNS} runs against the demo server on loopback: a deputy's desk open throughout, the visitor
in a fresh browser context each run; medians (min – max).

| measure | median ms | min ms | max ms |
|---|---:|---:|---:|
${row("deputy's Accept in the desk to the visitor seeing the deputy join", joined)}
`);
} finally {
  await browser.close();
}
