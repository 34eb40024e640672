// What `cargo xtask bench`'s browser scripts share: the demo server the bench started
// (BATON_BENCH_URL, admin password in BATON_BENCH_ADMIN_PASSWORD), administrator calls, headless
// Chromium with the flags a machine without network access needs, Vera's widget on a fresh
// conversation, timing buttons as they appear in the page, and a Markdown row of median / min /
// max milliseconds. Figures only: nothing here passes or fails on time.

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

/** Creates a conversation of Vera's with Anna titled `topic`; answers it. */
export function veraConversation(topic) {
  return admin(`${V4}/conversations/create`, {
    topic,
    participants: [
      { personId: "anna.advisor", participationType: "ASSIGNED_AGENT" },
      { personId: "vera.visitor", participationType: "CONTEXT_PERSON" },
    ],
  });
}

/**
 * Opens Vera's widget in `page` on a new conversation of hers with Anna titled `topic`: the
 * page, served by Playwright on the server's origin, is /bench.html. Answers the conversation.
 */
export async function veraWidget(page, topic) {
  const created = await veraConversation(topic);
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

/** The median of `values` (of an even count, the mean of the middle two). */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** `| label | median | min | max |` of `values` (milliseconds, whole). */
export function row(label, values) {
  const ms = (v) => v.toFixed(0);
  return `| ${label} | ${ms(median(values))} | ${ms(Math.min(...values))} | ${ms(Math.max(...values))} |`;
}

/**
 * Times buttons appearing, in the page itself, for every page of `context`: an init script
 * (before the page's own) watches the document and every shadow root attached later with a
 * MutationObserver, and notes `performance.now()` (milliseconds since the navigation started)
 * the first time a visible button reads each of `labels`, and at each click (capture phase,
 * before the page's handlers). Read them with [`marks`]; [`forget`] drops a label's mark.
 * Both pages a bench compares get the same instrument, so its small cost falls on both.
 */
export function instrument(context, labels) {
  return context.addInitScript((labels) => {
    const marks = (window.__benchMarks = { seen: {}, click: null });
    const roots = [];
    const check = () => {
      for (const label of labels) {
        if (marks.seen[label] !== undefined) continue;
        for (const root of roots) {
          const found = [...root.querySelectorAll("button")].some(
            (b) => b.textContent.trim() === label && b.checkVisibility(),
          );
          if (found) {
            marks.seen[label] = performance.now();
            break;
          }
        }
      }
    };
    const observer = new MutationObserver(check);
    const observe = (root) => {
      roots.push(root);
      observer.observe(root, { childList: true, subtree: true, characterData: true, attributes: true });
    };
    observe(document);
    const attach = Element.prototype.attachShadow;
    Element.prototype.attachShadow = function (init) {
      const root = attach.call(this, init);
      observe(root);
      return root;
    };
    window.addEventListener("click", () => (marks.click = performance.now()), true);
  }, labels);
}

/** What [`instrument`] noted in `page`: `{ seen: { label: ms }, click: ms }`. */
export function marks(page) {
  return page.evaluate(() => window.__benchMarks);
}

/** Drops the mark of `label` in `page`, to time its next appearance. */
export function forget(page, label) {
  return page.evaluate((label) => delete window.__benchMarks.seen[label], label);
}
