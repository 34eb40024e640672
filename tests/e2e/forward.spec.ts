// Forwarding and reassigning from the agent desk (seed 000, seed 002), each agent at a desk
// of their own: Anna forwards a conversation to Clara with a comment only agents see, Clara
// accepts and Anna loses the conversation, while Vera never gets the comment; an agent
// already in the conversation is offered the reassignment instead, and a hidden one becomes
// the visible assignee; a pending forwarding is revoked; the dialog works with the keyboard
// alone and has no axe violation in any state; the picker's presence stays live. Anna works
// in the test's own `page` (the one `axe` checks); Clara and Vera get browser contexts of
// their own.

import type { Browser, Locator, Page } from "@playwright/test";
import { expect, test, V4, type AgentSession, type Demo } from "./fixtures";
import { DESK, agentAtDesk, openConversation, openDesk, signIn } from "./desk";
import { focused, openVisitor, queueEntry, TEXT, write } from "./widget";

/** The texts of the forward and reassign dialogs (baton-core's `text.rs`, English). */
const FORWARD = {
  forward: "Forward",
  title: "Forward the conversation",
  toAgent: "An agent",
  toTeam: "A team",
  searchAgents: "Search agents",
  searchTeams: "Search teams",
  comment: "Comment (visible to agents only)",
  keepMe: "Keep me in the conversation: assign it at once, without waiting for acceptance",
  noAgent: "No agent matches the search.",
  chooseFirst: "Choose who gets the conversation.",
  alreadyParticipant: "This agent already takes part in the conversation.",
  sent: (name: string) => `Forwarded to ${name}. The conversation stays yours until they accept it.`,
  kept: (name: string) => `${name} is now the assignee; you stay in the conversation.`,
  participant: (name: string) =>
    `${name} already takes part in this conversation: reassign it to them instead.`,
  inConversation: "in this conversation",
  pending: "Pending forwarding",
  waiting: (name: string) => `Waiting for ${name} to accept.`,
  revoke: (name: string) => `Revoke the forwarding to ${name}`,
  revoked: (name: string) => `The forwarding to ${name} was revoked.`,
  reassign: "Reassign",
  reassignTitle: "Reassign the conversation",
  newAssignee: "New assignee",
  reassignChooseFirst: "Choose the new assignee.",
  offboard: (name: string) => `Remove ${name} from the conversation (they can no longer open it)`,
  reassigned: (name: string) => `${name} is now the assignee.`,
  reassignedOffboarded: (name: string, previous: string) =>
    `${name} is now the assignee; ${previous} left the conversation.`,
  hidden: "hidden",
};

/** A comment with markup in it: it must arrive as text, never as HTML. */
const COMMENT = "<b>Vera</b> asks about her mortgage <img src=x onerror=alert(1)>";

/** Anna, online, at her desk in `page` with a fresh conversation of her own open. */
async function annaWithConversation(page: Page, demo: Demo, topic: string) {
  // Another spec may have left Anna away; her availability is not this spec's subject.
  await demo.admin(`${V4}/persons/anna.advisor/setAway`, { away: false });
  const conversationId = await demo.createConversation({ topic });
  const desk = await openDesk(page);
  await signIn(desk, "anna.advisor", "Anna Advisor");
  await openConversation(desk, topic);
  return { conversationId, desk };
}

/** Vera's widget on `conversationId`, in a browser context of her own. */
async function veraOn(browser: Browser, conversationId: string) {
  const page = await (await browser.newContext()).newPage();
  const widget = await openVisitor(page, conversationId);
  return { page, widget };
}

/** The open dialog titled `title`. */
function dialog(desk: Locator, title: string): Locator {
  return desk.getByRole("dialog", { name: title });
}

/** The desk's status line (its live region). */
function deskStatus(desk: Locator): Locator {
  return desk.locator(".baton-status");
}

/** The conversation's actions toolbar. */
function actions(desk: Locator): Locator {
  return desk.getByRole("group", { name: DESK.actions });
}

/** Opens the forward dialog from the toolbar. */
async function openForward(desk: Locator): Promise<Locator> {
  await actions(desk).getByRole("button", { name: FORWARD.forward }).click();
  const forward = dialog(desk, FORWARD.title);
  await expect(forward).toBeVisible();
  return forward;
}

/** The radio of the agent or team named `name` in the picker's matches. */
function option(scope: Locator, name: string): Locator {
  return scope.getByRole("radio", { name: new RegExp(`^${name}\\b`) });
}

/** Whether `text` appears in any message `viewer` may read of `conversationId`. */
async function messagesOf(viewer: Page | AgentSession, conversationId: string): Promise<string> {
  const response = await viewer.request.get(`/baton/v1/conversations/${conversationId}/messages`);
  expect(response.ok(), `messages: ${response.status()}`).toBe(true);
  return response.text();
}

test("Anna forwards to Clara with a comment only agents see; once Clara accepts, Anna loses the conversation", async ({
  page,
  browser,
  demo,
  axe,
}) => {
  const topic = `Forward ${Date.now()}`;
  const { conversationId, desk } = await annaWithConversation(page, demo, topic);
  const vera = await veraOn(browser, conversationId);

  const forward = await openForward(desk);
  await expect(forward.getByRole("radio", { name: FORWARD.toAgent })).toBeChecked();
  const search = forward.getByRole("searchbox", { name: FORWARD.searchAgents });
  await expect(search).toBeFocused();
  // Anna (the assignee) is never offered; Clara is, with her presence.
  await expect(option(forward, "Clara Deputy")).toBeVisible();
  await expect(option(forward, "Clara Deputy")).toHaveAccessibleName(/available/);
  await expect(option(forward, "Anna Advisor")).toHaveCount(0);
  await axe("baton-agent-desk");

  // Nothing chosen: the error is next to the choice, and nothing is sent.
  let sent = 0;
  page.on("request", (r) => {
    if (r.url().includes("/invitations/forwardConversation")) sent += 1;
  });
  await forward.getByRole("button", { name: FORWARD.forward, exact: true }).click();
  await expect(forward.getByRole("alert")).toHaveText(FORWARD.chooseFirst);
  await expect(search).toHaveAttribute("aria-invalid", "true");
  await expect(search).toBeFocused();
  await axe("baton-agent-desk");
  expect(sent).toBe(0);

  // A search without a match says so.
  await search.fill("nobody-by-this-name");
  await expect(forward.getByText(FORWARD.noAgent)).toBeVisible();
  await expect(forward.getByRole("radio", { name: /Deputy/ })).toHaveCount(0);
  await axe("baton-agent-desk");

  await search.fill("clara");
  await option(forward, "Clara Deputy").check();
  await expect(forward.getByRole("alert")).toHaveCount(0);
  await forward.getByRole("textbox", { name: FORWARD.comment }).fill(COMMENT);
  // A double click sends one forwarding.
  await forward.getByRole("button", { name: FORWARD.forward, exact: true }).dblclick();
  await expect(deskStatus(desk)).toHaveText(FORWARD.sent("Clara Deputy"));
  await expect(forward).toBeHidden();
  expect(sent).toBe(1);
  await expect(actions(desk).getByRole("button", { name: FORWARD.forward })).toBeFocused();

  // Anna sees her comment in the conversation, as text.
  const annaComment = desk.locator(".baton-message-text").filter({ hasText: COMMENT });
  await expect(annaComment).toBeVisible();
  await expect(desk.locator(".baton-message-text img, .baton-message-text b")).toHaveCount(0);

  // The dialog shows the pending forwarding.
  const again = await openForward(desk);
  const pending = again.getByRole("region", { name: FORWARD.pending });
  await expect(pending).toContainText(FORWARD.waiting("Clara Deputy"));
  await expect(pending.getByRole("button", { name: FORWARD.revoke("Clara Deputy") })).toBeVisible();
  await axe("baton-agent-desk");
  await page.keyboard.press("Escape");
  await expect(again).toBeHidden();

  // Clara has it in her queue with the comment, and accepts.
  const clara = await demo.signInAgent("clara.deputy");
  const entry = (await queueEntry(clara, conversationId)) as unknown as {
    invitation: { id: string; comment?: string; invitationType: string };
  };
  expect(entry.invitation.invitationType).toBe("AGENT_FORWARDING");
  expect(entry.invitation.comment).toBe(COMMENT);
  await clara.post(`/baton/v1/invitations/${entry.invitation.id}/respond`, {
    response: "ACCEPT",
    channel: "QUEUE",
  });

  // Anna can no longer open it: it leaves her list, and the open conversation closes.
  await expect(desk.getByText(DESK.choose)).toBeVisible();
  await expect(
    desk.getByRole("region", { name: DESK.conversations }).getByRole("button", { name: topic }),
  ).toHaveCount(0);
  const annaApi = await demo.signInAgent("anna.advisor");
  const denied = await annaApi.request.get(`/baton/v1/conversations/${conversationId}/messages`);
  expect([403, 404]).toContain(denied.status());

  // Clara, at her desk, reads the comment as text from Anna.
  const claraDesk = await agentAtDesk(browser, "clara.deputy", "Clara Deputy");
  await openConversation(claraDesk.desk, topic);
  await expect(claraDesk.desk.getByText(DESK.assignedTo("Clara Deputy"))).toBeVisible();
  await expect(claraDesk.desk.locator(".baton-message-text").filter({ hasText: COMMENT })).toBeVisible();
  expect(await messagesOf(clara, conversationId)).toContain("asks about her mortgage");

  // Vera never gets the comment: neither in her widget nor from the API.
  await write(vera.widget, "Hello, is my advisor there?");
  await expect(vera.widget.locator(".baton-message-text").filter({ hasText: "mortgage" })).toHaveCount(0);
  expect(await messagesOf(vera.page, conversationId)).not.toContain("mortgage");
});

test("an agent already in the conversation is offered Reassign; a hidden one becomes the visible assignee", async ({
  page,
  browser,
  demo,
  axe,
}) => {
  const topic = `Reassign ${Date.now()}`;
  const { conversationId, desk } = await annaWithConversation(page, demo, topic);
  await demo.admin(`${V4}/conversations/${conversationId}/addParticipant`, {
    personId: "clara.deputy",
    hidden: true,
  });
  await page.reload();
  const reloaded = page.locator("baton-agent-desk");
  await openConversation(reloaded, topic);

  // Forwarding to Clara is not offered: she takes part (hidden), so Reassign is.
  const forward = await openForward(reloaded);
  await forward.getByRole("searchbox", { name: FORWARD.searchAgents }).fill("clara");
  const clara = option(forward, "Clara Deputy");
  await expect(clara).toHaveAccessibleName(new RegExp(`${FORWARD.inConversation}, ${FORWARD.hidden}`));
  await clara.check();
  await expect(forward.getByText(FORWARD.participant("Clara Deputy"))).toBeVisible();
  await expect(forward.getByRole("textbox", { name: FORWARD.comment })).toHaveCount(0);
  await expect(forward.getByRole("button", { name: FORWARD.forward, exact: true })).toHaveCount(0);
  await expect(forward.getByRole("button", { name: FORWARD.reassign, exact: true })).toBeVisible();
  await axe("baton-agent-desk");
  await forward.getByRole("button", { name: DESK.cancel }).click();
  await expect(forward).toBeHidden();

  // The Reassign action: Clara is listed, marked hidden; nothing chosen is an error.
  await actions(reloaded).getByRole("button", { name: FORWARD.reassign }).click();
  const reassign = dialog(reloaded, FORWARD.reassignTitle);
  await expect(reassign).toBeVisible();
  const candidates = reassign.getByRole("group", { name: FORWARD.newAssignee });
  await expect(candidates.getByRole("radio")).toHaveCount(1);
  await expect(candidates.getByRole("radio", { name: `Clara Deputy ${FORWARD.hidden}` })).toBeVisible();
  await expect(reassign.getByRole("checkbox", { name: FORWARD.offboard("Anna Advisor") })).not.toBeChecked();
  await axe("baton-agent-desk");
  await reassign.getByRole("button", { name: FORWARD.reassign, exact: true }).click();
  await expect(reassign.getByRole("alert")).toHaveText(FORWARD.reassignChooseFirst);
  await axe("baton-agent-desk");

  // Reassigning shows Clara and makes her the assignee; Anna stays (not removed).
  await candidates.getByRole("radio", { name: /Clara Deputy/ }).check();
  await reassign.getByRole("button", { name: FORWARD.reassign, exact: true }).click();
  await expect(deskStatus(reloaded)).toHaveText(FORWARD.reassigned("Clara Deputy"));
  await expect(reassign).toBeHidden();
  await expect(reloaded.getByText(DESK.assignedTo("Clara Deputy"))).toBeVisible();
  await expect(actions(reloaded).getByRole("button", { name: FORWARD.reassign })).toBeFocused();

  // Vera sees Clara as her assigned agent (visitors never get hidden participants).
  const vera = await veraOn(browser, conversationId);
  await expect(vera.widget.getByRole("list", { name: TEXT.present })).toContainText("Clara Deputy");
  const participants = (await (
    await vera.page.request.get(`/baton/v1/conversations/${conversationId}/participants`)
  ).json()) as { personId: string; participationType: string; hidden: boolean }[];
  expect(participants).toContainEqual(
    expect.objectContaining({ personId: "clara.deputy", participationType: "ASSIGNED_AGENT", hidden: false }),
  );

  // Back to Anna, removing Clara this time: Anna is the assignee again, Clara has left.
  await actions(reloaded).getByRole("button", { name: FORWARD.reassign }).click();
  await expect(reassign).toBeVisible();
  await candidates.getByRole("radio", { name: /Anna Advisor/ }).check();
  await reassign.getByRole("checkbox", { name: FORWARD.offboard("Clara Deputy") }).check();
  await reassign.getByRole("button", { name: FORWARD.reassign, exact: true }).click();
  await expect(deskStatus(reloaded)).toHaveText(FORWARD.reassignedOffboarded("Anna Advisor", "Clara Deputy"));
  await expect(reloaded.getByText(DESK.assignedTo("Anna Advisor"))).toBeVisible();
  await expect(vera.widget.getByRole("list", { name: TEXT.present })).not.toContainText("Clara Deputy");
  // With nobody else left, the Reassign dialog says so.
  await actions(reloaded).getByRole("button", { name: FORWARD.reassign }).click();
  await expect(reassign.getByText("No other agent takes part in this conversation.", { exact: false })).toBeVisible();
  await axe("baton-agent-desk");
});

test("the server's refusal is shown next to the choice, which then offers what still works", async ({
  page,
  demo,
  axe,
}) => {
  // Without the live feed (a lost connection) the desk does not learn that Clara joined in
  // the meantime: only the server's answer tells.
  await page.route("**/baton/v1/events**", (route) => route.abort());
  const topic = `Refused ${Date.now()}`;
  const { conversationId, desk } = await annaWithConversation(page, demo, topic);
  const forward = await openForward(desk);
  await forward.getByRole("searchbox", { name: FORWARD.searchAgents }).fill("clara");
  const clara = option(forward, "Clara Deputy");
  await clara.check();
  await demo.admin(`${V4}/conversations/${conversationId}/addParticipant`, {
    personId: "clara.deputy",
    hidden: false,
  });
  await forward.getByRole("button", { name: FORWARD.forward, exact: true }).click();

  await expect(forward.getByRole("alert")).toHaveText(FORWARD.alreadyParticipant);
  await expect(clara).toBeFocused();
  // The refusal made the desk read the conversation again: Clara is marked and Reassign offered.
  await expect(clara).toHaveAccessibleName(new RegExp(FORWARD.inConversation));
  await expect(forward.getByText(FORWARD.participant("Clara Deputy"))).toBeVisible();
  await axe("baton-agent-desk");
  await expect(deskStatus(desk)).not.toHaveText(/Forwarded/);
});

test("Anna revokes a pending forwarding to a team", async ({ page, demo, axe }) => {
  const topic = `Revoke ${Date.now()}`;
  const { conversationId, desk } = await annaWithConversation(page, demo, topic);

  const forward = await openForward(desk);
  await forward.getByRole("radio", { name: FORWARD.toTeam }).check();
  const search = forward.getByRole("searchbox", { name: FORWARD.searchTeams });
  await search.fill("advis");
  await option(forward, "Advisory").check();
  await expect(forward.getByRole("checkbox", { name: FORWARD.keepMe })).toHaveCount(0);
  await forward.getByRole("button", { name: FORWARD.forward, exact: true }).click();
  await expect(deskStatus(desk)).toHaveText(FORWARD.sent("Advisory"));

  // David (of Advisory) has it in his queue.
  const david = await demo.signInAgent("david.deputy");
  await queueEntry(david, conversationId);

  const again = await openForward(desk);
  const pending = again.getByRole("region", { name: FORWARD.pending });
  await expect(pending).toContainText(FORWARD.waiting("Advisory"));
  await axe("baton-agent-desk");
  await pending.getByRole("button", { name: FORWARD.revoke("Advisory") }).click();
  await expect(deskStatus(desk)).toHaveText(FORWARD.revoked("Advisory"));
  await expect(pending).toBeHidden();
  // Focus moves on to the next control, never to the page.
  await expect(again.getByRole("radio", { name: FORWARD.toAgent })).toBeFocused();

  const queue = (await (await david.request.get("/baton/v1/queue")).json()) as {
    conversation: { id: string };
  }[];
  expect(queue.map((item) => item.conversation.id)).not.toContain(conversationId);
});

test("keep me in the conversation: the new agent is assigned at once and Anna stays", async ({
  page,
  demo,
}) => {
  const topic = `Keep me ${Date.now()}`;
  const { desk } = await annaWithConversation(page, demo, topic);

  const forward = await openForward(desk);
  await forward.getByRole("searchbox", { name: FORWARD.searchAgents }).fill("ben");
  await option(forward, "Ben Assistant").check();
  await forward.getByRole("checkbox", { name: FORWARD.keepMe }).check();
  // Assigning at once sends no comment: the field goes away.
  await expect(forward.getByRole("textbox", { name: FORWARD.comment })).toHaveCount(0);
  await forward.getByRole("button", { name: FORWARD.reassign, exact: true }).click();
  await expect(deskStatus(desk)).toHaveText(FORWARD.kept("Ben Assistant"));
  await expect(desk.getByText(DESK.assignedTo("Ben Assistant"))).toBeVisible();
  // Anna still has the conversation open, now as a secondary agent.
  await expect(desk.getByRole("heading", { name: topic })).toBeVisible();
});

test("the forward dialog works with the keyboard alone", async ({ page, demo }) => {
  const topic = `Keyboard ${Date.now()}`;
  const { desk } = await annaWithConversation(page, demo, topic);
  const button = actions(desk).getByRole("button", { name: FORWARD.forward });

  // Escape closes, and focus is back on the Forward button.
  await button.focus();
  await page.keyboard.press("Enter");
  const forward = dialog(desk, FORWARD.title);
  await expect(forward).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(forward).toBeHidden();
  expect(await focused(page)).toBe(`button "${FORWARD.forward}"`);

  // Enter opens, focus is in the search; type, Tab to the match, Space chooses it, Tab to
  // the comment, type, Tab past the keep-me choice and Cancel to Forward, Enter sends.
  await page.keyboard.press("Enter");
  await expect(forward).toBeVisible();
  expect(await focused(page)).toBe(`input "${FORWARD.searchAgents}"`);
  await page.keyboard.type("clara");
  await expect(forward.getByRole("group", { name: "Agents", exact: true }).getByRole("radio")).toHaveCount(1);
  await page.keyboard.press("Tab");
  expect(await focused(page)).toMatch(/^input "Clara Deputy/);
  await page.keyboard.press("Space");
  await expect(option(forward, "Clara Deputy")).toBeChecked();
  await page.keyboard.press("Tab");
  expect(await focused(page)).toBe(`textarea "${FORWARD.comment}"`);
  await page.keyboard.type("Typed with the keyboard");
  await page.keyboard.press("Tab");
  expect(await focused(page)).toBe(`input "${FORWARD.keepMe}"`);
  await page.keyboard.press("Tab");
  expect(await focused(page)).toBe(`button "${DESK.cancel}"`);
  await page.keyboard.press("Tab");
  expect(await focused(page)).toBe(`button "${FORWARD.forward}"`);
  await page.keyboard.press("Enter");
  await expect(deskStatus(desk)).toHaveText(FORWARD.sent("Clara Deputy"));
  await expect(forward).toBeHidden();
  expect(await focused(page)).toBe(`button "${FORWARD.forward}"`);
});

test("presence in the picker stays live: Clara steps away and back while the dialog is open", async ({
  page,
  demo,
}) => {
  const { desk } = await annaWithConversation(page, demo, `Presence ${Date.now()}`);
  const forward = await openForward(desk);
  const clara = option(forward, "Clara Deputy");
  await expect(clara).toHaveAccessibleName(/available/);
  try {
    await demo.admin(`${V4}/persons/clara.deputy/setAway`, { away: true });
    await expect(clara).toHaveAccessibleName(/\baway\b/);
  } finally {
    await demo.admin(`${V4}/persons/clara.deputy/setAway`, { away: false });
  }
  await expect(clara).toHaveAccessibleName(/available/);
});
