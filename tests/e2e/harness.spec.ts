// The harness itself, before any widget: the `demo` fixture signs an agent in and sets up a
// conversation through the API, and an e-mail invitation travels from baton-server through
// lettre to the run's SMTP receiver, where the `smtp` fixture finds it with its join link.

import { expect, test, V4 } from "./fixtures";

test("an e-mail invitation reaches the SMTP receiver with a link to /join.html", async ({
  demo,
  smtp,
}) => {
  const conversationId = await demo.createConversation({ topic: "Mortgage renewal" });
  const anna = await demo.signInAgent("anna.advisor");
  const to = smtp.address("walter");
  await anna.post(`${V4}/invitations/inviteAnonymousVisitorToConversationWithEmail`, {
    conversationId,
    email: to,
    nickname: "Walter",
  });

  const mail = await smtp.waitFor(to);
  expect(mail.to).toEqual([to]);
  expect(mail.subject).not.toBe("");
  const join = mail.links.find((link) => link.startsWith(`${demo.url}/join.html#`));
  expect(join, mail.text).toBeDefined();
  const fragment = new URLSearchParams(new URL(join as string).hash.slice(1));
  expect(fragment.get("invitation")).toBeTruthy();
  expect(fragment.get("token")).toBeTruthy();
  expect(smtp.received().map((m) => m.to)).toEqual([[to]]);
});
