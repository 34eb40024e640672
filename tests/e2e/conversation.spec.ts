// The visitor's conversation as a customer meets it (issue 17), in real Chromium against the
// real server: the newest message stays in view unless Vera scrolled up to read (then a
// button counts what arrived and jumps down, by keyboard); every entry has its time, agents'
// messages their names, conversation events (joined, left, a level asked) are set apart; the
// deputy prompt and its outcome appear at the end, in view; sending shows "Sending…", then
// "Sent", or "Not sent" with a Retry that reuses the message's Idempotency-Key; Enter sends
// (Shift+Enter starts a line; `newline-on-enter` turns that round); the characters left
// show near the limit; screen readers hear someone else's new message once, never the
// history. axe-core checks each state; any CSP violation fails the test (fixtures).

import type { Locator, Page } from "@playwright/test";
import { expect, test, type AgentSession, type Demo } from "./fixtures";
import { TEXT, conversationWithAnnaAway, focused, openVisitor, prompt, write } from "./widget";

/** The list's scroll area (focusable, named after the conversation's heading). */
function scroller(widget: Locator): Locator {
  return widget.locator(".baton-scroller");
}

/** Anna's session, and a way to write into `conversationId` as her. */
async function annaWrites(demo: Demo, conversationId: string) {
  const anna: AgentSession = await demo.signInAgent("anna.advisor");
  return async (text: string) => {
    await anna.post(`/baton/v1/conversations/${conversationId}/messages`, { text });
  };
}

/** Whether the scroll area shows its end. */
async function atEnd(page: Page, widget: Locator): Promise<boolean> {
  return scroller(widget).evaluate(
    (area) => area.scrollHeight - area.scrollTop - area.clientHeight <= 32,
  );
}

test("the newest message stays in view; scrolled up, new ones wait behind a button", async ({
  page,
  demo,
  axe,
}) => {
  const conversationId = await demo.createConversation({ topic: "A long conversation" });
  const anna = await annaWrites(demo, conversationId);
  for (let i = 1; i <= 25; i += 1) await anna(`History line ${i}`);
  const widget = await openVisitor(page, conversationId);
  const last = widget.locator(".baton-message-text").filter({ hasText: "History line 25" });
  await expect(last).toBeInViewport();

  await anna("Arrives while Vera reads the end");
  const arrived = widget.locator(".baton-message-text").filter({ hasText: "Arrives while" });
  await expect(arrived).toBeInViewport();

  // Keyboard only: into the scroll area, up to its start.
  await scroller(widget).focus();
  await page.keyboard.press("Home");
  await expect.poll(() => atEnd(page, widget)).toBe(false);
  await anna("First while scrolled up");
  await anna("Second while scrolled up");
  const jump = widget.getByRole("button", { name: "Show new messages (2)" });
  await expect(jump).toBeVisible();
  const second = widget.locator(".baton-message-text").filter({ hasText: "Second while" });
  await expect(second).not.toBeInViewport();
  await axe("baton-visitor");

  await jump.focus();
  await page.keyboard.press("Enter");
  await expect(second).toBeInViewport();
  await expect(jump).toBeHidden();
  expect(await focused(page), "focus stays in the conversation's scroll area").toMatch(/^div /);
});

test("entries show their time and author; conversation events are set apart", async ({
  page,
  demo,
  axe,
}) => {
  const conversationId = await demo.createConversation({ topic: "Who is who" });
  const anna = await annaWrites(demo, conversationId);
  await anna("Good morning Vera");
  const widget = await openVisitor(page, conversationId);

  const joined = widget.locator(".baton-event").filter({ hasText: "Anna Advisor joined the conversation." });
  await expect(joined).toBeVisible();
  await expect(joined.locator("time")).toHaveAttribute("datetime", /^\d{4}-\d\d-\d\dT/);

  const annas = widget.locator(".baton-message").filter({ hasText: "Good morning Vera" });
  await expect(annas.locator(".baton-message-author")).toHaveText("Anna Advisor");
  await expect(annas.locator("time")).toHaveText(/\d{1,2}:\d\d/);
  await expect(annas).not.toHaveClass(/baton-message-own/);

  await write(widget, "Good morning Anna");
  const mine = widget.locator(".baton-message").filter({ hasText: "Good morning Anna" });
  await expect(mine).toHaveClass(/baton-message-own/);
  await expect(mine.locator(".baton-message-author")).toHaveText("You");
  await expect(mine.locator(".baton-message-state")).toHaveText("Sent");
  await axe("baton-visitor");
});

test("the prompt and its outcome appear at the conversation's end, in view", async ({
  page,
  demo,
  axe,
}) => {
  const conversationId = await conversationWithAnnaAway(demo, "Prompt in view");
  const anna = await annaWrites(demo, conversationId);
  for (let i = 1; i <= 20; i += 1) await anna(`Earlier line ${i}`);
  const widget = await openVisitor(page, conversationId);

  // Vera reads the start, then writes: her own message brings her to the end.
  await scroller(widget).evaluate((area) => {
    area.scrollTop = 0;
  });
  await write(widget, "Is anyone there?");
  const question = prompt(widget);
  await expect(question).toBeInViewport();
  await axe("baton-visitor");

  await question.getByRole("button", { name: TEXT.accept }).click();
  const asked = widget
    .locator(".baton-event")
    .filter({ hasText: "The advisor's deputies of level 1 are being asked." });
  await expect(asked).toBeInViewport();
});

test("a message that could not be sent says so, and Retry sends it under the same key", async ({
  page,
  demo,
  axe,
}) => {
  const conversationId = await demo.createConversation({ topic: "Retry" });
  const widget = await openVisitor(page, conversationId);
  const messages = `/baton/v1/conversations/${conversationId}/messages`;
  const keys: string[] = [];
  let failing = true;
  let first = true;
  await page.route(
    (url) => url.pathname === messages,
    async (route) => {
      const request = route.request();
      if (request.method() !== "POST") return route.continue();
      keys.push((await request.headerValue("idempotency-key")) ?? "");
      if (!failing) return route.continue();
      if (first) {
        // The first attempt reaches the server; its answer is lost. The client's own
        // retries find no connection at all.
        first = false;
        await route.fetch();
      }
      return route.abort("connectionreset");
    },
  );

  const text = "Sent over a bad line";
  await widget.getByRole("textbox", { name: TEXT.message }).fill(text);
  await widget.getByRole("button", { name: TEXT.send }).click();
  const outgoing = widget.locator(".baton-message-outgoing").filter({ hasText: text });
  await expect(outgoing.locator(".baton-message-state")).toHaveText("Not sent");
  const retry = outgoing.getByRole("button", { name: "Retry" });
  await expect(retry).toBeVisible();
  await axe("baton-visitor");

  failing = false;
  const attempts = keys.length;
  await retry.focus();
  await page.keyboard.press("Enter");
  await expect(widget.locator(".baton-message-outgoing")).toHaveCount(0);
  expect(await focused(page), "focus moved to the message field").toBe(`textarea "${TEXT.message}"`);
  await expect(widget.locator(".baton-message-text").filter({ hasText: text })).toHaveCount(1);
  expect(keys.length).toBeGreaterThan(attempts);
  expect(new Set(keys).size, "every attempt, the retry included, under one key").toBe(1);

  const anna = await demo.signInAgent("anna.advisor");
  const list = (await (await anna.request.get(messages)).json()) as { text: string }[];
  expect(list.filter((m) => m.text === text)).toHaveLength(1);
});

test("Enter sends, Shift+Enter starts a line, and the characters left show near the limit", async ({
  page,
  demo,
}) => {
  const conversationId = await demo.createConversation({ topic: "Composer" });
  const widget = await openVisitor(page, conversationId);
  const field = widget.getByRole("textbox", { name: TEXT.message });
  await expect(field).toHaveAccessibleDescription(/Enter sends, Shift\+Enter starts a new line\./);

  await field.focus();
  await page.keyboard.type("First line");
  await page.keyboard.press("Shift+Enter");
  await page.keyboard.type("Second line");
  const rows = Number(await field.getAttribute("rows"));
  await page.keyboard.press("Enter");
  await expect(
    widget.locator(".baton-message-own .baton-message-text").filter({ hasText: "First line" }),
  ).toHaveText("First line\nSecond line");
  await expect(field).toHaveValue("");
  expect(rows, "the field grew a line").toBeGreaterThanOrEqual(2);

  await field.fill("x".repeat(9_600));
  await expect(widget.getByText("Characters left: 400")).toBeVisible();
  await expect(field).toHaveAccessibleDescription(/Characters left: 400/);
  await field.fill("");

  // The page turns Enter round: Enter starts a line, Ctrl+Enter sends.
  await page.locator("baton-visitor").evaluate((element) => element.setAttribute("newline-on-enter", ""));
  const again = widget.getByRole("textbox", { name: TEXT.message });
  await expect(again).toHaveAccessibleDescription(/Ctrl\+Enter sends, Enter starts a new line\./);
  await again.focus();
  await page.keyboard.type("Line one");
  await page.keyboard.press("Enter");
  await page.keyboard.type("Line two");
  await expect(again).toHaveValue("Line one\nLine two");
  await page.keyboard.press("Control+Enter");
  await expect(
    widget.locator(".baton-message-own .baton-message-text").filter({ hasText: "Line one" }),
  ).toHaveText("Line one\nLine two");
});

test("screen readers hear someone else's new message once, never the history", async ({
  page,
  demo,
}) => {
  const conversationId = await demo.createConversation({ topic: "Heard" });
  const anna = await annaWrites(demo, conversationId);
  await anna("Said before Vera came");
  const widget = await openVisitor(page, conversationId);
  const heard = widget.locator(".baton-sr-only[aria-live=polite]");
  await expect(widget.locator(".baton-message-text").filter({ hasText: "Said before" })).toBeVisible();
  await expect(heard).toHaveText("");

  await write(widget, "My own words");
  await expect(heard).toHaveText("");
  await anna("Said while Vera is here");
  await expect(heard).toHaveText("Anna Advisor: Said while Vera is here");
});
