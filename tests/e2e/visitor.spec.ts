// The visitor widget's journeys (seed 001, "Prompting for deputy delegation"), in real
// Chromium against the real server with the short timers of tests/e2e/baton.toml: Vera writes
// while her advisor Anna is away, the concierge asks whether to invite a deputy, and she
// accepts (a deputy joins), declines (no new prompt within the restart delay) or does not
// answer (the prompt expires). Then the e-mail link join, the same journey by keyboard only,
// and text that looks like HTML staying text. Each journey has a conversation of its own;
// axe-core checks the widget in every state, and every test fails on any CSP violation
// (the `cspViolations` fixture).

import { expect, test, V4 } from "./fixtures";
import {
  TEXT,
  conversationWithAnnaAway,
  focused,
  openPinEntry,
  openVisitor,
  pinFor,
  prompt,
  queueEntry,
  sent,
  status,
  submitPin,
  write,
} from "./widget";

test("Vera accepts the prompt: the assistant and level 1 are asked, Clara joins", async ({
  page,
  demo,
  axe,
}) => {
  const conversationId = await conversationWithAnnaAway(demo, "Accept the prompt");
  const widget = await openVisitor(page, conversationId);
  await axe("baton-visitor");

  await write(widget, "Hello Anna, can we talk about my mortgage?");
  const question = prompt(widget);
  await expect(question).toBeVisible();
  await expect(question.getByRole("button")).toHaveText([TEXT.accept, TEXT.decline]);
  await expect(question.getByText(TEXT.countdown)).toBeVisible();
  await axe("baton-visitor");

  await question.getByRole("button", { name: TEXT.accept }).click();
  await expect(status(widget)).toHaveText(TEXT.asked(1));
  await expect(question).toBeHidden();
  await axe("baton-visitor");

  // Ben (Anna's assistant) and Clara (level 1) have the request in their queues.
  const ben = await demo.signInAgent("ben.assistant");
  await queueEntry(ben, conversationId);
  const clara = await demo.signInAgent("clara.deputy");
  const request = await queueEntry(clara, conversationId);
  await clara.post(`/baton/v1/invitations/${request.invitation.id}/respond`, {
    response: "ACCEPT",
    channel: "QUEUE",
  });

  await expect(status(widget)).toHaveText(TEXT.joined("Clara Deputy"));
  await expect(widget.getByRole("list", { name: TEXT.present })).toContainText("Clara Deputy");
  await axe("baton-visitor");
});

test("a prompt offered before the live feed opened still shows", async ({ page, demo }) => {
  // The feed starts at the present; a message sent while it is still connecting (a fast
  // customer, a slow network) must not lose its prompt.
  const conversationId = await conversationWithAnnaAway(demo, "Prompt before the feed");
  let release = () => {};
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  await page.route("**/baton/v1/events**", async (route) => {
    await held;
    await route.continue();
  });
  const widget = await openVisitor(page, conversationId);
  await write(widget, "Hello Anna, are you there?");
  release();
  await expect(prompt(widget)).toBeVisible();
});

test("Vera declines the prompt: the status says so, and writing again asks nothing", async ({
  page,
  demo,
  axe,
}) => {
  const conversationId = await conversationWithAnnaAway(demo, "Decline the prompt");
  const widget = await openVisitor(page, conversationId);
  await write(widget, "Is anyone there?");
  const question = prompt(widget);
  await question.getByRole("button", { name: TEXT.decline }).click();
  await expect(status(widget)).toHaveText(TEXT.declined);
  await expect(question).toBeHidden();
  await axe("baton-visitor");

  // Within promptDeputyDelegationRestartDelayInSeconds no message prompts again (the
  // debounce time is 0 in baton.toml, so only the restart delay can hold this prompt back).
  // The widget loads the prompt when the feed says one was offered; watch for that load.
  const offered = page.waitForResponse(
    (r) => r.url().endsWith(`/conversations/${conversationId}/prompt`),
    { timeout: 3_000 },
  );
  await write(widget, "I will wait for Anna then.");
  await expect(offered, "no prompt is offered (and loaded)").rejects.toThrow();
  await expect(question).toBeHidden();
});

test("Vera does not answer: the prompt disappears at its timeout and the status says so", async ({
  page,
  demo,
}) => {
  const conversationId = await conversationWithAnnaAway(demo, "Leave the prompt");
  const widget = await openVisitor(page, conversationId);
  await write(widget, "Anna?");
  const question = prompt(widget);
  await expect(question).toBeVisible();
  const countdown = question.getByText(TEXT.countdown);
  const first = Number((await countdown.textContent())?.match(/\d+/)?.[0]);
  expect(first).toBeGreaterThan(0);
  expect(first).toBeLessThanOrEqual(6); // promptDeputyTimeoutInSeconds
  // The countdown ticks down while the prompt waits.
  await expect
    .poll(async () => Number((await countdown.textContent())?.match(/\d+/)?.[0]))
    .toBeLessThan(first);
  await expect(question).toBeHidden({ timeout: 10_000 });
  await expect(status(widget)).toHaveText(TEXT.expired);
});

test("an e-mail invitation's link opens the conversation in join.html", async ({
  page,
  demo,
  smtp,
  axe,
}) => {
  const conversationId = await demo.createConversation({ topic: "Joint account" });
  const anna = await demo.signInAgent("anna.advisor");
  await anna.post(`/baton/v1/conversations/${conversationId}/messages`, {
    text: "Welcome, Walter. Vera asked me to add you.",
  });
  const to = smtp.address("walter");
  await anna.post(`${V4}/invitations/inviteAnonymousVisitorToConversationWithEmail`, {
    conversationId,
    email: to,
    nickname: "Walter",
  });
  const mail = await smtp.waitFor(to);
  const link = mail.links.find((l) => l.startsWith(`${demo.url}/join.html#invitation=`));
  expect(link, mail.text).toBeDefined();

  await page.goto(link as string);
  const widget = page.locator("baton-visitor");
  await expect(widget.getByText("Welcome, Walter. Vera asked me to add you.")).toBeVisible();
  await expect(widget.getByRole("list", { name: TEXT.present })).toContainText("Walter");
  await expect(widget.getByRole("textbox", { name: TEXT.message })).toBeVisible();
  await axe("baton-visitor");
});

test("keyboard only: Vera writes, accepts the prompt and hears which level is asked", async ({
  page,
  demo,
}) => {
  const conversationId = await conversationWithAnnaAway(demo, "Keyboard only");
  const widget = await openVisitor(page, conversationId);

  // The page's own stops (skip link, four navigation links), then the widget's conversation
  // (a scroll area, which the keyboard scrolls) and its message field.
  const stops: string[] = [];
  for (let i = 0; i < 7; i += 1) {
    await page.keyboard.press("Tab");
    stops.push(await focused(page));
  }
  expect(stops.map((stop) => stop.replace(/^div ".*"$/s, "div"))).toEqual([
    'a "Skip to content"',
    'a "Accounts"',
    'a "Payments"',
    'a "Portfolio"',
    'a "Documents"',
    "div",
    `textarea "${TEXT.message}"`,
  ]);
  await page.keyboard.type("Hello, I need help with a payment.");
  await page.keyboard.press("Tab");
  expect(await focused(page)).toBe(`button "${TEXT.send}"`);
  await page.keyboard.press("Enter");
  await expect(sent(widget, "Hello, I need help with a payment.")).toBeVisible();

  // The prompt comes at the conversation's end, before the message field: in reading order,
  // its answers are the stops just before the field.
  const question = prompt(widget);
  await expect(question).toBeVisible();
  expect(await focused(page), "focus stays on Send after sending").toBe(`button "${TEXT.send}"`);
  await page.keyboard.press("Shift+Tab");
  expect(await focused(page)).toBe(`textarea "${TEXT.message}"`);
  await page.keyboard.press("Shift+Tab");
  expect(await focused(page)).toBe(`button "${TEXT.decline}"`);
  await page.keyboard.press("Shift+Tab");
  expect(await focused(page)).toBe(`button "${TEXT.accept}"`);
  await page.keyboard.press("Enter");
  await expect(status(widget)).toHaveText(TEXT.asked(1));
  await expect(question).toBeHidden();
  // The prompt went with the focused button: focus moves to the message field, not to the
  // page's <body>.
  await expect.poll(() => focused(page)).toBe(`textarea "${TEXT.message}"`);
});

const PAYLOADS = [
  `<img src=x onerror="window.__batonPwned='img'">`,
  `<script>window.__batonPwned='script'</script>`,
];

test("a message and a display name that look like HTML stay text", async ({ page, demo }) => {
  const conversationId = await demo.createConversation({ topic: "Markup" });
  const nickname = `Mallory ${PAYLOADS[0]}`;
  // The nickname becomes the PIN visitor's display name, shown under "In this conversation".
  const entry = await openPinEntry(page);
  const pin = await pinFor(demo, conversationId, nickname);
  expect((await submitPin(page, entry, pin)).ok()).toBe(true);
  const widget = page.locator("baton-visitor");
  await expect(widget.getByRole("list", { name: TEXT.present })).toContainText(nickname);

  const message = PAYLOADS.join(" and ");
  await write(widget, message);
  await expect(widget.locator(".baton-message-text").filter({ hasText: message })).toHaveText(message);
  const created = await widget.evaluate(
    (host) => host.shadowRoot?.querySelectorAll("img, script").length ?? -1,
  );
  expect(created, "elements created from the payloads").toBe(0);
  expect(await page.evaluate(() => (window as { __batonPwned?: string }).__batonPwned)).toBeUndefined();
});
