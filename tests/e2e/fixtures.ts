// Baton's end-to-end fixtures: import `test` and `expect` from here instead of
// "@playwright/test". Every test gets, on top of Playwright's own fixtures:
//   cspViolations  every Content-Security-Policy violation of every page of the test, collected
//                  automatically; the test FAILS at teardown unless it stays empty, so no test
//                  needs to remember to check (the demo must run with zero violations).
//   ownContexts    (automatic) closes the browser contexts the test opened itself at its end.
//   axe            axe(selector, { exclude }) runs axe-core on that part of the page (open
//                  shadow roots included) and fails on any violation.
//   smtp           the mails baton-server delivered to the run's SMTP receiver since the test
//                  began: address() makes a unique recipient, waitFor(to) the mail sent to it.
//   demo           the API as the demo's people: admin() calls the web API with HTTP Basic,
//                  signInAgent() logs an agent in with authenticator/login (session cookie +
//                  CSRF token) in a request context of its own, createConversation() sets one up.
// The server, the receiver and the environment (BATON_E2E_URL, BATON_E2E_ADMIN_PASSWORD,
// BATON_E2E_MAIL_DIR) come from `cargo xtask test`'s e2e step.

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { randomUUID } from "node:crypto";
import AxeBuilder from "@axe-core/playwright";
import { test as base, expect, type APIRequestContext, type Page } from "@playwright/test";

export { expect };

/** One violation, as the page's `securitypolicyviolation` event or Chromium's console saw it. */
export interface CspViolation {
  /** The URL of the page (or frame) it happened on. */
  url: string;
  /** `event`: a `securitypolicyviolation` event; `console`: Chromium's console error. */
  source: "event" | "console";
  /** The event's effective directive and blocked URI, or the console text. */
  text: string;
}

/** The `axe` fixture: runs axe-core on `include` and fails on any violation. */
export type Axe = (include: string, options?: { exclude?: string[] }) => Promise<void>;

/** One mail the SMTP receiver got. */
export interface Mail {
  /** The envelope's sender and recipients. */
  from: string;
  to: string[];
  /** The decoded Subject header. */
  subject: string;
  /** The decoded text body. */
  text: string;
  /** Every http(s) URL in the body, in order (an e-mail invitation's join link among them). */
  links: string[];
  /** The message as it arrived (headers and encoded body). */
  raw: string;
}

/** The `smtp` fixture. */
export interface Mailbox {
  /** A recipient address no other test uses, so waitFor() finds this test's mail only. */
  address(label?: string): string;
  /** The mails received since this test began, oldest first. */
  received(): Mail[];
  /** Waits for the first mail (since this test began) addressed to `to`. */
  waitFor(to: string, options?: { timeout?: number }): Promise<Mail>;
}

/** An agent signed in through `authenticator/login`, with a cookie jar of its own. */
export interface AgentSession {
  username: string;
  /** The request context holding the agent's session cookie. */
  request: APIRequestContext;
  /** The CSRF token every state-changing request echoes. */
  csrf: string;
  /** POSTs JSON (with the CSRF token), expects a 2xx, returns the JSON answer (or null). */
  post(path: string, body?: unknown): Promise<unknown>;
}

/** The `demo` fixture. */
export interface Demo {
  /** The server's base URL. */
  url: string;
  /** POSTs JSON with the administrator's HTTP Basic credentials, expects a 2xx, returns JSON. */
  admin(path: string, body?: unknown): Promise<unknown>;
  /** Signs a demo agent in; the password defaults to the demo's (the first name). */
  signInAgent(username: string, password?: string): Promise<AgentSession>;
  /** Creates a conversation (by the administrator) and returns its id. */
  createConversation(options?: {
    visitor?: string;
    agent?: string;
    topic?: string;
  }): Promise<string>;
}

/** The web API's root. */
export const V4 = "/app/rest/v4";

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the e2e tests with \`cargo xtask test\``);
  return value;
}

/** Expects a 2xx and answers the body as JSON (null when empty), naming the call on failure. */
async function json(what: string, response: Awaited<ReturnType<APIRequestContext["post"]>>) {
  const body = await response.text();
  expect(response.ok(), `${what}: ${response.status()} ${body}`).toBe(true);
  return body ? (JSON.parse(body) as unknown) : null;
}

// The init script runs in the page before its own scripts; Playwright injects it through the
// DevTools protocol, so the page's CSP does not block it. It reports through a binding, which
// survives navigations (an array on `window` would not).
const CSP_LISTENER = `
  addEventListener("securitypolicyviolation", (e) => {
    globalThis.__batonCspViolation(e.effectiveDirective + " blocked " + (e.blockedURI || "inline")
      + (e.sourceFile ? " (" + e.sourceFile + ":" + e.lineNumber + ")" : ""));
  }, true);
`;

function watchConsole(page: Page, violations: CspViolation[]) {
  page.on("console", (message) => {
    if (message.type() === "error" && message.text().includes("Content Security Policy")) {
      violations.push({ url: page.url(), source: "console", text: message.text() });
    }
  });
}

/** RFC 2047 encoded words (`=?utf-8?b?...?=`, `=?utf-8?q?...?=`), as lettre writes subjects. */
function decodeWords(header: string): string {
  return header
    .replace(/\?=\s+=\?/g, "?==?")
    .replace(/=\?([^?]+)\?([bBqQ])\?([^?]*)\?=/g, (_, _charset, kind: string, text: string) =>
      kind.toUpperCase() === "B"
        ? Buffer.from(text, "base64").toString("utf8")
        : quotedPrintable(text.replace(/_/g, " ")),
    );
}

function quotedPrintable(text: string): string {
  const bytes = Buffer.from(
    text.replace(/=\r?\n/g, "").replace(/=([0-9A-Fa-f]{2})/g, (_, hex: string) =>
      String.fromCharCode(parseInt(hex, 16)),
    ),
    "latin1",
  );
  return bytes.toString("utf8");
}

/** Parses a stored mail: headers unfolded, body decoded by its Content-Transfer-Encoding. */
export function parseMail(stored: { mailFrom: string; rcptTo: string[]; raw: string }): Mail {
  const raw = stored.raw;
  const split = raw.indexOf("\r\n\r\n");
  const head = split === -1 ? raw : raw.slice(0, split);
  const body = split === -1 ? "" : raw.slice(split + 4);
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r\n[ \t]+/g, " ").split("\r\n")) {
    const colon = line.indexOf(":");
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  const encoding = (headers.get("content-transfer-encoding") ?? "7bit").toLowerCase();
  const text =
    encoding === "base64"
      ? Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8")
      : encoding === "quoted-printable"
        ? quotedPrintable(body)
        : Buffer.from(body, "latin1").toString("utf8");
  return {
    from: stored.mailFrom,
    to: stored.rcptTo,
    subject: decodeWords(headers.get("subject") ?? ""),
    text,
    links: text.match(/https?:\/\/[^\s<>"]+/g) ?? [],
    raw,
  };
}

export const test = base.extend<{
  cspViolations: CspViolation[];
  ownContexts: void;
  axe: Axe;
  smtp: Mailbox;
  demo: Demo;
}>({
  // The browser contexts a journey opens for other people (Vera beside Anna's desk) close
  // with it: left open, their event streams would count against those people's stream cap in
  // every later journey.
  ownContexts: [
    async ({ browser, context }, use) => {
      await use();
      await Promise.all(browser.contexts().filter((c) => c !== context).map((c) => c.close()));
    },
    { auto: true },
  ],
  cspViolations: [
    async ({ context }, use) => {
      const violations: CspViolation[] = [];
      await context.exposeBinding("__batonCspViolation", ({ frame }, text: string) => {
        violations.push({ url: frame.url(), source: "event", text });
      });
      await context.addInitScript({ content: CSP_LISTENER });
      context.pages().forEach((page) => watchConsole(page, violations));
      context.on("page", (page) => watchConsole(page, violations));
      await use(violations);
      expect(violations, "Content-Security-Policy violations").toEqual([]);
    },
    { auto: true },
  ],

  axe: async ({ page }, use) => {
    await use(async (include, options = {}) => {
      let builder = new AxeBuilder({ page }).include(include);
      for (const selector of options.exclude ?? []) builder = builder.exclude(selector);
      const results = await builder.analyze();
      const found = results.violations.map(
        (v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`,
      );
      expect(found, `axe-core violations in ${include}`).toEqual([]);
    });
  },

  smtp: async ({}, use) => {
    const folder = env("BATON_E2E_MAIL_DIR");
    const files = () => readdirSync(folder).filter((f) => f.endsWith(".json")).sort();
    const before = new Set(files());
    const received = () =>
      files()
        .filter((f) => !before.has(f))
        .map((f) => parseMail(JSON.parse(readFileSync(join(folder, f), "utf8"))));
    await use({
      address: (label = "invitee") => `${label}-${randomUUID().slice(0, 8)}@e2e.example`,
      received,
      async waitFor(to, { timeout = 15_000 } = {}) {
        let found: Mail | undefined;
        await expect
          .poll(
            () => {
              found = received().find((m) => m.to.includes(to));
              return found !== undefined;
            },
            { message: `a mail to ${to}`, timeout },
          )
          .toBe(true);
        return found as Mail;
      },
    });
  },

  demo: async ({ playwright }, use) => {
    const url = env("BATON_E2E_URL");
    const basic = Buffer.from(`admin:${env("BATON_E2E_ADMIN_PASSWORD")}`).toString("base64");
    const admin = await playwright.request.newContext({
      baseURL: url,
      extraHTTPHeaders: { Authorization: `Basic ${basic}` },
    });
    const opened: APIRequestContext[] = [admin];
    const adminPost = async (path: string, body: unknown = {}) =>
      json(`admin POST ${path}`, await admin.post(path, { data: body }));
    await use({
      url,
      admin: adminPost,
      async signInAgent(username, password = username.split(".")[0]) {
        const request = await playwright.request.newContext({ baseURL: url });
        opened.push(request);
        const response = await request.post(`${V4}/authenticator/login`, {
          data: { username, password },
        });
        await json(`login of ${username}`, response);
        const csrf = response.headers()["x-csrf-token"];
        expect(csrf, `login of ${username} answers X-CSRF-Token`).toBeTruthy();
        return {
          username,
          request,
          csrf,
          post: async (path, body = {}) =>
            json(
              `${username} POST ${path}`,
              await request.post(path, { data: body, headers: { "X-CSRF-Token": csrf } }),
            ),
        };
      },
      async createConversation({ visitor = "vera.visitor", agent = "anna.advisor", topic } = {}) {
        const created = (await adminPost(`${V4}/conversations/create`, {
          ...(topic ? { topic } : {}),
          participants: [
            { personId: agent, participationType: "ASSIGNED_AGENT" },
            { personId: visitor, participationType: "CONTEXT_PERSON" },
          ],
        })) as { id: string };
        return created.id;
      },
    });
    await Promise.all(opened.map((context) => context.dispose()));
  },
});
