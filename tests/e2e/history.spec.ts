// The desk's hand-off history (issue 18) after seed 001's story, against the real server with
// the short timers of tests/e2e/baton.toml: Vera writes while Anna is away and accepts "Invite
// a deputy?", level 1 (Ben, assistant, and Clara) is asked, both ignore, level 2 (David,
// through the team Advisory) is asked, David accepts. Anna's desk has the history open from
// the first level on, by keyboard only, and sees each later step arrive live, in order, down
// to a PIN David renews, named as his. Then "Copy as text" (the clipboard holds the timeline's lines) and "Download CSV" (the archive's
// header, one row per step, matching the server's history), and axe-core on the open history.

import { readFile } from "node:fs/promises";
import type { Locator, Page } from "@playwright/test";
import { expect, test, type AgentSession } from "./fixtures";
import { openConversation, openDesk, signIn } from "./desk";
import { TEXT, conversationWithAnnaAway, openVisitor, prompt, queueEntry, status, write } from "./widget";

/** The history view's English texts (baton-core's `text/history.rs`). */
const HISTORY = {
  title: "History",
  steps: "Hand-off steps",
  copy: "Copy as text",
  copied: "Copied",
  download: "Download CSV",
  offered: "The customer was asked whether to invite a deputy",
  promptAccepted: "The customer chose to invite a deputy",
  delegation: "Vera Visitor asked for a deputy of Anna Advisor",
  level1: /^Level 1 asked: Ben Assistant \(assistant, queue[^)]*\), Clara Deputy \(level 1, queue[^)]*\)$/,
  level2: /^Level 2 asked: David Deputy \(level 2, queue[^)]*\)$/,
  ignored: (name: string) => `${name} ignored the request`,
  accepted: (name: string) => `${name} accepted the request`,
  pinRenewed: (name: string) => `The PIN was renewed (by ${name})`,
};
/** baton-core's `history::CSV_HEADER`. */
const CSV_HEADER = "position,time,conversation,actor,action,subject,outcome,detail";

/** One entry of `GET /baton/v1/conversations/{id}/history`, as far as the test reads it. */
interface HandoffEntry {
  position: number;
  time: number;
  conversation: string;
  actor?: { kind: string; personId?: string } | null;
  action: string;
  outcome?: string | null;
}

/** Presses `key` (Tab, or Shift+Tab to go back) until `target` has focus (it must be reachable
 * by keyboard within `max` presses). */
async function tabTo(page: Page, target: Locator, key = "Tab", max = 120) {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => (el.getRootNode() as ShadowRoot).activeElement === el)) return;
    await page.keyboard.press(key);
  }
  await expect(target, "reachable with Tab").toBeFocused();
}

/** The words of each step the timeline shows, in order. */
function steps(history: Locator): Locator {
  return history.getByRole("list", { name: HISTORY.steps }).getByRole("listitem").locator(".baton-history-words");
}

/** Waits until the timeline shows every one of `expected`, in this order (others may be between). */
async function expectInOrder(history: Locator, expected: (string | RegExp)[]) {
  await expect
    .poll(
      async () => {
        const words = await steps(history).allTextContents();
        let at = -1;
        for (const wanted of expected) {
          const next = words.findIndex(
            (w, i) => i > at && (typeof wanted === "string" ? w === wanted : wanted.test(w)),
          );
          if (next === -1) return `missing after step ${at}: ${wanted}\n${words.join("\n")}`;
          at = next;
        }
        return "in order";
      },
      { timeout: 20_000 },
    )
    .toBe("in order");
}

/** `agent` answers the request of `conversationId` in their queue. */
async function answer(agent: AgentSession, conversationId: string, response: "IGNORE" | "ACCEPT") {
  const item = await queueEntry(agent, conversationId);
  await agent.post(`/baton/v1/invitations/${item.invitation.id}/respond`, { response, channel: "QUEUE" });
}

/** RFC 4180 records of `text` (quoted fields with commas, doubled quotes, CRLF line ends). */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let field = "";
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      record.push(field);
      field = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      record.push(field);
      records.push(record);
      record = [];
      field = "";
      i++;
    } else field += c;
  }
  expect(field + record.join(""), "the file ends with CRLF").toBe("");
  return records;
}

test("seed 001 in the desk's history: every level asked and every answer in order, live, by keyboard, copied and downloaded", async ({
  page,
  context,
  browser,
  demo,
  axe,
}) => {
  test.setTimeout(120_000);
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: demo.url });
  const topic = `History story ${Date.now()}`;
  const conversationId = await conversationWithAnnaAway(demo, topic);

  // Vera writes while Anna is away and accepts the prompt: level 1 is asked at once.
  const vera = await openVisitor(await (await browser.newContext()).newPage(), conversationId);
  await write(vera, "Hello Anna, I have a question about my mortgage.");
  await prompt(vera).getByRole("button", { name: TEXT.accept }).click();
  await expect(status(vera)).toHaveText(TEXT.asked(1));

  // Anna at her desk opens the conversation and its history, by keyboard.
  const desk = await openDesk(page);
  await signIn(desk, "anna.advisor", "Anna Advisor");
  await openConversation(desk, topic);
  const toggle = desk.getByRole("button", { name: HISTORY.title, exact: true });
  await expect(toggle).toHaveAttribute("aria-expanded", "false");
  await tabTo(page, toggle);
  await page.keyboard.press("Enter");
  await expect(toggle).toHaveAttribute("aria-expanded", "true");
  const history = desk.getByRole("region", { name: HISTORY.title });
  await expectInOrder(history, [HISTORY.offered, HISTORY.promptAccepted, HISTORY.delegation, HISTORY.level1]);
  await expect(history.getByRole("listitem").first().locator("time")).toHaveAttribute(
    "datetime",
    /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/,
  );
  await axe("baton-agent-desk");

  // Each later step arrives while the history is open.
  const [ben, clara, david] = await Promise.all(
    ["ben.assistant", "clara.deputy", "david.deputy"].map((u) => demo.signInAgent(u)),
  );
  await answer(ben, conversationId, "IGNORE");
  await expectInOrder(history, [HISTORY.level1, HISTORY.ignored("Ben Assistant")]);
  await answer(clara, conversationId, "IGNORE");
  // Both ignored: the level's countdown ends at once and level 2 is asked.
  await expectInOrder(history, [
    HISTORY.level1,
    HISTORY.ignored("Ben Assistant"),
    HISTORY.ignored("Clara Deputy"),
    HISTORY.level2,
  ]);
  await answer(david, conversationId, "ACCEPT");
  await expect(status(vera)).toHaveText(TEXT.joined("David Deputy"));
  const story = [
    HISTORY.offered,
    HISTORY.promptAccepted,
    HISTORY.delegation,
    HISTORY.level1,
    HISTORY.ignored("Ben Assistant"),
    HISTORY.ignored("Clara Deputy"),
    HISTORY.level2,
    HISTORY.accepted("David Deputy"),
  ];
  await expectInOrder(history, story);
  await axe("baton-agent-desk");

  // Who renewed a customer's PIN is named on its line, live.
  const pin = (await david.post("/app/rest/v4/invitations/inviteAnonymousVisitorToConversationWithPin", {
    conversationId,
  })) as { id: string };
  await david.post(`/app/rest/v4/invitations/${pin.id}/renewPin`);
  await expectInOrder(history, [...story, HISTORY.pinRenewed("David Deputy")]);

  // Copy as text, by keyboard: the clipboard holds one line per step, as shown.
  const copy = history.getByRole("button", { name: HISTORY.copy });
  await tabTo(page, copy);
  await page.keyboard.press("Enter");
  await expect(history.getByRole("status")).toHaveText(HISTORY.copied);
  const shown = await steps(history).allTextContents();
  const copied = (await page.evaluate(() => navigator.clipboard.readText())).trimEnd().split("\n");
  expect(copied).toHaveLength(shown.length);
  copied.forEach((lineText, i) => expect(lineText.endsWith(` — ${shown[i]}`), lineText).toBe(true));

  // Download CSV, by keyboard (Space): the archive's header and one row per step shown,
  // matching the server's history of the conversation for Anna.
  const downloadButton = history.getByRole("button", { name: HISTORY.download });
  await tabTo(page, downloadButton);
  const downloading = page.waitForEvent("download");
  await page.keyboard.press("Space");
  const download = await downloading;
  expect(download.suggestedFilename()).toBe(`history-${conversationId}.csv`);
  const [header, ...rows] = parseCsv(await readFile(await download.path(), "utf8"));
  expect(header.join(",")).toBe(CSV_HEADER);
  expect(rows).toHaveLength(shown.length);
  const anna = await demo.signInAgent("anna.advisor");
  const served = (await (
    await anna.request.get(`/baton/v1/conversations/${encodeURIComponent(conversationId)}/history`)
  ).json()) as HandoffEntry[];
  const byPosition = new Map(served.map((e) => [e.position, e]));
  for (const [position, time, conversation, actor, action, , outcome] of rows) {
    const entry = byPosition.get(Number(position));
    expect(entry, `step ${position} in the server's history`).toBeDefined();
    expect([Number(time), conversation, action, outcome]).toEqual([
      entry!.time,
      conversationId,
      entry!.action,
      entry!.outcome ?? "",
    ]);
    const expectedActor =
      entry!.actor?.kind === "PERSON" ? `PERSON:${entry!.actor.personId}` : (entry!.actor?.kind ?? "");
    expect(actor).toBe(expectedActor);
  }
  // Every level asked and every answer are rows, in log order.
  const storyRows = rows
    .filter(([, , , , action]) => action === "DEPUTIES_NOTIFIED" || action === "ANSWERED")
    .map(([, , , actor, action, , outcome]) => `${action} ${actor} ${outcome}`);
  expect(storyRows).toEqual([
    "DEPUTIES_NOTIFIED SYSTEM ",
    "ANSWERED PERSON:ben.assistant IGNORED",
    "ANSWERED PERSON:clara.deputy IGNORED",
    "DEPUTIES_NOTIFIED SYSTEM ",
    "ANSWERED PERSON:david.deputy ACCEPTED",
  ]);
  const positions = rows.map(([position]) => Number(position));
  expect(positions).toEqual([...positions].sort((a, b) => a - b));

  // Collapsed again, by keyboard: the timeline is hidden and the button says so.
  await tabTo(page, toggle, "Shift+Tab");
  await page.keyboard.press("Space");
  await expect(toggle).toHaveAttribute("aria-expanded", "false");
  await expect(history.getByRole("list", { name: HISTORY.steps })).toBeHidden();
  await axe("baton-agent-desk");
});
