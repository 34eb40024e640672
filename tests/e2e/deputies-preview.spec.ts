// The deputies editor's preview, "who is asked when" (issue 18), against the real server with
// the short timers of tests/e2e/baton.toml (8 s per level, 16 s for the last): it names the
// demo's people in seed 001's order (assistants with level 1, team Advisory expanded to David,
// everyone only on the first level they appear on, empty levels skipped) and follows Anna's
// unsaved edits. Then seed 001's story (Vera writes while Anna is away and accepts the prompt):
// the people the server notifies, level by level, are those the preview named, in its order.
// Anna edits by keyboard only, an externally managed level is read-only in the preview too,
// and axe-core checks the desk with the preview in each state.

import type { Locator, Page } from "@playwright/test";
import { expect, test, V4, type Demo } from "./fixtures";
import { agentAtDesk, openDesk, QUEUE, queueItem, signIn } from "./desk";
import { TEXT, conversationWithAnnaAway, openVisitor, prompt, status, write } from "./widget";

/** The deputies editor's and its preview's English texts (baton-core's `text/desk.rs` and
 * `text/preview.rs`). */
const PREVIEW = {
  editor: "Your deputies",
  title: "Who is asked when",
  level: (n: number) => `Level ${n} deputies`,
  choose: (level: string) => `Add to ${level}`,
  agents: "Agents",
  add: "Add",
  moveUp: (name: string) => `Move ${name} up`,
  remove: (name: string) => `Remove ${name}`,
  unsaved: "You have unsaved changes.",
};

/** Anna's preview with the demo's deputies and the e2e timers. */
const ANNAS_STEPS = [
  "Now: you (Anna Advisor)",
  "After 8 s: Ben Assistant (assistant), Clara Deputy (level 1)",
  "After 16 s: David Deputy (level 2, team Advisory)",
  "After 24 s: nobody answered, the bank is told",
];

/** Anna at her desk in `page`, and her deputies editor and its preview. */
async function annasPreview(page: Page): Promise<{ desk: Locator; editor: Locator; preview: Locator }> {
  const desk = await openDesk(page);
  await signIn(desk, "anna.advisor", "Anna Advisor");
  const editor = desk.getByRole("region", { name: PREVIEW.editor });
  const preview = editor.getByRole("region", { name: PREVIEW.title });
  return { desk, editor, preview };
}

/** The preview's steps, in order. */
function steps(preview: Locator): Locator {
  return preview.getByRole("list").getByRole("listitem");
}

/** The people a step names, in order: "After 8 s: Ben Assistant (assistant), Clara Deputy
 * (level 1)" → ["Ben Assistant", "Clara Deputy"]. Each person's "(...)" ends with ")", the
 * commas between people follow it. */
function namesIn(step: string): string[] {
  const who = step.slice(step.indexOf(": ") + 2);
  return who
    .split(/\)(?:, |$)/)
    .filter((part) => part !== "")
    .map((part) => part.slice(0, part.lastIndexOf(" (")));
}

/** Presses Tab until `target` has focus (it must be reachable by keyboard within `max`). */
async function tabTo(page: Page, target: Locator, max = 120) {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => (el.getRootNode() as ShadowRoot).activeElement === el)) return;
    await page.keyboard.press("Tab");
  }
  await expect(target, "reachable with Tab").toBeFocused();
}

/** The people the server notified for `conversationId`, level by level, as Anna reads its
 * hand-off history, by display name. */
async function notifiedLevels(demo: Demo, conversationId: string, levels: number): Promise<string[][]> {
  const anna = await demo.signInAgent("anna.advisor");
  type Entry = { position: number; action: string; detail?: { deputies?: { person: string }[] } | null };
  let notified: string[][] = [];
  await expect
    .poll(
      async () => {
        const response = await anna.request.get(`/baton/v1/conversations/${encodeURIComponent(conversationId)}/history`);
        expect(response.ok(), `history: ${response.status()}`).toBe(true);
        const entries = ((await response.json()) as Entry[])
          .filter((e) => e.action === "DEPUTIES_NOTIFIED")
          .sort((a, b) => a.position - b.position);
        notified = entries.map((e) => (e.detail?.deputies ?? []).map((d) => d.person));
        return notified.length;
      },
      { message: `${levels} levels notified`, timeout: 30_000 },
    )
    .toBe(levels);
  const names = new Map<string, string>();
  for (const id of new Set(notified.flat())) {
    const person = (await (await anna.request.get(`${V4}/persons/${encodeURIComponent(id)}/read`)).json()) as {
      displayName: string;
    };
    names.set(id, person.displayName);
  }
  return notified.map((level) => level.map((id) => names.get(id) ?? id));
}

test("Anna's preview names the demo's people in the seed's order and follows her edits before she saves", async ({
  page,
  axe,
}) => {
  const { desk, editor, preview } = await annasPreview(page);
  await expect(preview.getByRole("heading", { name: PREVIEW.title })).toBeVisible();
  await expect(steps(preview)).toHaveText(ANNAS_STEPS);
  // Not a live region: the edits are heard where they are made.
  await expect(preview.locator("[aria-live], [role=status], [role=alert]")).toHaveCount(0);
  await axe("baton-agent-desk");

  // David on level 1 too: asked there, so level 2 (Advisory = David) asks nobody and is skipped.
  const level1 = editor.getByRole("group", { name: PREVIEW.level(1) });
  await level1.getByRole("button", { name: PREVIEW.choose(PREVIEW.level(1)) }).click();
  const adding = desk.getByRole("dialog", { name: PREVIEW.choose(PREVIEW.level(1)) });
  await adding
    .getByRole("group", { name: PREVIEW.agents, exact: true })
    .getByRole("radio", { name: /^David Deputy/ })
    .check();
  await adding.getByRole("button", { name: PREVIEW.add, exact: true }).click();
  await expect(adding).toBeHidden();
  await expect(editor.getByText(PREVIEW.unsaved)).toBeVisible();
  await expect(steps(preview)).toHaveText([
    ANNAS_STEPS[0],
    "After 8 s: Ben Assistant (assistant), Clara Deputy (level 1), David Deputy (level 1)",
    "After 16 s: nobody answered, the bank is told",
  ]);

  // Reordered: David before Clara (assistants still first, with level 1).
  await level1.getByRole("button", { name: PREVIEW.moveUp("David Deputy") }).click();
  await expect(steps(preview).nth(1)).toHaveText(
    "After 8 s: Ben Assistant (assistant), David Deputy (level 1), Clara Deputy (level 1)",
  );
  await axe("baton-agent-desk");

  // Removed again: the seed's steps are back, still unsaved.
  await level1.getByRole("button", { name: PREVIEW.remove("David Deputy") }).click();
  await expect(steps(preview)).toHaveText(ANNAS_STEPS);

  // Clara removed too: the assistant alone is asked with level 1.
  await level1.getByRole("button", { name: PREVIEW.remove("Clara Deputy") }).click();
  await expect(steps(preview).nth(1)).toHaveText("After 8 s: Ben Assistant (assistant)");

  // Nothing was saved: a reload shows the demo's deputies and their preview.
  await page.reload();
  const reloaded = page.locator("baton-agent-desk").getByRole("region", { name: PREVIEW.title });
  await expect(steps(reloaded)).toHaveText(ANNAS_STEPS);
});

test("seed 001: the people notified, level by level, are those Anna's preview named, in its order; keyboard only, a read-only level, axe", async ({
  page,
  browser,
  demo,
  axe,
}) => {
  test.setTimeout(120_000);
  // Level 2 managed by another system, as the server would answer it.
  await page.route("**/baton/v1/deputies/settings", async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, json: { ...(await response.json()), externallyManagedLevels: ["LEVEL_2"] } });
  });
  const { desk, editor, preview } = await annasPreview(page);
  const readOnlySteps = [
    ANNAS_STEPS[0],
    ANNAS_STEPS[1],
    "After 16 s: David Deputy (level 2, team Advisory, read only)",
    ANNAS_STEPS[3],
  ];
  await expect(steps(preview)).toHaveText(readOnlySteps);
  await expect(steps(preview).nth(2)).toHaveClass(/baton-deputies-preview-read-only/);
  await axe("baton-agent-desk");

  // Keyboard only: add David to level 1 and see the preview change, then remove him again.
  const level1 = editor.getByRole("group", { name: PREVIEW.level(1) });
  const open = level1.getByRole("button", { name: PREVIEW.choose(PREVIEW.level(1)) });
  await tabTo(page, open);
  await page.keyboard.press("Enter");
  const adding = desk.getByRole("dialog", { name: PREVIEW.choose(PREVIEW.level(1)) });
  await expect(adding.getByRole("searchbox")).toBeFocused();
  await page.keyboard.type("David");
  const agents = adding.getByRole("group", { name: PREVIEW.agents, exact: true });
  await expect(agents.getByRole("radio")).toHaveCount(1);
  await page.keyboard.press("Tab");
  await page.keyboard.press("Space");
  await expect(agents.getByRole("radio", { name: /^David Deputy/ })).toBeChecked();
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  await expect(adding.getByRole("button", { name: PREVIEW.add, exact: true })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(adding).toBeHidden();
  await expect(open).toBeFocused();
  await expect(steps(preview)).toHaveText([
    ANNAS_STEPS[0],
    "After 8 s: Ben Assistant (assistant), Clara Deputy (level 1), David Deputy (level 1)",
    "After 16 s: nobody answered, the bank is told",
  ]);
  await axe("baton-agent-desk");
  await tabTo(page, level1.getByRole("button", { name: PREVIEW.remove("David Deputy") }));
  await page.keyboard.press("Enter");
  await expect(open).toBeFocused();
  await expect(steps(preview)).toHaveText(readOnlySteps);

  // What the preview names, level by level.
  const shown = await steps(preview).allTextContents();
  const previewed = shown.slice(1, -1).map(namesIn);
  expect(previewed).toEqual([["Ben Assistant", "Clara Deputy"], ["David Deputy"]]);

  try {
    // Seed 001's story: Vera writes while Anna is away and accepts the prompt, by keyboard.
    const topic = `Preview story ${Date.now()}`;
    const conversationId = await conversationWithAnnaAway(demo, topic);
    const [clara, david, vera] = await Promise.all([
      agentAtDesk(browser, "clara.deputy", "Clara Deputy"),
      agentAtDesk(browser, "david.deputy", "David Deputy"),
      (async () => openVisitor(await (await browser.newContext()).newPage(), conversationId))(),
    ]);
    await write(vera, "Hello Anna, I need help with a payment.");
    await prompt(vera).getByRole("button", { name: TEXT.accept }).focus();
    await vera.page().keyboard.press("Enter");
    await expect(status(vera)).toHaveText(TEXT.asked(1));

    // Level 1 at once (the prompt starts there), level 2 when its countdown ends.
    await expect(queueItem(clara.desk, topic).getByText(QUEUE.delegated("Anna Advisor", 1))).toBeVisible({
      timeout: 15_000,
    });
    await expect(queueItem(david.desk, topic).getByText(QUEUE.delegated("Anna Advisor", 2))).toBeVisible({
      timeout: 20_000,
    });
    expect(await notifiedLevels(demo, conversationId, 2)).toEqual(previewed);

    // David takes it: he joins Vera's conversation with Anna and it leaves every queue.
    await queueItem(david.desk, topic).getByRole("button", { name: QUEUE.actions.ACCEPT }).click();
    await expect(status(vera)).toHaveText(TEXT.joined("David Deputy"));
    await expect(queueItem(clara.desk, topic)).toHaveCount(0);
    await axe("baton-agent-desk");
  } finally {
    await demo.admin(`${V4}/persons/anna.advisor/setAway`, { away: false });
  }
});
