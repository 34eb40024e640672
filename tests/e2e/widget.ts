// Helpers the widget journeys share (visitor.spec.ts, pin.spec.ts): opening the demo bank's
// page on a conversation of the test's own, setting an agent away, reading a queue, making a
// PIN. Locators go by role and accessible name; Playwright pierces the widget's open shadow
// root, so `widget.getByRole(...)` finds what a screen reader user would.

import type { Locator, Page } from "@playwright/test";
import { expect, V4, type AgentSession, type Demo } from "./fixtures";

/** The English texts the journeys look for (baton-core's `text.rs`, the server's defaults). */
export const TEXT = {
  message: "Message",
  send: "Send",
  present: "In this conversation",
  question: "Your advisor is unavailable at the moment. Would you like to invite a deputy?",
  accept: "Invite a deputy",
  decline: "No, thanks",
  countdown: /^\d+ seconds left to answer$/,
  asked: (level: number) => `We are asking your advisor's deputies (level ${level}).`,
  declined: "Understood. Your advisor will answer as soon as possible.",
  expired: "The question has expired. Write again if you still need help.",
  joined: (name: string) => `${name} has joined the conversation.`,
  pinLabel: "PIN",
  pinJoin: "Join",
  pinWrong: "This PIN is not valid. Please check it and try again.",
  pinExpired: "This PIN has expired. Please ask your advisor for a new one.",
  pinTooMany: (minutes: number) => `Too many attempts. Please wait ${minutes} min before trying again.`,
};

/**
 * Opens the demo bank's statement page with its `<baton-visitor>` showing `conversationId`
 * (Vera signs in through the page's token-url as always), as a link from the bank would:
 * `/?conversation=<id>`, which the page's own script hands to the widget before it starts.
 */
export async function openVisitor(page: Page, conversationId: string): Promise<Locator> {
  await page.goto(`/?conversation=${encodeURIComponent(conversationId)}`);
  const widget = page.locator("baton-visitor");
  await expect(widget).toHaveAttribute("conversation", conversationId);
  await expect(widget.getByRole("textbox", { name: TEXT.message })).toBeVisible();
  return widget;
}

/** Writes `text` in the widget and waits until the server has it (no longer "Sending…"). */
export async function write(widget: Locator, text: string) {
  await widget.getByRole("textbox", { name: TEXT.message }).fill(text);
  await widget.getByRole("button", { name: TEXT.send }).click();
  await expect(sent(widget, text)).toBeVisible();
}

/** The widget's message reading `text` that reached the server (not one on its way). */
export function sent(widget: Locator, text: string): Locator {
  return widget
    .locator(".baton-message:not(.baton-message-outgoing) .baton-message-text")
    .filter({ hasText: text });
}

/** The deputy prompt, found by its question. */
export function prompt(widget: Locator): Locator {
  return widget.getByRole("group", { name: TEXT.question });
}

/** The widget's status line (a polite live region). */
export function status(widget: Locator): Locator {
  return widget.getByRole("status");
}

/** A fresh conversation of Vera with Anna, and Anna set away, so Vera's next message prompts. */
export async function conversationWithAnnaAway(demo: Demo, topic: string): Promise<string> {
  const id = await demo.createConversation({ topic });
  await demo.admin(`${V4}/persons/anna.advisor/setAway`, { away: true });
  return id;
}

/** One entry of `GET /baton/v1/queue`, as far as the journeys read it. */
export interface QueueItem {
  invitation: { id: string };
  conversation: { id: string };
  level?: string;
}

/** The agent's queue entry for `conversationId`, waiting until there is one. */
export async function queueEntry(agent: AgentSession, conversationId: string): Promise<QueueItem> {
  let found: QueueItem | undefined;
  await expect
    .poll(
      async () => {
        const response = await agent.request.get("/baton/v1/queue");
        expect(response.ok(), `${agent.username}'s queue: ${response.status()}`).toBe(true);
        const items = (await response.json()) as QueueItem[];
        found = items.find((item) => item.conversation.id === conversationId);
        return found !== undefined;
      },
      { message: `${conversationId} in ${agent.username}'s queue` },
    )
    .toBe(true);
  return found as QueueItem;
}

/** A PIN for `conversationId`, made by Anna; the answer's `token` is the PIN. */
export async function pinFor(
  demo: Demo,
  conversationId: string,
  nickname?: string,
): Promise<string> {
  return (await pinInvitationFor(demo, conversationId, nickname)).pin;
}

/** Like `pinFor`, with the time (Unix ms, the server's) the PIN expires. */
export async function pinInvitationFor(
  demo: Demo,
  conversationId: string,
  nickname?: string,
): Promise<{ pin: string; expiresAt: number }> {
  const anna = await demo.signInAgent("anna.advisor");
  const invitation = (await anna.post(
    `${V4}/invitations/inviteAnonymousVisitorToConversationWithPin`,
    { conversationId, ...(nickname ? { nickname } : {}) },
  )) as { token?: string; expirationTimestamp?: number };
  expect(invitation.token, "the PIN invitation's token").toMatch(/^\d{6,}$/);
  expect(invitation.expirationTimestamp, "the PIN's expiry").toBeGreaterThan(0);
  return { pin: invitation.token as string, expiresAt: invitation.expirationTimestamp as number };
}

/** pin.html with its PIN entry ready; answers the entry. */
export async function openPinEntry(page: Page): Promise<Locator> {
  await page.goto("/pin.html");
  const entry = page.locator("baton-pin-entry");
  await expect(entry.getByRole("textbox", { name: TEXT.pinLabel })).toBeVisible();
  return entry;
}

/** Submits `pin` in the PIN entry and waits for the server's answer. */
export async function submitPin(page: Page, entry: Locator, pin: string) {
  await entry.getByRole("textbox", { name: TEXT.pinLabel }).fill(pin);
  const answered = page.waitForResponse((r) => r.url().endsWith("/baton/v1/redeem/pin"));
  await entry.getByRole("button", { name: TEXT.pinJoin }).click();
  return answered;
}

/** What has focus, through open shadow roots: `tag` or `tag "accessible text"`. */
export async function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    let active = document.activeElement;
    while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
    if (!active) return "none";
    const tag = active.tagName.toLowerCase();
    const label =
      tag === "textarea" || tag === "input"
        ? (active as HTMLInputElement).labels?.[0]?.textContent ?? ""
        : active.textContent ?? "";
    return label.trim() ? `${tag} "${label.trim()}"` : tag;
  });
}
