// Seed 001 across instances (issue 15): two baton-server instances on one PostgreSQL database,
// as a bank runs them behind a load balancer without sticky sessions. Vera's widget talks to
// one instance, the deputies' desks to the other; what either records reaches the other's
// state and event streams through the shared log. Vera's request to Anna goes unanswered,
// Ben (assistant) and Clara (level 1) see it in their queues on the other instance and ignore
// it, David (level 2, team Advisory) accepts: he becomes the assignee, the request leaves
// every queue, and Vera, on her instance, sees him join.
//
// `cargo xtask test` (step e2e) starts the instances and sets BATON_E2E_INSTANCES (their two
// base URLs) and BATON_E2E_INSTANCES_ADMIN_PASSWORD.

import { expect, test, V4 } from "./fixtures";
import { agentAtDesk, announced, DESK, QUEUE, queueItem } from "./desk";
import { openVisitor, TEXT } from "./widget";

/** The two instances' base URLs: Vera's, and the desks'. */
function instances(): [string, string] {
  const urls = (process.env.BATON_E2E_INSTANCES ?? "").split(" ").filter(Boolean);
  if (urls.length !== 2) {
    throw new Error("BATON_E2E_INSTANCES is not set: run the e2e tests with `cargo xtask test`");
  }
  return [urls[0], urls[1]];
}

/** A call to the web API as the instances' administrator, on the instance at `base`. */
async function admin(base: string, method: "GET" | "POST", path: string, body?: unknown): Promise<unknown> {
  const password = process.env.BATON_E2E_INSTANCES_ADMIN_PASSWORD as string;
  const response = await fetch(base + path, {
    method,
    headers: {
      Authorization: "Basic " + Buffer.from(`admin:${password}`).toString("base64"),
      "Content-Type": "application/json",
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(response.ok, `${method} ${path} on ${base}: ${response.status}`).toBe(true);
  return response.json();
}

test("seed 001 across two instances: Vera on one, the deputies' desks on the other, David accepts at level 2", async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const [veras, desks] = instances();
  // Both instances are ready at the same log position before the story starts.
  for (const base of [veras, desks]) {
    expect((await fetch(`${base}/readyz`)).status, `${base}/readyz`).toBe(200);
  }

  // The request is made on Vera's instance, as the bank's site would.
  const topic = `Deputy story across instances ${Date.now()}`;
  const { id: conversationId } = (await admin(veras, "POST", `${V4}/conversations/create`, {
    topic,
    recipient: { type: "AGENT", id: "anna.advisor" },
    participants: [{ personId: "vera.visitor", participationType: "CONTEXT_PERSON" }],
  })) as { id: string };
  const veraPage = await (await browser.newContext({ baseURL: veras })).newPage();
  const [anna, ben, clara, david, vera] = await Promise.all([
    agentAtDesk(browser, "anna.advisor", "Anna Advisor", desks),
    agentAtDesk(browser, "ben.assistant", "Ben Assistant", desks),
    agentAtDesk(browser, "clara.deputy", "Clara Deputy", desks),
    agentAtDesk(browser, "david.deputy", "David Deputy", desks),
    openVisitor(veraPage, conversationId),
  ]);

  // Level 1 on the desks' instance: the escalation recorded by whichever instance fired first
  // reaches Ben's and Clara's queues.
  for (const agent of [ben, clara]) {
    const item = queueItem(agent.desk, topic);
    await expect(item.getByText(QUEUE.delegated("Anna Advisor", 1))).toBeVisible({ timeout: 15_000 });
    await expect(item.getByText(QUEUE.customer("Vera Visitor"))).toBeVisible();
  }
  await expect(queueItem(david.desk, topic)).toHaveCount(0);
  for (const agent of [ben, clara]) {
    await queueItem(agent.desk, topic).getByRole("button", { name: QUEUE.actions.IGNORE }).click();
    await expect(announced(agent.desk)).toHaveText(QUEUE.ignored);
  }

  // Level 2: David, through the team Advisory, accepts.
  const davids = queueItem(david.desk, topic);
  await expect(davids.getByText(QUEUE.delegated("Anna Advisor", 2))).toBeVisible({ timeout: 15_000 });
  await davids.getByRole("button", { name: QUEUE.actions.ACCEPT }).click();
  await expect(announced(david.desk)).toHaveText(QUEUE.accepted);
  await expect(david.desk.getByText(DESK.assignedTo("David Deputy"))).toBeVisible();

  // Vera's instance has it: her widget shows him, and its API names him the assignee.
  await expect(vera.getByRole("list", { name: TEXT.present })).toContainText("David Deputy");
  const read = (await admin(veras, "GET", `${V4}/conversations/${conversationId}/read`)) as {
    participants: { personId: string; participationType: string }[];
  };
  expect(read.participants.find((p) => p.participationType === "ASSIGNED_AGENT")?.personId).toBe("david.deputy");
  for (const agent of [anna, ben, clara]) {
    await expect(queueItem(agent.desk, topic), `${agent.username}'s queue`).toHaveCount(0);
  }
});
