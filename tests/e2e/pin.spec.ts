// Joining by PIN on pin.html (the invitee has no bank login): the right PIN opens the
// conversation, a wrong one and an expired one (tests/e2e/baton.toml: PINs live 5 s) say so
// next to the field, the whole join works by keyboard alone, and too many wrong PINs lock
// the client out with the wait in minutes. axe-core checks <baton-pin-entry> before and in
// its error state; every test fails on any CSP violation (the `cspViolations` fixture).
//
// The lockout counts per client address, and every test's browser is 127.0.0.1: once it
// is reached, no PIN or link works for that address for the window ([limits] in baton.toml).
// So the lockout test is tagged @lockout and runs in a Playwright project of its own that
// starts after every other test (playwright.config.ts).

import { expect, test } from "./fixtures";
import { TEXT, focused, openPinEntry, pinFor, pinInvitationFor, submitPin } from "./widget";

test("the right PIN opens the conversation", async ({ page, demo, axe }) => {
  const conversationId = await demo.createConversation({ topic: "PIN join" });
  const entry = await openPinEntry(page);
  await axe("baton-pin-entry");
  const pin = await pinFor(demo, conversationId, "Walter");
  const answer = await submitPin(page, entry, pin);
  expect(answer.status()).toBe(200);

  // The page's step, not the widget's own region of the same name inside it.
  const conversation = page.locator("#conversation-step");
  await expect(conversation).toBeVisible();
  await expect(conversation).toHaveAccessibleName("Your conversation");
  const widget = conversation.locator("baton-visitor");
  await expect(widget).toHaveAttribute("conversation", conversationId);
  await expect(widget.getByRole("list", { name: TEXT.present })).toContainText("Walter");
  await expect(widget.getByRole("textbox", { name: TEXT.message })).toBeVisible();
  await axe("baton-visitor");
});

test("a wrong PIN says so next to the field", async ({ page, axe }) => {
  const entry = await openPinEntry(page);
  const answer = await submitPin(page, entry, "000000");
  expect(answer.ok()).toBe(false);
  const field = entry.getByRole("textbox", { name: TEXT.pinLabel });
  await expect(entry.getByRole("alert")).toHaveText(TEXT.pinWrong);
  await expect(field).toHaveAttribute("aria-invalid", "true");
  await expect(field).toHaveAccessibleDescription(TEXT.pinWrong);
  await expect(page.getByRole("region", { name: "Your conversation" })).toBeHidden();
  await axe("baton-pin-entry");
});

test("an expired PIN says it has expired", async ({ page, demo, axe }) => {
  const conversationId = await demo.createConversation({ topic: "Expired PIN" });
  const { pin, expiresAt } = await pinInvitationFor(demo, conversationId);
  const entry = await openPinEntry(page);
  // com.baton.invitation.pinTimeToLiveSeconds is 5 in baton.toml: wait for the expiry the
  // server gave (same machine, same clock), not for a guessed time.
  await expect
    .poll(() => Date.now(), { timeout: 15_000, intervals: [100] })
    .toBeGreaterThan(expiresAt);
  await submitPin(page, entry, pin);
  await expect(entry.getByRole("alert")).toHaveText(TEXT.pinExpired);
  await axe("baton-pin-entry");
});

test("keyboard only: Tab to the PIN field, type, Tab to Join, Enter", async ({ page, demo }) => {
  const conversationId = await demo.createConversation({ topic: "PIN by keyboard" });
  const entry = await openPinEntry(page);
  await page.keyboard.press("Tab");
  expect(await focused(page)).toBe('a "Skip to content"');
  await page.keyboard.press("Tab");
  expect(await focused(page)).toBe(`input "${TEXT.pinLabel}"`);

  // A typo first: the error is announced and focus stays where the user is.
  await page.keyboard.type("000000");
  await page.keyboard.press("Tab");
  expect(await focused(page)).toBe(`button "${TEXT.pinJoin}"`);
  const refused = page.waitForResponse((r) => r.url().endsWith("/baton/v1/redeem/pin"));
  await page.keyboard.press("Enter");
  await refused;
  await expect(entry.getByRole("alert")).toHaveText(TEXT.pinWrong);
  expect(await focused(page), "focus after a refused PIN").toBe(`button "${TEXT.pinJoin}"`);

  await page.keyboard.press("Shift+Tab");
  expect(await focused(page)).toBe(`input "${TEXT.pinLabel}"`);
  const pin = await pinFor(demo, conversationId);
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.type(pin);
  await page.keyboard.press("Tab");
  expect(await focused(page)).toBe(`button "${TEXT.pinJoin}"`);
  await page.keyboard.press("Enter");

  // pin.js moves focus to the new step's heading; the widget's conversation (a scroll area
  // the keyboard scrolls) and its field are the next Tab stops.
  const heading = page.locator("#conversation-title");
  await expect(heading).toBeFocused();
  const widget = page.locator("baton-visitor");
  await expect(widget.getByRole("textbox", { name: TEXT.message })).toBeVisible();
  await page.keyboard.press("Tab");
  expect(await focused(page)).toMatch(/^div /);
  await page.keyboard.press("Tab");
  expect(await focused(page)).toBe(`textarea "${TEXT.message}"`);
});

test("too many wrong PINs lock the client out, naming the wait in minutes @lockout", async ({
  page,
  axe,
}) => {
  const entry = await openPinEntry(page);
  const alert = entry.getByRole("alert");
  // [limits] max_failures = 20 per 300 s window; earlier tests may have used some of them.
  let retryAfter: string | undefined;
  for (let attempt = 1; attempt <= 21 && retryAfter === undefined; attempt += 1) {
    const answer = await submitPin(page, entry, "000000");
    if (answer.status() === 429) {
      retryAfter = answer.headers()["retry-after"];
    } else {
      await expect(alert).toHaveText(TEXT.pinWrong);
    }
  }
  expect(retryAfter, "a 429 with Retry-After within 21 attempts").toMatch(/^\d+$/);
  // The window is 300 s: the wait is several minutes, rounded up.
  const minutes = Math.ceil(Number(retryAfter) / 60);
  expect(minutes).toBeGreaterThan(1);
  await expect(alert).toHaveText(TEXT.pinTooMany(minutes));
  await axe("baton-pin-entry");
});
