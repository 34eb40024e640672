// The agent desk itself: signing in (a refusal is shown next to the form and changes
// nothing), the agent's conversations, opening one with who is assigned and who is hidden,
// writing in it, signing out; changing one's password and signing out everywhere; keyboard
// only, and no axe violation in any of these states.

import { expect, test } from "./fixtures";
import { DESK, agentAtDesk, openConversation, openDesk, signIn } from "./desk";

test("an agent signs in, opens a conversation, writes, and signs out", async ({ page, demo, axe }) => {
  const topic = `Desk ${Date.now()}`;
  await demo.createConversation({ topic });
  const desk = await openDesk(page);
  await axe("baton-agent-desk");

  await desk.getByRole("textbox", { name: DESK.username }).fill("anna.advisor");
  await desk.getByLabel(DESK.password).fill("wrong");
  await desk.getByRole("button", { name: DESK.signIn }).click();
  await expect(desk.getByRole("alert")).toHaveText(DESK.refused);
  await expect(desk.getByLabel(DESK.password)).toHaveAttribute("aria-invalid", "true");
  await axe("baton-agent-desk");

  await signIn(desk, "anna.advisor", "Anna Advisor");
  await openConversation(desk, topic);
  await expect(desk.getByText(DESK.assignedTo("Anna Advisor"))).toBeVisible();
  await axe("baton-agent-desk");

  await desk.getByRole("textbox", { name: "Message" }).fill("<img src=x onerror=alert(1)> Hello Vera");
  await desk.getByRole("button", { name: "Send" }).click();
  await expect(
    desk.locator(".baton-message-text").filter({ hasText: "<img src=x onerror=alert(1)> Hello Vera" }),
  ).toBeVisible();
  await expect(desk.locator(".baton-message-text img")).toHaveCount(0);

  await desk.getByRole("button", { name: DESK.signOut, exact: true }).click();
  await expect(desk.getByRole("textbox", { name: DESK.username })).toBeVisible();
  // Reloading does not sign Anna back in: the session ended on the server.
  await page.reload();
  await expect(page.locator("baton-agent-desk").getByRole("textbox", { name: DESK.username })).toBeVisible();
});

test("a signed-in agent's session survives a reload", async ({ page }) => {
  const desk = await openDesk(page);
  await signIn(desk, "ben.assistant", "Ben Assistant");
  await page.reload();
  await expect(page.locator("baton-agent-desk").getByText(DESK.signedInAs("Ben Assistant"))).toBeVisible();
});

test("the sign-in form works with the keyboard alone", async ({ page }) => {
  const desk = await openDesk(page);
  await desk.getByRole("textbox", { name: DESK.username }).focus();
  await page.keyboard.type("clara.deputy");
  await page.keyboard.press("Tab");
  await page.keyboard.type("clara");
  await page.keyboard.press("Enter");
  await expect(desk.getByText(DESK.signedInAs("Clara Deputy"))).toBeVisible();
});

test("an agent changes their password, which ends every session of theirs, and signs out everywhere", async ({
  browser,
  page,
  demo,
  axe,
}) => {
  // An agent of their own, so that no other test meets the changed password.
  const username = `paula.${Date.now()}`;
  await demo.admin("/app/rest/v4/users/createWithPassword", {
    $_type: "UserPasswordContainer",
    user: {
      $_type: "User",
      accountId: "helvetia-private-bank",
      username,
      email: `${username}@helvetia.example`,
      authorizationRole: "REGISTERED_USER",
      firstName: "Paula",
      lastName: "Password",
    },
    password: "paula",
  });
  const desk = await openDesk(page);
  await signIn(desk, username, "Paula Password");
  const elsewhere = await agentAtDesk(browser, username, "Paula Password");

  await desk.getByRole("button", { name: DESK.changePassword }).click();
  const dialog = desk.getByRole("dialog", { name: DESK.changePassword });
  await dialog.getByLabel(DESK.currentPassword).fill("not paula");
  await dialog.getByLabel(DESK.newPassword).fill("a new passphrase");
  await dialog.getByRole("button", { name: DESK.changePassword }).click();
  await expect(dialog.getByRole("alert")).toHaveText(DESK.currentPasswordWrong);
  await expect(dialog.getByLabel(DESK.currentPassword)).toHaveAttribute("aria-invalid", "true");
  await axe("baton-agent-desk");

  await dialog.getByLabel(DESK.currentPassword).fill("paula");
  await page.keyboard.press("Enter");
  await expect(desk.getByRole("status")).toHaveText(DESK.passwordChanged);
  await expect(desk.getByRole("textbox", { name: DESK.username })).toBeVisible();
  // The other desk's session ended with the change: a reload finds it signed out.
  await elsewhere.page.reload();
  await expect(elsewhere.page.locator("baton-agent-desk").getByRole("textbox", { name: DESK.username })).toBeVisible();

  await desk.getByRole("textbox", { name: DESK.username }).fill(username);
  await desk.getByLabel(DESK.password).fill("paula");
  await desk.getByRole("button", { name: DESK.signIn }).click();
  await expect(desk.getByRole("alert")).toHaveText(DESK.refused);
  await signIn(desk, username, "Paula Password", "a new passphrase");
  await signIn(elsewhere.desk, username, "Paula Password", "a new passphrase");

  await desk.getByRole("button", { name: DESK.signOutEverywhere }).click();
  await expect(desk.getByRole("status")).toHaveText(DESK.signedOutEverywhere);
  await expect(desk.getByRole("textbox", { name: DESK.username })).toBeVisible();
  await elsewhere.page.reload();
  await expect(elsewhere.page.locator("baton-agent-desk").getByRole("textbox", { name: DESK.username })).toBeVisible();
  await axe("baton-agent-desk");
  await elsewhere.page.context().close();
});
