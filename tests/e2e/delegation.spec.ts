// Seed 001 (deputy delegation) end to end in the agent desk: five browser contexts at once
// (Anna, Ben, Clara and David at their desks, Vera in the visitor widget) against the real
// server with the short timers of tests/e2e/baton.toml. Vera's request to Anna goes
// unanswered, Ben (assistant) and Clara (level 1) see it in their queues, both ignore it,
// David (level 2 through the team Advisory) sees it and accepts: he becomes the assignee, the
// request leaves every other queue and Vera sees him join. A deputy the prompt invited joins
// Vera's conversation with Anna and the widget names him. Then the variants: a deputy declines a request to Anna (it is
// unassigned and nobody can accept it any more; a stale desk's answer is refused on the
// item), Later (Vera gets the Later message), nobody answers (the unanswered webhook
// reaches a receiver of the test's own; the request stays in every queue). Then the
// deputies editor (add, reorder, remove, save, reload; hidden when the role may not manage
// deputies; an externally managed level read-only), keyboard-only use, and HTML in a
// customer's name and a forwarding comment staying text. axe-core checks every desk in
// every state.

import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import AxeBuilder from "@axe-core/playwright";
import { request, type Browser, type Locator, type Page } from "@playwright/test";
import { expect, test, V4, type Demo } from "./fixtures";
import { type AgentDesk, agentAtDesk, announced, DESK, openConversation, openDesk, QUEUE, queueItem, signIn } from "./desk";
import { TEXT, conversationWithAnnaAway, openVisitor, prompt, status, write } from "./widget";

/** The deputies editor's English texts (baton-core's `text.rs`). */
const DEPUTIES = {
  title: "Your deputies",
  level: (n: number) => `Level ${n} deputies`,
  choose: (level: string) => `Add to ${level}`,
  agents: "Agents",
  team: "A team",
  add: "Add",
  moveUp: (name: string) => `Move ${name} up`,
  moveDown: (name: string) => `Move ${name} down`,
  remove: (name: string) => `Remove ${name}`,
  save: "Save deputies",
  saved: "Your deputies have been saved.",
  unsaved: "You have unsaved changes.",
  nothingChosen: "Choose an agent or team first.",
};
const LATER_MESSAGE = "Thank you for your message. A deputy of your advisor will get back to you later.";

/** The demo's deputies of Anna, restored after a test changed them. */
const ANNAS_DEPUTIES = {
  agentUserId: "anna.advisor",
  assistants: [{ type: "AGENT", id: "ben.assistant" }],
  level1: [{ type: "AGENT", id: "clara.deputy" }],
  level2: [{ type: "TEAM", id: "advisory" }],
  level3: [],
};

/** axe-core on a desk of any page (the `axe` fixture checks the test's own page only). */
async function axeDesk(page: Page) {
  const results = await new AxeBuilder({ page }).include("baton-agent-desk").analyze();
  expect(
    results.violations.map((v) => `${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`),
    "axe-core violations",
  ).toEqual([]);
}

/** Presses Tab until `target` has focus (it must be reachable by keyboard within `max`). */
async function tabTo(page: Page, target: Locator, max = 80) {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => (el.getRootNode() as ShadowRoot).activeElement === el)) return;
    await page.keyboard.press("Tab");
  }
  await expect(target, "reachable with Tab").toBeFocused();
}

/** The agent `username` at a desk in `page` (the test's own page, which `axe` checks). */
async function deskIn(page: Page, username: string, name: string): Promise<AgentDesk> {
  const desk = await openDesk(page);
  await signIn(desk, username, name);
  return { username, page, desk };
}

/** Vera in the visitor widget of a context of her own, on `conversationId`. */
async function veraOn(browser: Browser, conversationId: string): Promise<Locator> {
  const page = await (await browser.newContext()).newPage();
  return openVisitor(page, conversationId);
}

/** Vera writes while Anna is away and accepts the deputy prompt. */
async function veraAsksForADeputy(widget: Locator) {
  await write(widget, "Hello Anna, I need help with a payment.");
  const question = prompt(widget);
  await question.getByRole("button", { name: TEXT.accept }).click();
  await expect(status(widget)).toHaveText(TEXT.asked(1));
}

/** The buttons the server offers `agent` for `conversationId` (its queue API). */
async function offeredLabels(demo: Demo, username: string, conversationId: string): Promise<string[]> {
  const agent = await demo.signInAgent(username);
  const response = await agent.request.get("/baton/v1/queue");
  const items = (await response.json()) as { conversation: { id: string }; availableActions: string[] }[];
  const item = items.find((i) => i.conversation.id === conversationId);
  expect(item, `${conversationId} in ${username}'s queue`).toBeDefined();
  return item!.availableActions.map((a) => QUEUE.actions[a]);
}

/** Vera's new conversation request to Anna (created by the administrator), as a bank's
 * site would open it: Anna is its recipient, Vera its context person. */
async function requestToAnna(demo: Demo, topic: string): Promise<unknown> {
  return demo.admin(`${V4}/conversations/create`, {
    topic,
    recipient: { type: "AGENT", id: "anna.advisor" },
    participants: [{ personId: "vera.visitor", participationType: "CONTEXT_PERSON" }],
  });
}

/** A GET or DELETE as the administrator (the `demo` fixture's `admin` only POSTs). */
async function adminCall(demo: Demo, method: "GET" | "DELETE", path: string): Promise<Response> {
  const password = process.env.BATON_E2E_ADMIN_PASSWORD as string;
  const response = await fetch(demo.url + path, {
    method,
    headers: { Authorization: "Basic " + Buffer.from(`admin:${password}`).toString("base64") },
  });
  expect(response.ok, `${method} ${path}: ${response.status}`).toBe(true);
  return response;
}

test("seed 001: Ben and Clara ignore, David accepts at level 2, becomes the assignee, and the request leaves every queue", async ({
  page,
  browser,
  demo,
  axe,
}) => {
  test.setTimeout(120_000);
  // Vera's request to Anna (seed 001's first case): Anna does not answer within the level 1
  // timeout (8 s here), so it goes to her assistant and her level 1 deputy.
  const topic = `Deputy story ${Date.now()}`;
  const { id: conversationId } = (await requestToAnna(demo, topic)) as { id: string };
  const [anna, ben, clara, vera] = await Promise.all([
    agentAtDesk(browser, "anna.advisor", "Anna Advisor"),
    agentAtDesk(browser, "ben.assistant", "Ben Assistant"),
    agentAtDesk(browser, "clara.deputy", "Clara Deputy"),
    veraOn(browser, conversationId),
  ]);
  const david = await deskIn(page, "david.deputy", "David Deputy");
  await axe("baton-agent-desk");

  // Level 1: the assistant and the level 1 deputy, with exactly the answers the server offers.
  await expect(queueItem(clara.desk, topic)).toBeVisible({ timeout: 15_000 });
  const offered = await offeredLabels(demo, "clara.deputy", conversationId);
  expect(offered.length).toBeGreaterThan(0);
  for (const agent of [ben, clara]) {
    const item = queueItem(agent.desk, topic);
    await expect(item.getByText(QUEUE.delegated("Anna Advisor", 1))).toBeVisible();
    await expect(item.getByText(QUEUE.customer("Vera Visitor"))).toBeVisible();
    await expect(item.getByRole("button")).toHaveText(offered);
    await axeDesk(agent.page);
  }
  await expect(queueItem(david.desk, topic)).toHaveCount(0);

  // Both ignore: the item stays in their queues, marked; the level's countdown ends at once.
  for (const agent of [ben, clara]) {
    const item = queueItem(agent.desk, topic);
    await item.getByRole("button", { name: QUEUE.actions.IGNORE }).click();
    await expect(announced(agent.desk)).toHaveText(QUEUE.ignored);
    await expect(item.getByText(QUEUE.youIgnored)).toBeVisible();
    await axeDesk(agent.page);
  }

  // Level 2: David, through the team Advisory.
  const davids = queueItem(david.desk, topic);
  await expect(davids.getByText(QUEUE.delegated("Anna Advisor", 2))).toBeVisible({ timeout: 15_000 });
  await axe("baton-agent-desk");

  // A double click sends one answer.
  const answers: string[] = [];
  page.on("request", (r) => {
    if (r.url().includes("/respond")) answers.push(r.url());
  });
  await davids.getByRole("button", { name: QUEUE.actions.ACCEPT }).dblclick();
  await expect(announced(david.desk)).toHaveText(QUEUE.accepted);
  expect(answers).toHaveLength(1);
  // He is the assignee: his desk opens the conversation assigned to him, the server agrees.
  await expect(david.desk.getByRole("heading", { name: topic, level: 3 })).toBeVisible();
  await expect(david.desk.getByText(DESK.assignedTo("David Deputy"))).toBeVisible();
  await expect(davids).toHaveCount(0);
  const read = (await (await adminCall(demo, "GET", `${V4}/conversations/${conversationId}/read`)).json()) as {
    participants: { personId: string; participationType: string }[];
  };
  expect(read.participants.find((p) => p.participationType === "ASSIGNED_AGENT")?.personId).toBe("david.deputy");
  await axe("baton-agent-desk");

  // Vera sees him join; the request left every other queue.
  await expect(vera.getByRole("list", { name: TEXT.present })).toContainText("David Deputy");
  for (const agent of [anna, ben, clara]) {
    await expect(queueItem(agent.desk, topic), `${agent.username}'s queue`).toHaveCount(0);
    await axeDesk(agent.page);
  }
});

test("a prompted deputy joins Vera's conversation with Anna, and Vera is told who joined", async ({
  page,
  browser,
  demo,
}) => {
  test.setTimeout(60_000);
  // The prompt's case: Vera's long-running conversation stays Anna's; the deputy who accepts
  // joins it (baton-core's rule for prompted deputies), and the widget names him.
  const topic = `Prompted deputy ${Date.now()}`;
  const conversationId = await conversationWithAnnaAway(demo, topic);
  const vera = await veraOn(browser, conversationId);
  const clara = await deskIn(page, "clara.deputy", "Clara Deputy");
  await veraAsksForADeputy(vera);
  const item = queueItem(clara.desk, topic);
  await expect(item.getByText(QUEUE.delegated("Anna Advisor", 1))).toBeVisible();
  await item.getByRole("button", { name: QUEUE.actions.ACCEPT }).click();
  await expect(announced(clara.desk)).toHaveText(QUEUE.accepted);
  await expect(clara.desk.getByRole("list", { name: TEXT.present })).toContainText("Clara Deputy");
  await expect(status(vera)).toHaveText(TEXT.joined("Clara Deputy"));
});

test("a deputy declines a request: it is unassigned, nobody can accept it, a stale desk is told so on the item", async ({
  page,
  browser,
  demo,
  axe,
}) => {
  test.setTimeout(60_000);
  // Vera's request to Anna (seed 001's first case): Anna does not answer within the level 1
  // timeout, so it goes to her assistant and level 1 deputy.
  const topic = `Deputy declines ${Date.now()}`;
  const created = (await requestToAnna(demo, topic)) as { id: string };
  // Ben's desk hears nothing live (its event feed is cut), so it still shows the request
  // after Clara declined it.
  const benContext = await browser.newContext();
  await benContext.route("**/baton/v1/events", (route) => route.abort());
  const benPage = await benContext.newPage();
  const benDesk = await openDesk(benPage);
  await signIn(benDesk, "ben.assistant", "Ben Assistant");
  const clara = await deskIn(page, "clara.deputy", "Clara Deputy");

  const claras = queueItem(clara.desk, topic);
  await expect(claras.getByText(QUEUE.delegated("Anna Advisor", 1))).toBeVisible({ timeout: 15_000 });
  await benPage.reload();
  const bens = queueItem(benPage.locator("baton-agent-desk"), topic);
  await expect(bens).toBeVisible();

  await claras.getByRole("button", { name: QUEUE.actions.DECLINE }).click();
  await expect(announced(clara.desk)).toHaveText(QUEUE.declined);
  await expect(claras).toHaveCount(0);
  await axe("baton-agent-desk");
  const conversation = (await (await adminCall(demo, "GET", `${V4}/conversations/${created.id}/read`)).json()) as {
    state: string;
  };
  expect(conversation.state).toBe("UNASSIGNED");

  await bens.getByRole("button", { name: QUEUE.actions.ACCEPT }).click();
  await expect(bens.getByRole("alert")).toHaveText(QUEUE.alreadyAnswered);
  await expect(bens).toHaveAttribute("aria-describedby", /.+/);
  await axeDesk(benPage);
  await bens.getByRole("button", { name: DESK.close }).click();
  await expect(bens).toHaveCount(0);
  await benContext.close();
});

test("Later: the deputy takes the request and Vera is told someone will get back to her", async ({
  page,
  browser,
  demo,
  axe,
}) => {
  const topic = `Deputy later ${Date.now()}`;
  const conversationId = await conversationWithAnnaAway(demo, topic);
  const vera = await veraOn(browser, conversationId);
  const clara = await deskIn(page, "clara.deputy", "Clara Deputy");
  await veraAsksForADeputy(vera);
  const item = queueItem(clara.desk, topic);
  await item.getByRole("button", { name: QUEUE.actions.LATER }).click();
  await expect(announced(clara.desk)).toHaveText(QUEUE.laterSent);
  await expect(item).toHaveCount(0);
  await axe("baton-agent-desk");
  await expect(vera.locator(".baton-message-text").filter({ hasText: LATER_MESSAGE })).toBeVisible();
});

test("nobody answers: the unanswered webhook reaches the bank, and the request stays in every queue", async ({
  page,
  browser,
  demo,
  axe,
}) => {
  test.setTimeout(120_000);
  const received: { event: string; body: { conversation?: { id: string } } }[] = [];
  const receiver = createServer((request: IncomingMessage, response) => {
    let body = "";
    request.on("data", (chunk) => (body += chunk));
    request.on("end", () => {
      received.push({ event: String(request.headers["x-unblu-event"]), body: JSON.parse(body || "{}") });
      response.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  const port = (receiver.address() as AddressInfo).port;
  const registration = (await demo.admin(`${V4}/webhookregistrations/create`, {
    name: `unanswered ${Date.now()}`,
    endpoint: `http://127.0.0.1:${port}/hooks`,
    events: ["assignment_request.unanswered"],
  })) as { id: string };
  try {
    const topic = `Nobody answers ${Date.now()}`;
    const conversationId = await conversationWithAnnaAway(demo, topic);
    const vera = await veraOn(browser, conversationId);
    const [ben, clara] = await Promise.all([
      agentAtDesk(browser, "ben.assistant", "Ben Assistant"),
      agentAtDesk(browser, "clara.deputy", "Clara Deputy"),
    ]);
    const david = await deskIn(page, "david.deputy", "David Deputy");
    await veraAsksForADeputy(vera);

    await expect
      .poll(
        () =>
          received.some(
            (r) => r.event === "assignment_request.unanswered" && r.body.conversation?.id === conversationId,
          ),
        { timeout: 80_000, message: "assignment_request.unanswered for the conversation" },
      )
      .toBe(true);
    for (const agent of [ben, clara, david]) {
      await expect(queueItem(agent.desk, topic), `${agent.username}'s queue`).toBeVisible();
    }
    await axe("baton-agent-desk");
    // Still answerable: David takes it.
    await queueItem(david.desk, topic).getByRole("button", { name: QUEUE.actions.ACCEPT }).click();
    await expect(announced(david.desk)).toHaveText(QUEUE.accepted);
    await expect(status(vera)).toHaveText(TEXT.joined("David Deputy"));
  } finally {
    await adminCall(demo, "DELETE", `${V4}/webhookregistrations/${registration.id}/delete`);
    receiver.close();
  }
});

test("keyboard only: a forwarding with an HTML comment is answered, its comment and an HTML customer name stay text", async ({
  page,
  demo,
  axe,
}) => {
  // A customer whose name is HTML, signed in by the demo bank, writing to Anna (away).
  const customerName = `<img src=x onerror=alert(1)>Mallory ${Date.now()}`;
  const bank = (await (
    await fetch(`${demo.url}/demo/bank/token`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ username: customerName }),
    })
  ).json()) as unknown;
  const customer = await request.newContext({ baseURL: demo.url });
  const login = await customer.post(`${V4}/authenticator/loginWithSecureToken`, {
    data: bank,
  });
  expect(login.ok(), `loginWithSecureToken: ${login.status()}`).toBe(true);
  const session = (await (await customer.get("/baton/v1/session")).json()) as {
    personId: string;
    csrfToken: string;
  };
  const headers = { "X-CSRF-Token": session.csrfToken };
  const htmlTopic = `HTML customer ${Date.now()}`;
  const htmlConversation = await demo.createConversation({ visitor: session.personId, topic: htmlTopic });
  await demo.admin(`${V4}/persons/anna.advisor/setAway`, { away: true });
  const posted = await customer.post(`/baton/v1/conversations/${htmlConversation}/messages`, {
    headers,
    data: { text: "Hello?" },
  });
  expect(posted.ok(), `message: ${posted.status()}`).toBe(true);
  let promptId = "";
  await expect
    .poll(async () => {
      const open = await customer.get(`/baton/v1/conversations/${htmlConversation}/prompt`);
      const body = open.ok() ? ((await open.json()) as { promptId?: string } | null) : null;
      promptId = body?.promptId ?? "";
      return promptId;
    })
    .not.toBe("");
  const answered = await customer.post(`/baton/v1/conversations/${htmlConversation}/prompt`, {
    headers,
    data: { promptId, accept: true },
  });
  expect(answered.ok(), `prompt answer: ${answered.status()}`).toBe(true);

  // Anna forwards another conversation to Clara with an HTML comment.
  const comment = "<b>urgent</b> <img src=x onerror=alert(2)>";
  const forwardTopic = `Forwarded ${Date.now()}`;
  const forwarded = await demo.createConversation({ topic: forwardTopic });
  const anna = await demo.signInAgent("anna.advisor");
  await anna.post(`${V4}/invitations/forwardConversationToAgent`, {
    conversationId: forwarded,
    agentPersonId: "clara.deputy",
    comment,
  });

  const clara = await deskIn(page, "clara.deputy", "Clara Deputy");
  const delegated = queueItem(clara.desk, htmlTopic);
  await expect(delegated.getByText(QUEUE.customer(customerName))).toBeVisible();
  const forwarding = queueItem(clara.desk, forwardTopic);
  await expect(forwarding.getByText(QUEUE.forwarded("Anna Advisor"))).toBeVisible();
  await expect(forwarding.getByText(QUEUE.comment(comment))).toBeVisible();
  await expect(clara.desk.locator(".baton-queue img, .baton-queue b")).toHaveCount(0);
  await axe("baton-agent-desk");

  // Keyboard only: Tab to the forwarding's Accept and press Enter.
  const accept = forwarding.getByRole("button", { name: QUEUE.actions.ACCEPT });
  await tabTo(page, accept);
  await page.keyboard.press("Enter");
  await expect(announced(clara.desk)).toHaveText(QUEUE.accepted);
  await expect(clara.desk.getByRole("heading", { name: forwardTopic, level: 3 })).toBeVisible();
  await expect(clara.desk.getByText(DESK.assignedTo("Clara Deputy"))).toBeVisible();
  // Focus stays in the queue, not lost to the page.
  await expect(clara.desk.getByRole("heading", { name: QUEUE.title })).toBeFocused();
  await axe("baton-agent-desk");

  // And the HTML customer's request is declined by keyboard.
  await tabTo(page, delegated.getByRole("button", { name: QUEUE.actions.DECLINE }));
  await page.keyboard.press("Enter");
  await expect(announced(clara.desk)).toHaveText(QUEUE.declined);
  await expect(delegated).toHaveCount(0);
  await customer.dispose();
});

test("the deputies editor: Anna adds, reorders and removes deputies by keyboard, saves, and a reload shows them", async ({
  page,
  demo,
  axe,
}) => {
  try {
    const anna = await deskIn(page, "anna.advisor", "Anna Advisor");
    const editor = anna.desk.getByRole("region", { name: DEPUTIES.title });
    const level1 = editor.getByRole("group", { name: DEPUTIES.level(1) });
    await expect(level1.getByRole("listitem")).toHaveText([/^Clara Deputy/]);
    await expect(editor.getByRole("group", { name: DEPUTIES.level(2) }).getByRole("listitem")).toHaveText([
      /^Advisory \(team\)/,
    ]);
    await axe("baton-agent-desk");

    // The add dialog offers neither Anna herself nor who is on the level already; Add with
    // nothing chosen says so next to the search and changes nothing.
    const open = level1.getByRole("button", { name: DEPUTIES.choose(DEPUTIES.level(1)) });
    await open.click();
    const adding = anna.desk.getByRole("dialog", { name: DEPUTIES.choose(DEPUTIES.level(1)) });
    const agents = adding.getByRole("group", { name: DEPUTIES.agents, exact: true });
    const add = adding.getByRole("button", { name: DEPUTIES.add, exact: true });
    await expect(agents.getByRole("radio", { name: /^David Deputy/ })).toBeVisible();
    await expect(agents.getByRole("radio", { name: /^Clara Deputy/ })).toHaveCount(0);
    await expect(agents.getByRole("radio", { name: /^Anna Advisor/ })).toHaveCount(0);
    await add.click();
    await expect(adding.getByRole("alert")).toHaveText(DEPUTIES.nothingChosen);
    await expect(adding.getByRole("searchbox")).toHaveAttribute("aria-invalid", "true");
    await axe("baton-agent-desk");

    // A team: it joins the level marked as a team; removing it gives focus to the add button.
    await adding.getByRole("radio", { name: DEPUTIES.team, exact: true }).check();
    await adding.getByRole("radio", { name: /^Advisory/ }).check();
    await add.click();
    await expect(adding).toBeHidden();
    await expect(open).toBeFocused();
    await expect(level1.getByRole("listitem")).toHaveText([/^Clara Deputy/, /^Advisory \(team\)/]);
    await level1.getByRole("button", { name: DEPUTIES.remove("Advisory (team)") }).click();
    await expect(open).toBeFocused();
    await expect(level1.getByRole("listitem")).toHaveText([/^Clara Deputy/]);

    // Keyboard only: Enter opens with the search focused, type "David", Tab to him, Space
    // chooses him, Tab past Cancel to Add, Enter; focus is back on the add button.
    await page.keyboard.press("Enter");
    await expect(adding).toBeVisible();
    await expect(adding.getByRole("searchbox")).toBeFocused();
    await page.keyboard.type("David");
    await expect(agents.getByRole("radio")).toHaveCount(1);
    await page.keyboard.press("Tab");
    await page.keyboard.press("Space");
    await expect(agents.getByRole("radio", { name: /^David Deputy/ })).toBeChecked();
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    await expect(add).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(adding).toBeHidden();
    await expect(open).toBeFocused();
    await expect(level1.getByRole("listitem")).toHaveText([/^Clara Deputy/, /^David Deputy/]);
    await expect(editor.getByText(DEPUTIES.unsaved)).toBeVisible();
    const up = level1.getByRole("button", { name: DEPUTIES.moveUp("David Deputy") });
    await tabTo(page, up);
    await page.keyboard.press("Enter");
    await expect(level1.getByRole("listitem")).toHaveText([/^David Deputy/, /^Clara Deputy/]);
    await expect(up).toBeFocused();
    await expect(up).toHaveAttribute("aria-disabled", "true");
    await axe("baton-agent-desk");
    const save = editor.getByRole("button", { name: DEPUTIES.save });
    await tabTo(page, save);
    await page.keyboard.press("Enter");
    await expect(announced(anna.desk)).toHaveText(DEPUTIES.saved);
    await expect(editor.getByText(DEPUTIES.unsaved)).toHaveCount(0);

    await page.reload();
    const reloaded = page.locator("baton-agent-desk").getByRole("region", { name: DEPUTIES.title });
    const level1Again = reloaded.getByRole("group", { name: DEPUTIES.level(1) });
    await expect(level1Again.getByRole("listitem")).toHaveText([/^David Deputy/, /^Clara Deputy/]);

    // Remove David (focus moves to the level's add button), save, reload.
    await level1Again.getByRole("button", { name: DEPUTIES.remove("David Deputy") }).click();
    await expect(level1Again.getByRole("button", { name: DEPUTIES.choose(DEPUTIES.level(1)) })).toBeFocused();
    await expect(level1Again.getByRole("listitem")).toHaveText([/^Clara Deputy/]);
    await reloaded.getByRole("button", { name: DEPUTIES.save }).click();
    await expect(announced(page.locator("baton-agent-desk"))).toHaveText(DEPUTIES.saved);
    await page.reload();
    await expect(
      page
        .locator("baton-agent-desk")
        .getByRole("region", { name: DEPUTIES.title })
        .getByRole("group", { name: DEPUTIES.level(1) })
        .getByRole("listitem"),
    ).toHaveText([/^Clara Deputy/]);
    await axe("baton-agent-desk");
  } finally {
    await demo.admin(`${V4}/deputyrelationships/writeAgentDeputies`, ANNAS_DEPUTIES);
  }
});

// Every agent role reaches the e2e server's deputyRelationshipsMinimalRole (REGISTERED_USER,
// the lowest an agent can have), and the server configuration is shared by every test, so the
// rule itself is tested against the server in crates/baton-server/tests/deputies.rs. Here the
// desk gets the server's answer for such an agent, and for an externally managed level.
test("the editor is hidden when the server says the role may not manage deputies, and an external level is read-only", async ({
  page,
  axe,
}) => {
  let settings: Record<string, unknown> = {};
  await page.route("**/baton/v1/deputies/settings", async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, json: { ...(await response.json()), ...settings } });
  });
  settings = { mayManage: false, minimalRole: "SUPERVISOR" };
  const anna = await deskIn(page, "anna.advisor", "Anna Advisor");
  await expect(anna.desk.getByRole("region", { name: QUEUE.title })).toBeVisible();
  await expect(anna.desk.getByRole("region", { name: DEPUTIES.title })).toHaveCount(0);
  await axe("baton-agent-desk");

  settings = { externallyManagedLevels: ["LEVEL_2"] };
  await page.reload();
  const editor = page.locator("baton-agent-desk").getByRole("region", { name: DEPUTIES.title });
  const level2 = editor.getByRole("group", { name: DEPUTIES.level(2) });
  await expect(level2.getByText("Managed by another system: read only.")).toBeVisible();
  await expect(level2.getByRole("listitem")).toHaveText(["Advisory (team)"]);
  await expect(level2.getByRole("button")).toHaveCount(0);
  await expect(
    editor.getByRole("group", { name: DEPUTIES.level(1) }).getByRole("button", { name: DEPUTIES.choose(DEPUTIES.level(1)) }),
  ).toBeVisible();
  await axe("baton-agent-desk");
});
