// Idempotent retries in real Chromium against the real server (issue 12, item 5): the
// connection is cut after the server recorded the visitor's message, so the browser sees a
// network failure; the widget's client sends the message again with the same
// `Idempotency-Key`, the server answers the first answer, and the message exists once, for
// the visitor and for the agent. The next message is a new user action with a new key.

import { expect, test } from "./fixtures";
import { openVisitor, write } from "./widget";

test("the widget's send, retried after the connection is cut, records one message", async ({
  page,
  demo,
}) => {
  const conversationId = await demo.createConversation({ topic: "Flaky connection" });
  const widget = await openVisitor(page, conversationId);
  const messages = `/baton/v1/conversations/${conversationId}/messages`;

  const keys: string[] = [];
  let cut = false;
  await page.route(
    (url) => url.pathname === messages,
    async (route) => {
      const request = route.request();
      if (request.method() !== "POST") return route.continue();
      keys.push((await request.headerValue("idempotency-key")) ?? "");
      if (cut) return route.continue();
      cut = true;
      // The request reaches the server, which records the message and answers...
      const answer = await route.fetch();
      expect(answer.status(), "the first attempt is recorded").toBe(201);
      // ...and the answer never reaches the browser.
      return route.abort("connectionreset");
    },
  );

  const text = "Sent on a flaky connection";
  // The first attempt gets no response at all; the first response is the retry's. (The
  // feed may show the message before it: the server recorded it at the first attempt.)
  const retried = page.waitForResponse(
    (r) => new URL(r.url()).pathname === messages && r.request().method() === "POST",
  );
  await write(widget, text);
  expect((await retried).status(), "the retry gets the first answer").toBe(201);
  expect(keys, "one retry").toHaveLength(2);
  expect(keys[0]).toMatch(/^"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"$/);
  expect(keys[1], "the retry reuses the key").toBe(keys[0]);

  const anna = await demo.signInAgent("anna.advisor");
  const recorded = async (wanted: string) => {
    const response = await anna.request.get(messages);
    expect(response.ok(), `Anna reads the messages: ${response.status()}`).toBe(true);
    const list = (await response.json()) as { text: string }[];
    return list.filter((message) => message.text === wanted).length;
  };
  expect(await recorded(text), "Anna sees the message once").toBe(1);
  await expect(widget.locator(".baton-message-text").filter({ hasText: text })).toHaveCount(1);

  // The next message is another user action: a new key, sent once.
  const next = "And this one on a good connection";
  await write(widget, next);
  expect(keys).toHaveLength(3);
  expect(keys[2]).not.toBe(keys[0]);
  expect(await recorded(next)).toBe(1);
  // The visitor's list, reloaded after the second message, still holds the first once.
  await expect(widget.locator(".baton-message-text").filter({ hasText: text })).toHaveCount(1);
});
