// Presence that follows the desk (issue 16): Anna's open desk makes her available, and the
// desk's Available / Away switch (keyboard, announced, axe clean) is her own choice on top:
// away, Vera's next message offers her "Invite a deputy?"; available again, the server says so.

import { expect, test, V4, type Demo } from "./fixtures";
import { openDesk, signIn } from "./desk";
import { openVisitor, prompt, TEXT, write } from "./widget";

/** The switch's and its announcements' English texts (baton-core's `text.rs`). */
const PRESENCE = {
  available: "Available",
  nowAvailable: "You are available: customers' messages reach you.",
  nowAway: "You are away: your customers are offered your deputies.",
};

/** What the server says of Anna's availability. */
async function annasAvailability(demo: Demo): Promise<string> {
  const password = process.env.BATON_E2E_ADMIN_PASSWORD as string;
  const response = await fetch(`${demo.url}${V4}/availability/getAgentAvailability?userId=anna.advisor`, {
    headers: { Authorization: "Basic " + Buffer.from(`admin:${password}`).toString("base64") },
  });
  expect(response.ok).toBe(true);
  return ((await response.json()) as { availabilityState: string }).availabilityState;
}

test("Anna's desk makes her available; her switch sets her away by keyboard, and Vera is offered a deputy", async ({
  page,
  browser,
  demo,
  axe,
}) => {
  // Whatever earlier journeys chose for her, she starts available.
  await demo.admin(`${V4}/persons/anna.advisor/setAway`, { away: false });
  const desk = await openDesk(page);
  await signIn(desk, "anna.advisor", "Anna Advisor");
  const presence = desk.getByRole("switch", { name: PRESENCE.available });
  await expect(presence).toHaveAttribute("aria-checked", "true");
  await axe("baton-agent-desk");

  // Away, by keyboard: announced, and the server agrees.
  await presence.focus();
  await page.keyboard.press("Space");
  await expect(presence).toHaveAttribute("aria-checked", "false");
  await expect(desk.locator(".baton-desk > .baton-status")).toHaveText(PRESENCE.nowAway);
  await expect.poll(() => annasAvailability(demo)).toBe("BUSY");
  await axe("baton-agent-desk");

  // Vera writes to Anna and is offered a deputy.
  const conversationId = await demo.createConversation({ topic: `Presence ${Date.now()}` });
  const vera = await openVisitor(await (await browser.newContext()).newPage(), conversationId);
  await write(vera, "Hello Anna, are you there?");
  await expect(prompt(vera)).toBeVisible();
  await expect(prompt(vera)).toContainText(TEXT.question);

  // Available again, with Enter.
  await presence.focus();
  await page.keyboard.press("Enter");
  await expect(presence).toHaveAttribute("aria-checked", "true");
  await expect(desk.locator(".baton-desk > .baton-status")).toHaveText(PRESENCE.nowAvailable);
  await expect.poll(() => annasAvailability(demo)).toBe("AVAILABLE");
});
