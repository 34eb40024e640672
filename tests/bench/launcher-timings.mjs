// `cargo xtask bench`'s browser figures for the launcher (issue 17), in headless Chromium
// against the demo server the bench started (BATON_BENCH_URL, admin password in
// BATON_BENCH_ADMIN_PASSWORD), on the demo site's own pages:
// - what the launcher page (/products.html, `<baton-visitor launcher>`) downloads for Baton
//   before the first open: every response from /pkg/ or the API, its body's bytes as the
//   browser received them (decoded), as transferred (Content-Encoding, if the server sent one)
//   and as brotli would send them (quality 11, computed here with node's zlib);
// - click on the launcher's button to an interactive widget (its Send button visible), beside
//   the docked widget's navigation to interactive (/, the statement page), in the same run.
// Each run has a conversation of its own and a fresh browser context per page (no cache, no
// cookies: a first visit), docked and launcher alternating which goes first. Both are timed
// in the page (harness.mjs `instrument`). Prints one Markdown section (figures only).

import { brotliCompressSync, constants } from "node:zlib";
import { base, instrument, launch, marks, median, row, veraConversation } from "./harness.mjs";

const RUNS = 7;
const SEND = "Send";
const OPEN = "Chat with your advisor";
/** The goal of issue 17 for what a page downloads before the first open. */
const BYTES_GOAL = 4 * 1024;

function isBaton(url) {
  const path = new URL(url).pathname;
  return path.startsWith("/pkg/") || path.startsWith("/baton/") || path.startsWith("/app/");
}

function brotli(body) {
  return brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
}

/** The launcher page until its button shows and the network is quiet: Baton's bytes. */
async function bytesBeforeOpen(page) {
  const responses = [];
  page.on("response", (response) => {
    if (isBaton(response.url())) responses.push(response);
  });
  return async () => {
    const files = [];
    for (const response of responses) {
      const body = await response.body();
      const sizes = await response.request().sizes();
      files.push({
        path: new URL(response.url()).pathname,
        raw: body.length,
        transferred: sizes.responseBodySize,
        encoding: (await response.allHeaders())["content-encoding"] ?? "none",
        brotli: brotli(body),
      });
    }
    return files;
  };
}

/** One run of the docked page: navigation to Send visible, in ms. */
async function docked(browser, conversation) {
  const context = await browser.newContext();
  try {
    await instrument(context, [SEND]);
    const page = await context.newPage();
    await page.goto(`${base}/?conversation=${conversation}`);
    await page.getByRole("button", { name: SEND, exact: true }).waitFor({ state: "visible" });
    const seen = (await marks(page)).seen[SEND];
    if (seen === undefined) throw new Error("docked: no mark for Send");
    return seen;
  } finally {
    await context.close();
  }
}

/** One run of the launcher page: `{ files, clickToInteractive }`. */
async function launcher(browser, conversation) {
  const context = await browser.newContext();
  try {
    await instrument(context, [SEND]);
    const page = await context.newPage();
    const collect = await bytesBeforeOpen(page);
    await page.goto(`${base}/products.html?conversation=${conversation}`);
    const button = page.getByRole("button", { name: OPEN });
    await button.waitFor({ state: "visible" });
    await page.waitForLoadState("networkidle");
    const files = await collect();
    if (files.some((f) => f.path.endsWith(".wasm"))) throw new Error("WebAssembly before the first open");
    await button.click();
    await page.getByRole("button", { name: SEND, exact: true }).waitFor({ state: "visible" });
    const after = await marks(page);
    if (after.seen[SEND] === undefined || after.click === null) {
      throw new Error(`launcher: the page's marks are missing: ${JSON.stringify(after)}`);
    }
    return { files, clickToInteractive: after.seen[SEND] - after.click };
  } finally {
    await context.close();
  }
}

const browser = await launch();
try {
  const navigation = [];
  const click = [];
  let files = [];
  // One warm-up of each (not counted): the server's and Chromium's first requests.
  const warm = (await veraConversation("bench launcher warm-up")).id;
  await docked(browser, warm);
  await launcher(browser, warm);
  for (let run = 0; run < RUNS; run++) {
    const conversation = (await veraConversation(`bench launcher ${run}`)).id;
    const one = async (which) => {
      if (which === "docked") navigation.push(await docked(browser, conversation));
      else {
        const measured = await launcher(browser, conversation);
        click.push(measured.clickToInteractive);
        files = measured.files;
      }
    };
    for (const which of run % 2 ? ["launcher", "docked"] : ["docked", "launcher"]) await one(which);
  }

  const sum = (key) => files.reduce((total, f) => total + f[key], 0);
  const fileRows = files
    .map((f) => `| \`${f.path}\` | ${f.raw} | ${f.transferred} (${f.encoding}) | ${f.brotli} |`)
    .join("\n");
  const ratio = median(click) / median(navigation);
  const met = sum("brotli") <= BYTES_GOAL;
  console.log(`## Launcher in headless Chromium

What \`/products.html\` (\`<baton-visitor launcher>\`) downloads for Baton before the first
open (the last of ${RUNS} runs; every run is a first visit): no WebAssembly.

| response | decoded B | transferred B | brotli B (q11, computed) |
|---|---:|---:|---:|
${fileRows}
| **total** | ${sum("raw")} | ${sum("transferred")} | ${sum("brotli")} |

Goal: <= ${BYTES_GOAL} B brotli before the first open: ${met ? "met" : "**not met**"}.

${RUNS} runs of each against the demo server on loopback (after one warm-up of each), a fresh
browser context per page and a new conversation per run. Timed in the page: the click on the
launcher's button, or the navigation's start, to the widget's Send button visible.

| measure | median ms | min ms | max ms |
|---|---:|---:|---:|
${row("launcher: click to interactive (Send visible)", click)}
${row("docked: navigation to interactive (Send visible)", navigation)}

Click to interactive is ${ratio.toFixed(2)}x the docked widget's navigation to interactive (medians).
`);
} finally {
  await browser.close();
}
