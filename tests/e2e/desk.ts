// Helpers the agent desk's specs share: an agent's own browser context with the desk open
// and signed in, the desk's and its queue's English texts, and the queue's items. Each agent
// gets a context of their own (their own cookie jar), as four colleagues at four desks would.
// Locators go by role and accessible name; Playwright pierces the desk's open shadow root.

import type { Browser, Locator, Page } from "@playwright/test";
import { expect } from "./fixtures";

/** The desk's English texts (baton-core's `text.rs`). */
export const DESK = {
  title: "Agent desk",
  username: "Username",
  password: "Password",
  signIn: "Sign in",
  refused: "The username or password is not correct.",
  signOut: "Sign out",
  signOutEverywhere: "Sign out everywhere",
  signedOutEverywhere: "Signed out on every device.",
  changePassword: "Change password",
  currentPassword: "Current password",
  newPassword: "New password",
  currentPasswordWrong: "The current password is not correct.",
  passwordChanged: "Password changed. Sign in with the new password.",
  signedInAs: (name: string) => `Signed in as ${name}`,
  conversations: "Conversations",
  choose: "Choose a conversation.",
  assignedTo: (name: string) => `Assigned to ${name}`,
  notAssigned: "Not assigned: visible to the organisation's agents",
  actions: "Actions",
  close: "Close",
  cancel: "Cancel",
};

/** The delegation queue's English texts (baton-core's `text.rs`). */
export const QUEUE = {
  title: "Requests for you",
  delegated: (agent: string, level: number) => `For ${agent}: you are a level ${level} deputy`,
  forwarded: (agent: string) => `Forwarded to you by ${agent}`,
  customer: (name: string) => `Customer: ${name}`,
  waitingJustNow: "Waiting less than 1 min",
  comment: (text: string) => `Comment: ${text}`,
  youIgnored: "You ignored this request.",
  actions: { ACCEPT: "Accept", DECLINE: "Decline", IGNORE: "Ignore", LATER: "Later" } as Record<string, string>,
  accepted: "You accepted the request. The conversation is open.",
  declined: "You declined the request. Nobody can accept it any more.",
  ignored: "You ignored the request. It stays in your queue.",
  laterSent: "You will handle the request later. The customer has been told.",
  alreadyAnswered: "Someone else has already answered this request.",
};

/** An agent at their desk: their page and the desk element in it. */
export interface AgentDesk {
  username: string;
  page: Page;
  desk: Locator;
}

/** Opens the agent desk page in `page` and waits for the sign-in form. */
export async function openDesk(page: Page): Promise<Locator> {
  await page.goto("/agent.html");
  const desk = page.locator("baton-agent-desk");
  await expect(desk.getByRole("textbox", { name: DESK.username })).toBeVisible();
  return desk;
}

/** Signs `username` in on an open desk (the demo's password is the first name). */
export async function signIn(desk: Locator, username: string, name: string, password = username.split(".")[0]) {
  await desk.getByRole("textbox", { name: DESK.username }).fill(username);
  await desk.getByLabel(DESK.password).fill(password);
  await desk.getByRole("button", { name: DESK.signIn }).click();
  await expect(desk.getByText(DESK.signedInAs(name))).toBeVisible();
}

/** `username` signed in at a desk of their own (a new browser context), on the server at
 * `baseURL` (default: the run's server). */
export async function agentAtDesk(
  browser: Browser,
  username: string,
  name: string,
  baseURL?: string,
): Promise<AgentDesk> {
  const context = await browser.newContext(baseURL ? { baseURL } : {});
  const page = await context.newPage();
  const desk = await openDesk(page);
  await signIn(desk, username, name);
  return { username, page, desk };
}

/** Opens the conversation titled `topic` from the desk's list. */
export async function openConversation(desk: Locator, topic: string) {
  const list = desk.getByRole("region", { name: DESK.conversations });
  await list.getByRole("button", { name: topic }).click();
  await expect(desk.getByRole("heading", { name: topic, level: 3 })).toBeVisible();
}

/** The desk's live region. */
export function announced(desk: Locator): Locator {
  return desk.locator(".baton-desk > .baton-status");
}

/** The queue item of the conversation titled `topic`. */
export function queueItem(desk: Locator, topic: string): Locator {
  return desk.getByRole("region", { name: QUEUE.title }).getByRole("article", { name: topic });
}
