// Helpers the agent desk's specs share: an agent's own browser context with the desk open
// and signed in, and the desk's English texts. Each agent gets a context of their own (their
// own cookie jar), as four colleagues at four desks would. Locators go by role and accessible
// name; Playwright pierces the desk's open shadow root.

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

/** `username` signed in at a desk of their own (a new browser context). */
export async function agentAtDesk(browser: Browser, username: string, name: string): Promise<AgentDesk> {
  const context = await browser.newContext();
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
