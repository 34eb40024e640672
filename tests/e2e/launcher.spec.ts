// The launcher (`<baton-visitor launcher>`, www/products.html), in real Chromium against the
// real server, by keyboard only: until its first open the page downloads the launcher's few
// KB and its texts and no WebAssembly; Enter or Space opens the panel (a dialog) and focus
// moves into it; the widget works there; Escape and the button close it and focus returns to
// the button; messages that arrive while it is closed are counted on the button; the panel's
// open state is remembered per tab; preload="idle" loads the widget without a click; a failed
// load offers a retry. axe-core checks it open and closed, and every test fails on any CSP
// violation (the `cspViolations` fixture).

import { brotliCompressSync, constants } from "node:zlib";
import type { Locator, Page, Request } from "@playwright/test";
import { expect, test } from "./fixtures";
import { TEXT, focused } from "./widget";

const LAUNCHER = {
  open: "Chat with your advisor",
  close: "Close the chat",
  unread: (count: number) => `Unread messages: ${count}`,
  failed: "The chat could not be loaded. Please try again.",
};

/** The byte budget before the first open (the goal): 4 KiB brotli. */
const BUDGET = 4 * 1024;

/** Whether `url` is something of Baton's: the package or the API (not the bank's page). */
function isBaton(url: string): boolean {
  const path = new URL(url).pathname;
  return path.startsWith("/pkg/") || path.startsWith("/baton/") || path.startsWith("/app/");
}

function isWasm(request: Request): boolean {
  return new URL(request.url()).pathname.endsWith(".wasm");
}

/** Every request of `page` from now on. */
function recordRequests(page: Page): Request[] {
  const requests: Request[] = [];
  page.on("request", (request) => requests.push(request));
  return requests;
}

/** products.html on `conversationId`, with the launcher's button shown. */
async function openProducts(page: Page, conversationId: string) {
  await page.goto(`/products.html?conversation=${encodeURIComponent(conversationId)}`);
  const launcher = page.locator("baton-visitor");
  await expect(launcher).toHaveAttribute("conversation", conversationId);
  return launcher;
}

/** The launcher's button (its accessible name starts with the label). */
function launcherButton(launcher: Locator): Locator {
  return launcher.getByRole("button", { name: new RegExp(`^${LAUNCHER.open}`) });
}

/** The launcher's panel. */
function panel(launcher: Locator): Locator {
  return launcher.getByRole("dialog", { name: LAUNCHER.open });
}

/** Presses Tab until the launcher's button has focus (keyboard only, from the page's top). */
async function tabToLauncher(page: Page) {
  for (let i = 0; i < 20; i += 1) {
    await page.keyboard.press("Tab");
    if ((await focused(page)).startsWith(`button "${LAUNCHER.open}`)) return;
  }
  throw new Error(`Tab never reached the launcher's button; last: ${await focused(page)}`);
}

test("before the first open the page downloads the launcher and its texts, no WebAssembly", async ({
  page,
  demo,
  axe,
}) => {
  const conversationId = await demo.createConversation({ topic: "Launcher bytes" });
  const requests = recordRequests(page);
  const launcher = await openProducts(page, conversationId);
  const button = launcherButton(launcher);
  await expect(button).toBeVisible();
  await expect(button).toHaveAccessibleName(LAUNCHER.open);
  await expect(button).toHaveAttribute("aria-expanded", "false");
  await page.waitForLoadState("networkidle");
  await expect(panel(launcher)).toBeHidden();

  const baton = requests.filter((r) => isBaton(r.url()));
  expect(requests.filter(isWasm).map((r) => r.url()), "no WebAssembly before the first open").toEqual([]);
  expect(baton.map((r) => new URL(r.url()).pathname).sort()).toEqual([
    "/baton/v1/texts",
    "/pkg/baton-visitor.js",
  ]);
  let raw = 0;
  let brotli = 0;
  for (const request of baton) {
    const body = (await (await request.response())?.body()) ?? Buffer.alloc(0);
    raw += body.length;
    brotli += brotliCompressSync(body, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11 },
    }).length;
  }
  console.log(`launcher before the first open: ${raw} B raw, ${brotli} B brotli`);
  expect(brotli, `Baton's bytes before the first open (raw ${raw} B)`).toBeLessThanOrEqual(BUDGET);
  await axe("baton-visitor");
  await axe("body"); // the demo page itself, with the launcher in it
});

test("keyboard only: Enter opens the panel, focus moves in, Vera writes, Escape closes and focus returns", async ({
  page,
  demo,
  axe,
}) => {
  const conversationId = await demo.createConversation({ topic: "Launcher keyboard" });
  const requests = recordRequests(page);
  const launcher = await openProducts(page, conversationId);
  const button = launcherButton(launcher);
  await expect(button).toBeVisible();
  await tabToLauncher(page);

  await page.keyboard.press("Enter");
  const dialog = panel(launcher);
  await expect(dialog).toBeVisible();
  await expect(button).toHaveAttribute("aria-expanded", "true");
  await expect(button).toHaveAttribute("aria-controls", /.+/);
  const message = dialog.getByRole("textbox", { name: TEXT.message });
  await expect(message).toBeVisible();
  await expect.poll(() => focused(page), { message: "focus moves into the panel" }).toBe(
    `textarea "${TEXT.message}"`,
  );
  expect(requests.filter(isWasm), "the first open loads the widget").toHaveLength(1);
  await axe("baton-visitor");

  await page.keyboard.type("Hello from the mortgage page.");
  await page.keyboard.press("Enter");
  await expect(dialog.getByText("Hello from the mortgage page.", { exact: true }).first()).toBeVisible();

  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(button).toHaveAttribute("aria-expanded", "false");
  expect(await focused(page), "focus returns to the button").toBe(`button "${LAUNCHER.open}"`);

  // Space opens it again, at once (the widget stayed loaded); its close button closes it.
  await page.keyboard.press("Space");
  await expect(dialog).toBeVisible();
  await expect(dialog.getByText("Hello from the mortgage page.", { exact: true }).first()).toBeVisible();
  await expect.poll(() => focused(page)).toBe(`textarea "${TEXT.message}"`);
  // Backwards from the message field, through the widget, to the panel's close button.
  for (let i = 0; i < 10 && !(await focused(page)).includes(LAUNCHER.close); i += 1) {
    await page.keyboard.press("Shift+Tab");
  }
  expect(await focused(page)).toContain(LAUNCHER.close);
  await page.keyboard.press("Enter");
  await expect(dialog).toBeHidden();
  expect(await focused(page)).toBe(`button "${LAUNCHER.open}"`);

  // The launcher's own button, after the panel in reading order, closes it too.
  await page.keyboard.press("Enter");
  await expect.poll(() => focused(page)).toBe(`textarea "${TEXT.message}"`);
  for (let i = 0; i < 10 && !(await focused(page)).startsWith(`button "${LAUNCHER.open}`); i += 1) {
    await page.keyboard.press("Tab");
  }
  await expect(button).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(dialog).toBeHidden();
  await expect(button).toBeFocused();
  expect(requests.filter(isWasm), "the widget loads once").toHaveLength(1);
  await axe("baton-visitor");
});

test("messages that arrive while the panel is closed are counted on the button", async ({
  page,
  demo,
  axe,
}) => {
  const conversationId = await demo.createConversation({ topic: "Launcher unread" });
  const anna = await demo.signInAgent("anna.advisor");
  // Enough history to scroll: what arrives while the panel is closed is below it.
  for (let i = 1; i <= 15; i += 1) {
    await anna.post(`/baton/v1/conversations/${conversationId}/messages`, { text: `Earlier ${i}` });
  }
  const launcher = await openProducts(page, conversationId);
  const button = launcherButton(launcher);
  await expect(button).toBeVisible();
  await tabToLauncher(page);
  await page.keyboard.press("Enter");
  const dialog = panel(launcher);
  await expect(dialog.getByRole("textbox", { name: TEXT.message })).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();

  await anna.post(`/baton/v1/conversations/${conversationId}/messages`, {
    text: "Hello Vera, the 10-year rate is 1.70 %.",
  });
  await expect(button).toHaveAccessibleName(`${LAUNCHER.open} ${LAUNCHER.unread(1)}`);
  await anna.post(`/baton/v1/conversations/${conversationId}/messages`, {
    text: "Shall we meet on Tuesday?",
  });
  await expect(button).toHaveAccessibleName(`${LAUNCHER.open} ${LAUNCHER.unread(2)}`);
  await expect(button.getByText("2", { exact: true })).toBeVisible();
  await axe("baton-visitor");

  // Opening reads them: the count goes.
  expect(await focused(page)).toContain(`button "${LAUNCHER.open}`);
  await page.keyboard.press("Enter");
  // The list shows its newest entry again once the panel is open.
  await expect(dialog.getByText("Shall we meet on Tuesday?", { exact: true })).toBeInViewport();
  await expect(button).toHaveAccessibleName(LAUNCHER.open);
  await page.keyboard.press("Escape");
  await expect(button).toHaveAccessibleName(LAUNCHER.open);
  await expect(button.getByText("2", { exact: true })).toBeHidden();
});

test("the panel's state is remembered per tab: a reload keeps it open, a new tab starts closed", async ({
  page,
  context,
  demo,
}) => {
  const conversationId = await demo.createConversation({ topic: "Launcher reload" });
  const launcher = await openProducts(page, conversationId);
  await expect(launcherButton(launcher)).toBeVisible();
  await tabToLauncher(page);
  await page.keyboard.press("Enter");
  await expect(panel(launcher).getByRole("textbox", { name: TEXT.message })).toBeVisible();

  const requests = recordRequests(page);
  await page.reload();
  await expect(panel(launcher)).toBeVisible();
  await expect(launcherButton(launcher)).toHaveAttribute("aria-expanded", "true");
  await expect(panel(launcher).getByRole("textbox", { name: TEXT.message })).toBeVisible();
  expect(requests.filter(isWasm), "an open panel loads the widget at once").toHaveLength(1);

  const other = await context.newPage();
  const otherRequests = recordRequests(other);
  const otherLauncher = await openProducts(other, conversationId);
  await expect(launcherButton(otherLauncher)).toBeVisible();
  await other.waitForLoadState("networkidle");
  await expect(panel(otherLauncher)).toBeHidden();
  expect(otherRequests.filter(isWasm), "a new tab starts closed").toEqual([]);

  // Closed (by its button: a restored panel does not take focus from the page), then
  // reloaded: closed.
  await page.bringToFront();
  await tabToLauncher(page);
  await page.keyboard.press("Enter");
  await expect(panel(launcher)).toBeHidden();
  await page.reload();
  await expect(launcherButton(launcher)).toBeVisible();
  await expect(panel(launcher)).toBeHidden();
});

test('preload="idle" loads the widget without a click; opening shows it at once', async ({
  page,
  demo,
}) => {
  const conversationId = await demo.createConversation({ topic: "Launcher preload" });
  // products.html as the server serves it (its CSP included), with preload="idle".
  await page.route("**/products.html*", async (route) => {
    const response = await route.fetch();
    const body = (await response.text()).replace(
      "<baton-visitor launcher",
      '<baton-visitor launcher preload="idle"',
    );
    await route.fulfill({ response, body });
  });
  const loaded = page.waitForRequest((r) => isWasm(r));
  const launcher = await openProducts(page, conversationId);
  await loaded;
  await expect(panel(launcher)).toBeHidden();
  // Loaded and signed in while closed, so a message now is counted.
  const anna = await demo.signInAgent("anna.advisor");
  await expect
    .poll(() =>
      launcher.evaluate((host) => !!host.shadowRoot?.querySelector(".body")?.shadowRoot?.querySelector("textarea")),
    )
    .toBe(true);
  await anna.post(`/baton/v1/conversations/${conversationId}/messages`, { text: "Preloaded hello." });
  await expect(launcherButton(launcher)).toHaveAccessibleName(`${LAUNCHER.open} ${LAUNCHER.unread(1)}`);
  await tabToLauncher(page);
  await page.keyboard.press("Enter");
  await expect(panel(launcher).getByText("Preloaded hello.", { exact: true })).toBeVisible();
  await expect.poll(() => focused(page)).toBe(`textarea "${TEXT.message}"`);
});

test("a widget that fails to load says so in the panel and loads on retry", async ({ page, demo, axe }) => {
  const conversationId = await demo.createConversation({ topic: "Launcher failure" });
  let refused = 0;
  await page.route("**/*.wasm", async (route) => {
    if (refused === 0) {
      refused += 1;
      return route.abort("connectionfailed");
    }
    return route.continue();
  });
  const launcher = await openProducts(page, conversationId);
  await expect(launcherButton(launcher)).toBeVisible();
  await tabToLauncher(page);
  await page.keyboard.press("Enter");
  const retry = panel(launcher).getByRole("button", { name: LAUNCHER.failed });
  await expect(retry).toBeVisible();
  await expect.poll(() => focused(page)).toBe(`button "${LAUNCHER.failed}"`);
  await axe("baton-visitor");
  await page.keyboard.press("Enter");
  await expect(panel(launcher).getByRole("textbox", { name: TEXT.message })).toBeVisible();
  await expect(retry).toBeHidden();
  expect(refused).toBe(1);
});

test("mount(element, { launcher: true }) and defineElements() from the npm entry give the same launcher and elements", async ({
  page,
  demo,
}) => {
  const conversationId = await demo.createConversation({ topic: "Launcher from code" });
  // An app's page on the server's origin, under the server's own CSP (copied from a page it
  // serves): it imports the visitor entry itself and mounts the launcher into an element.
  const csp = (await page.request.get("/products.html")).headers()["content-security-policy"];
  expect(csp, "the server's CSP").toBeTruthy();
  const headers = { "content-security-policy": csp };
  await page.route("**/app-launcher.html", (route) =>
    route.fulfill({
      contentType: "text/html",
      headers,
      body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>App</title>
<link rel="icon" href="/favicon.svg"><script type="module" src="/app-launcher.js"></script></head>
<body><main><h1>App</h1><div id="chat"></div><baton-pin-entry server=""></baton-pin-entry></main>
</body></html>`,
    }),
  );
  await page.route("**/app-launcher.js", (route) =>
    route.fulfill({
      contentType: "text/javascript",
      headers,
      body: `import init, { defineElements, mount } from "/pkg/visitor.js";
await init();
defineElements();
window.mounted = mount(document.getElementById("chat"), {
  launcher: true,
  text: "Ask us",
  server: "",
  tokenUrl: "/demo/bank/token?username=vera.visitor",
  conversation: ${JSON.stringify(conversationId)},
});`,
    }),
  );
  await page.goto("/app-launcher.html");
  // defineElements() from the entry registers the same elements as baton-visitor.js.
  await expect(page.locator("baton-pin-entry").getByRole("textbox", { name: TEXT.pinLabel })).toBeVisible();
  const chat = page.locator("#chat");
  const button = chat.getByRole("button", { name: "Ask us" });
  await expect(button).toBeVisible();
  await button.press("Enter");
  const dialog = chat.getByRole("dialog", { name: "Ask us" });
  await expect(dialog.getByRole("textbox", { name: TEXT.message })).toBeVisible();
  await expect.poll(() => focused(page)).toBe(`textarea "${TEXT.message}"`);
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(button).toBeFocused();

  // unmount() takes the launcher and its widget away.
  await page.evaluate(() => (window as unknown as { mounted: { unmount(): void } }).mounted.unmount());
  await expect(button).toHaveCount(0);
});
