// The open conversation's Invite dialog (a customer by PIN or e-mail, another agent or a team),
// Unassign (seed 003) and Transfer (seed 004) at the agent desk, against the real server:
// the customer joins with the PIN Anna shows in another browser context, a renewed PIN
// replaces the old one, a revoked or expired one stops working, the e-mail goes through the
// real SMTP receiver and its link joins, a bad address is refused next to the field and
// nothing is sent, an agent invited hidden gets the message as text, a parent-organisation
// supervisor unassigns, Clara accepts or rejects Anna's transfer at her own desk. Each dialog
// is completed with the keyboard alone, focus returning to the button that opened it, and
// axe-core finds nothing in any dialog state. The PIN's countdown runs on the server's time,
// whatever the agent's computer clock says.
//
// PINs live 5 s here (tests/e2e/baton.toml), so the customer's PIN page is open before the
// PIN is made. Failed PIN attempts count against 127.0.0.1 until a success: each test that
// fails one on purpose makes no more than one before the next success.

import type { Browser, Locator, Page } from "@playwright/test";
import { expect, test, V4, type Demo } from "./fixtures";
import { DESK, agentAtDesk, openConversation, openDesk, signIn } from "./desk";
import { TEXT, focused, openPinEntry, submitPin } from "./widget";

/** The English texts of these dialogs (baton-core's `text.rs`). */
const INVITE = {
  open: "Invite",
  title: "Invite to this conversation",
  byPin: "Customer with a PIN",
  byEmail: "Customer by e-mail",
  agent: "Another agent",
  team: "A team",
  nickname: "Customer's name (optional)",
  createPin: "Create PIN",
  pin: "PIN for the customer",
  copy: "Copy PIN",
  copied: "PIN copied",
  validFor: /^Valid for \d+:\d\d more$/,
  expired: "This PIN has expired. Renew it to give the customer a new one.",
  renew: "Renew PIN",
  revoke: "Revoke PIN",
  created: (pin: string) => `New PIN: ${pin}`,
  renewed: "New PIN created. The previous PIN no longer works.",
  revoked: "PIN revoked: it no longer works.",
  redeemed: "The customer has joined with this PIN.",
  email: "Customer's e-mail address",
  emailInvalid: "Please enter a valid e-mail address, such as name@example.com.",
  send: "Send invitation",
  sent: (email: string) => `Invitation sent to ${email}.`,
  message: "Message for the invited agents",
  joinHidden: "Join hidden (the customer does not see them)",
  invited: (name: string) => `${name} has been invited.`,
  waiting: "Invitations waiting for an answer",
  searchAgents: "Search agents",
  pinRevoked: "This PIN has been withdrawn. Please ask your advisor for a new one.",
};

const UNASSIGN = {
  button: "Unassign",
  title: "Unassign this conversation?",
  description: (name: string) =>
    `${name} leaves the conversation, and it becomes visible to the organisation's other agents.`,
  notAllowed:
    "The server refused: only the assigned agent, a supervisor or an agent of the parent organisation may unassign this conversation.",
  done: "Conversation unassigned: visible to the organisation's agents.",
};

const TRANSFER = {
  button: "Transfer",
  title: "Transfer this conversation",
  offer: "Offer transfer",
  offered: (name: string) => `Transfer offered to ${name}.`,
  pendingTo: (name: string) => `Transfer to ${name} pending: waiting for their answer.`,
  pendingForMe: (name: string) => `${name} offers you this conversation.`,
  accept: "Accept transfer",
  reject: "Reject transfer",
  accepted: "Transfer accepted: the conversation is assigned to you.",
  rejected: "Transfer rejected.",
  notYours: "Nothing happened: only the agent the conversation is assigned to can transfer it.",
};

/** A conversation of Vera with Anna, titled uniquely for this test. */
async function conversation(demo: Demo, label: string): Promise<string> {
  const topic = `${label} ${Date.now()}`;
  await demo.createConversation({ topic });
  return topic;
}

/** `username` at the desk in the test's own page (the one axe checks), with `topic` open. */
async function deskInPage(page: Page, username: string, name: string, topic: string): Promise<Locator> {
  const desk = await openDesk(page);
  await signIn(desk, username, name);
  await openConversation(desk, topic);
  return desk;
}

/** Opens the dialog behind the actions button `button`; answers the dialog. */
async function openDialog(desk: Locator, button: string, title: string): Promise<Locator> {
  await desk.getByRole("group", { name: DESK.actions }).getByRole("button", { name: button, exact: true }).click();
  const dialog = desk.getByRole("dialog", { name: title });
  await expect(dialog).toBeVisible();
  return dialog;
}

/** The PIN the dialog shows, once it shows one. */
async function shownPin(dialog: Locator): Promise<string> {
  const value = dialog.getByRole("group", { name: INVITE.pin }).locator(".baton-pin-value");
  await expect(value).toHaveText(/^\d{6,}$/);
  return (await value.textContent()) as string;
}

/** A customer's PIN page in a browser context of their own. */
async function customerPinPage(browser: Browser): Promise<{ page: Page; entry: Locator }> {
  const page = await (await browser.newContext()).newPage();
  return { page, entry: await openPinEntry(page) };
}

/** The dialog's own status line (the person picker has a status of its own before it). */
function dialogStatus(dialog: Locator): Locator {
  return dialog.getByRole("status").last();
}

/** The desk's "who is present" list. */
function present(desk: Locator): Locator {
  return desk.getByRole("list", { name: TEXT.present });
}

test("Anna invites a customer by PIN; the customer joins with it and Anna sees them", async ({
  page,
  browser,
  demo,
  axe,
}) => {
  const topic = await conversation(demo, "PIN invite");
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  const desk = await deskInPage(page, "anna.advisor", "Anna Advisor", topic);
  const customer = await customerPinPage(browser);

  const dialog = await openDialog(desk, INVITE.open, INVITE.title);
  await expect(dialog.getByRole("radio", { name: INVITE.byPin })).toBeChecked();
  await axe("baton-agent-desk");
  await dialog.getByRole("textbox", { name: INVITE.nickname }).fill("<b>Walter</b>");
  await dialog.getByRole("button", { name: INVITE.createPin }).click();
  const pin = await shownPin(dialog);
  await expect(dialogStatus(dialog)).toHaveText(INVITE.created(pin));
  await expect(dialog.getByText(INVITE.validFor)).toBeVisible();

  await dialog.getByRole("button", { name: INVITE.copy }).click();
  await expect(dialogStatus(dialog)).toHaveText(INVITE.copied);
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(pin);

  const answer = await submitPin(customer.page, customer.entry, pin);
  expect(answer.status()).toBe(200);
  await expect(dialogStatus(dialog)).toHaveText(INVITE.redeemed);
  await expect(dialog.getByRole("button", { name: INVITE.createPin })).toBeVisible();
  await axe("baton-agent-desk");

  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  // The nickname is shown as text, never as markup.
  await expect(present(desk)).toContainText("<b>Walter</b>");
  await expect(present(desk).locator("b")).toHaveCount(0);
});

test("a renewed PIN replaces the old one; an expired PIN says so; a revoked PIN stops working", async ({
  page,
  browser,
  demo,
  axe,
}) => {
  const topic = await conversation(demo, "PIN renew");
  const desk = await deskInPage(page, "anna.advisor", "Anna Advisor", topic);
  const customer = await customerPinPage(browser);
  const dialog = await openDialog(desk, INVITE.open, INVITE.title);

  const created: string[] = [];
  page.on("request", (r) => {
    if (r.url().endsWith("inviteAnonymousVisitorToConversationWithPin")) created.push(r.url());
  });
  // A double click makes one PIN: the button waits for the answer.
  await dialog.getByRole("button", { name: INVITE.createPin }).dblclick();
  const first = await shownPin(dialog);
  expect(created).toHaveLength(1);
  await axe("baton-agent-desk");
  // The countdown reaches the invitation's own expiry (5 s here).
  await expect(dialog.getByText(INVITE.expired).first()).toBeVisible({ timeout: 8_000 });
  await expect(dialog.getByRole("button", { name: INVITE.copy })).toBeHidden();
  await axe("baton-agent-desk");

  await dialog.getByRole("button", { name: INVITE.renew }).click();
  await expect(dialogStatus(dialog)).toHaveText(INVITE.renewed);
  const second = await shownPin(dialog);
  expect(second).not.toBe(first);
  await expect(dialog.getByText(INVITE.validFor)).toBeVisible();

  await submitPin(customer.page, customer.entry, first);
  await expect(customer.entry.getByRole("alert")).toHaveText(TEXT.pinWrong);
  const joined = await submitPin(customer.page, customer.entry, second);
  expect(joined.status()).toBe(200);
  await expect(dialogStatus(dialog)).toHaveText(INVITE.redeemed);

  await dialog.getByRole("button", { name: INVITE.createPin }).click();
  const third = await shownPin(dialog);
  const later = await customerPinPage(browser);
  await dialog.getByRole("button", { name: INVITE.revoke }).click();
  await expect(dialogStatus(dialog)).toHaveText(INVITE.revoked);
  await expect(dialog.getByRole("group", { name: INVITE.pin })).toBeHidden();
  // Focus moves to the control that replaced the one used.
  expect(await focused(page)).toBe(`button "${INVITE.createPin}"`);
  await axe("baton-agent-desk");
  await submitPin(later.page, later.entry, third);
  await expect(later.entry.getByRole("alert")).toHaveText(INVITE.pinRevoked);
});

test("the PIN countdown runs on the server's time: a browser clock two hours fast still shows the whole lifetime", async ({
  page,
  demo,
}) => {
  const topic = await conversation(demo, "PIN clock");
  // The agent's computer is two hours fast, its time flowing as usual.
  await page.clock.install({ time: new Date(Date.now() + 2 * 60 * 60 * 1000) });
  await page.clock.resume();
  const desk = await deskInPage(page, "anna.advisor", "Anna Advisor", topic);
  const dialog = await openDialog(desk, INVITE.open, INVITE.title);
  await dialog.getByRole("button", { name: INVITE.createPin }).click();
  await shownPin(dialog);
  // Counted on the browser's own clock, the 5 s PIN would read as expired two hours ago.
  await expect(dialog.getByText(/^Valid for 0:0[3-5] more$/)).toBeVisible();
  await expect(dialog.getByText(INVITE.expired)).toHaveCount(0);
  // And it still expires when the server says, not later.
  await expect(dialog.getByText(INVITE.expired).first()).toBeVisible({ timeout: 8_000 });
});

test("keyboard only: create a PIN, Escape, focus back on Invite", async ({ page, demo }) => {
  const topic = await conversation(demo, "PIN keyboard");
  const desk = await deskInPage(page, "anna.advisor", "Anna Advisor", topic);
  const opener = desk.getByRole("button", { name: INVITE.open, exact: true });
  await opener.focus();
  await page.keyboard.press("Enter");
  const dialog = desk.getByRole("dialog", { name: INVITE.title });
  await expect(dialog).toBeVisible();
  expect(await focused(page)).toBe(`button "${DESK.close}"`);
  await page.keyboard.press("Tab");
  expect(await focused(page)).toBe(`input "${INVITE.byPin}"`);
  await page.keyboard.press("Tab");
  expect(await focused(page)).toBe(`input "${INVITE.nickname}"`);
  await page.keyboard.press("Tab");
  expect(await focused(page)).toBe(`button "${INVITE.createPin}"`);
  await page.keyboard.press("Enter");
  await shownPin(dialog);
  await expect.poll(() => focused(page)).toBe(`button "${INVITE.copy}"`);
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  expect(await focused(page)).toBe(`button "${INVITE.open}"`);
});

test("an e-mail invitation goes through the SMTP receiver and its link joins; a bad address is refused", async ({
  page,
  browser,
  demo,
  smtp,
  axe,
}) => {
  const topic = await conversation(demo, "E-mail invite");
  const desk = await deskInPage(page, "anna.advisor", "Anna Advisor", topic);
  const sent: string[] = [];
  page.on("request", (r) => {
    if (r.url().includes("inviteAnonymousVisitorToConversationWithEmail")) sent.push(r.url());
  });

  const dialog = await openDialog(desk, INVITE.open, INVITE.title);
  await dialog.getByRole("radio", { name: INVITE.byEmail }).check();
  const field = dialog.getByRole("textbox", { name: INVITE.email });
  const bad = "walter.example.com";
  await field.fill(bad);
  await dialog.getByRole("button", { name: INVITE.send }).click();
  await expect(dialog.getByRole("alert")).toHaveText(INVITE.emailInvalid);
  await expect(field).toHaveAttribute("aria-invalid", "true");
  await expect(field).toHaveAccessibleDescription(INVITE.emailInvalid);
  await axe("baton-agent-desk");
  expect(sent).toEqual([]);
  expect(smtp.received().filter((m) => m.to.includes(bad))).toEqual([]);

  // Keyboard only from here: the field, the name, Send.
  const to = smtp.address("walter");
  await field.fill("");
  await field.focus();
  await page.keyboard.type(to);
  await page.keyboard.press("Tab");
  await page.keyboard.type("Walter");
  await page.keyboard.press("Tab");
  expect(await focused(page)).toBe(`button "${INVITE.send}"`);
  await page.keyboard.press("Enter");
  await expect(dialogStatus(dialog)).toHaveText(INVITE.sent(to));
  await expect(field).toHaveAttribute("aria-invalid", "false");
  await expect(field).toHaveValue("");
  expect(sent).toHaveLength(1);
  await axe("baton-agent-desk");
  await page.keyboard.press("Escape");
  expect(await focused(page)).toBe(`button "${INVITE.open}"`);

  const mail = await smtp.waitFor(to);
  const link = mail.links.find((l) => l.startsWith(`${demo.url}/join.html#invitation=`));
  expect(link, mail.text).toBeDefined();
  const walter = await (await browser.newContext()).newPage();
  await walter.goto(link as string);
  const widget = walter.locator("baton-visitor");
  await expect(widget.getByRole("list", { name: TEXT.present })).toContainText("Walter");
  await expect(present(desk)).toContainText("Walter");
});

test("Anna invites Clara hidden with a message; the message is text; Clara joins hidden", async ({
  page,
  demo,
  axe,
}) => {
  const topic = await conversation(demo, "Agent invite");
  const desk = await deskInPage(page, "anna.advisor", "Anna Advisor", topic);
  const dialog = await openDialog(desk, INVITE.open, INVITE.title);
  await dialog.getByRole("radio", { name: INVITE.agent }).check();
  await dialog.getByRole("searchbox", { name: INVITE.searchAgents }).fill("Clara");
  await axe("baton-agent-desk");

  // Nothing chosen yet: the picker says so and nothing is sent.
  await dialog.getByRole("button", { name: INVITE.send }).click();
  await expect(dialog.getByRole("alert")).toHaveText("Please choose an agent or a team.");
  await axe("baton-agent-desk");

  const payload = '<img src=x onerror="document.title=\'pwned\'"> Please join <b>quietly</b>';
  await dialog.getByRole("radio", { name: /Clara Deputy/ }).check();
  await dialog.getByRole("textbox", { name: INVITE.message }).fill(payload);
  await dialog.getByRole("checkbox", { name: INVITE.joinHidden }).check();
  await dialog.getByRole("button", { name: INVITE.send }).click();
  await expect(dialogStatus(dialog)).toHaveText(INVITE.invited("Clara Deputy"));
  const waiting = dialog.getByRole("region", { name: INVITE.waiting });
  await expect(waiting).toContainText("Clara Deputy");
  await expect(waiting).toContainText("hidden");
  await expect(waiting.locator(".baton-invite-comment")).toHaveText(payload);
  await expect(waiting.locator("img, b")).toHaveCount(0);
  expect(await page.title()).not.toBe("pwned");
  await axe("baton-agent-desk");

  // Clara accepts in her queue: she joins hidden, and the invitation no longer waits.
  const clara = await demo.signInAgent("clara.deputy");
  const invitations = (await clara.post(`${V4}/invitations/search`, {})) as {
    items: { id: string; comment?: string; joinHidden: boolean; targetId?: string }[];
  };
  const invitation = invitations.items.find((i) => i.comment === payload);
  expect(invitation?.joinHidden).toBe(true);
  await clara.post(`/baton/v1/invitations/${invitation?.id}/respond`, { response: "ACCEPT", channel: "QUEUE" });
  await expect(waiting).toBeHidden();
  await page.keyboard.press("Escape");
  await expect(present(desk)).toContainText("Clara Deputy");
  await expect(present(desk).locator("li", { hasText: "Clara Deputy" })).toContainText("hidden");
});

test("keyboard only: invite a team with a message, Escape, focus back on Invite", async ({ page, demo }) => {
  const topic = await conversation(demo, "Team invite keyboard");
  const desk = await deskInPage(page, "anna.advisor", "Anna Advisor", topic);
  await desk.getByRole("button", { name: INVITE.open, exact: true }).focus();
  await page.keyboard.press("Enter");
  const dialog = desk.getByRole("dialog", { name: INVITE.title });
  await expect(dialog).toBeVisible();
  await page.keyboard.press("Tab");
  expect(await focused(page)).toBe(`input "${INVITE.byPin}"`);
  // Arrow keys move the choice: PIN, e-mail, another agent, a team.
  for (let i = 0; i < 3; i += 1) await page.keyboard.press("ArrowDown");
  await expect(dialog.getByRole("radio", { name: INVITE.team })).toBeChecked();
  await page.keyboard.press("Tab");
  expect(await focused(page)).toBe('input "Search teams"');
  await page.keyboard.type("Advisory");
  await expect(dialog.getByRole("radio", { name: /Advisory/ })).toBeVisible();
  await page.keyboard.press("Tab");
  await page.keyboard.press("Space");
  await expect(dialog.getByRole("radio", { name: /Advisory/ })).toBeChecked();
  await page.keyboard.press("Tab");
  expect(await focused(page)).toBe(`textarea "${INVITE.message}"`);
  await page.keyboard.type("Vera asks about a second mortgage.");
  await page.keyboard.press("Tab");
  expect(await focused(page)).toBe(`input "${INVITE.joinHidden}"`);
  await page.keyboard.press("Tab");
  expect(await focused(page)).toBe(`button "${INVITE.send}"`);
  await page.keyboard.press("Enter");
  await expect(dialogStatus(dialog)).toHaveText(/^Advisory.* has been invited\.$/);
  const waiting = dialog.getByRole("region", { name: INVITE.waiting });
  await expect(waiting).toContainText("Vera asks about a second mortgage.");
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  expect(await focused(page)).toBe(`button "${INVITE.open}"`);
});

test("a supervisor of the parent organisation unassigns; the conversation shows as not assigned", async ({
  page,
  browser,
  demo,
  axe,
}) => {
  const topic = await conversation(demo, "Unassign");
  const desk = await deskInPage(page, "eva.parent", "Eva Parent", topic);
  await expect(desk.getByText(DESK.assignedTo("Anna Advisor"))).toBeVisible();

  // Keyboard only: Enter opens, Tab past Close and Cancel, Enter confirms.
  const opener = desk.getByRole("button", { name: UNASSIGN.button, exact: true });
  await opener.focus();
  await page.keyboard.press("Enter");
  const dialog = desk.getByRole("dialog", { name: UNASSIGN.title });
  await expect(dialog).toBeVisible();
  await expect(dialog).toHaveAccessibleDescription(UNASSIGN.description("Anna Advisor"));
  await axe("baton-agent-desk");
  await page.keyboard.press("Tab");
  expect(await focused(page)).toBe(`button "${DESK.cancel}"`);
  await page.keyboard.press("Tab");
  expect(await focused(page)).toBe(`button "${UNASSIGN.button}"`);
  await page.keyboard.press("Enter");
  await expect(dialog).toBeHidden();
  await expect(desk.getByText(DESK.notAssigned)).toBeVisible();
  await expect(desk.getByRole("status").last()).toHaveText(UNASSIGN.done);
  expect(await focused(page)).toBe(`button "${UNASSIGN.button}"`);
  await expect(opener).toHaveAttribute("aria-disabled", "true");
  await axe("baton-agent-desk");

  // Clara, of Anna's organisation, sees it now.
  const clara = await agentAtDesk(browser, "clara.deputy", "Clara Deputy");
  await openConversation(clara.desk, topic);
  await expect(clara.desk.getByText(DESK.notAssigned)).toBeVisible();
});

test("the server's refusal to unassign is shown in the dialog and changes nothing", async ({
  page,
  demo,
  axe,
}) => {
  const topic = `Unassign refused ${Date.now()}`;
  const id = await demo.createConversation({ topic });
  // Clara takes part as a secondary agent: she sees the conversation but may not unassign.
  await demo.admin(`${V4}/conversations/${id}/addParticipant`, { personId: "clara.deputy" });
  const desk = await deskInPage(page, "clara.deputy", "Clara Deputy", topic);
  const dialog = await openDialog(desk, UNASSIGN.button, UNASSIGN.title);
  await dialog.getByRole("button", { name: UNASSIGN.button }).click();
  await expect(dialog.getByRole("alert")).toHaveText(UNASSIGN.notAllowed);
  await axe("baton-agent-desk");
  await dialog.getByRole("button", { name: DESK.cancel }).click();
  await expect(dialog).toBeHidden();
  await expect(desk.getByText(DESK.assignedTo("Anna Advisor"))).toBeVisible();
});

test("Anna offers a transfer by keyboard; Clara accepts it at her desk", async ({ page, browser, demo, axe }) => {
  const topic = await conversation(demo, "Transfer accept");
  const desk = await deskInPage(page, "anna.advisor", "Anna Advisor", topic);

  const opener = desk.getByRole("button", { name: TRANSFER.button, exact: true });
  await opener.focus();
  await page.keyboard.press("Enter");
  const dialog = desk.getByRole("dialog", { name: TRANSFER.title });
  await expect(dialog).toBeVisible();
  await expect.poll(() => focused(page)).toBe(`input "${INVITE.searchAgents}"`);
  await page.keyboard.type("Clara");
  await expect(dialog.getByRole("radio", { name: /Clara Deputy/ })).toBeVisible();
  await axe("baton-agent-desk");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Space");
  await expect(dialog.getByRole("radio", { name: /Clara Deputy/ })).toBeChecked();
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  expect(await focused(page)).toBe(`button "${TRANSFER.offer}"`);
  await page.keyboard.press("Enter");
  await expect(dialog).toBeHidden();
  expect(await focused(page)).toBe(`button "${TRANSFER.button}"`);
  await expect(desk.getByText(TRANSFER.pendingTo("Clara Deputy"))).toBeVisible();
  await expect(desk.getByText(DESK.assignedTo("Anna Advisor"))).toBeVisible();
  await axe("baton-agent-desk");

  const clara = await agentAtDesk(browser, "clara.deputy", "Clara Deputy");
  await openConversation(clara.desk, topic);
  const actions = clara.desk.getByRole("group", { name: DESK.actions });
  await expect(actions.getByText(TRANSFER.pendingForMe("Anna Advisor"))).toBeVisible();
  // Announced too: the answers just appeared.
  await expect(clara.desk.getByRole("status").last()).toHaveText(TRANSFER.pendingForMe("Anna Advisor"));
  await clara.desk.getByRole("button", { name: TRANSFER.accept }).click();
  await expect(clara.desk.getByText(DESK.assignedTo("Clara Deputy"))).toBeVisible();
  await expect(clara.desk.getByText(TRANSFER.accepted)).toBeVisible();
  await expect(clara.desk.getByRole("button", { name: TRANSFER.accept })).toBeHidden();
  // Anna has left: the conversation is no longer hers to see.
  await expect(desk.getByText(DESK.choose)).toBeVisible();
});

test("Clara rejects a transfer; the conversation stays Anna's; a transfer not one's own does nothing", async ({
  page,
  browser,
  demo,
  axe,
}) => {
  const topic = await conversation(demo, "Transfer reject");
  const anna = await agentAtDesk(browser, "anna.advisor", "Anna Advisor");
  await openConversation(anna.desk, topic);
  const offer = await openDialog(anna.desk, TRANSFER.button, TRANSFER.title);
  await offer.getByRole("searchbox", { name: INVITE.searchAgents }).fill("Clara");
  await offer.getByRole("radio", { name: /Clara Deputy/ }).check();
  const offers: string[] = [];
  anna.page.on("request", (r) => {
    if (r.url().includes("/TransferTo/")) offers.push(r.url());
  });
  // A double click offers once (a second offer would replace the first).
  await offer.getByRole("button", { name: TRANSFER.offer }).dblclick();
  await expect(anna.desk.getByText(TRANSFER.offered("Clara Deputy"))).toBeVisible();
  expect(offers).toHaveLength(1);
  await expect(anna.desk.getByText(TRANSFER.pendingTo("Clara Deputy"))).toBeVisible();

  const desk = await deskInPage(page, "clara.deputy", "Clara Deputy", topic);
  await expect(
    desk.getByRole("group", { name: DESK.actions }).getByText(TRANSFER.pendingForMe("Anna Advisor")),
  ).toBeVisible();
  await axe("baton-agent-desk");
  await desk.getByRole("button", { name: TRANSFER.reject }).click();
  await expect(desk.getByText(TRANSFER.rejected)).toBeVisible();
  await expect(anna.desk.getByText(TRANSFER.pendingTo("Clara Deputy"))).toBeHidden();
  await expect(anna.desk.getByText(DESK.assignedTo("Anna Advisor"))).toBeVisible();

  // Eva (parent organisation) sees the conversation but it is not hers: nothing happens.
  const eva = await agentAtDesk(browser, "eva.parent", "Eva Parent");
  await openConversation(eva.desk, topic);
  const notHers = await openDialog(eva.desk, TRANSFER.button, TRANSFER.title);
  await notHers.getByRole("searchbox", { name: INVITE.searchAgents }).fill("Clara");
  await notHers.getByRole("radio", { name: /Clara Deputy/ }).check();
  await notHers.getByRole("button", { name: TRANSFER.offer }).click();
  await expect(notHers.getByRole("alert")).toHaveText(TRANSFER.notYours);
  await expect(eva.desk.getByText(TRANSFER.pendingTo("Clara Deputy"))).toBeHidden();
});
