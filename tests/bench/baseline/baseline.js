// The vanilla-JS baseline the browser bench measures Baton's visitor widget against: no
// framework, no Baton package, plain `fetch` + `EventSource` and DOM with `textContent` only.
// It makes the widget's requests in the widget's order (crates/baton-widget/src/visitor/live.rs),
// one after the other as the widget awaits them, so that the comparison measures the widget's
// own cost and not a different plan: the visitor texts, the JWT from the bank's token endpoint,
// the sign-in, the session, the conversation (`?conversation=`, else the first one found),
// its messages, participants and prompt (those three at once, as the widget reads them); then it shows them with the composer (interactive) and
// opens the event feed, reading everything once more when the feed opens (as the widget does,
// for what happened in between). On Send it posts the message under a fresh Idempotency-Key;
// on the feed's events it reloads what they changed, the prompt on `DeputyPromptOffered`, shown
// with its accept button ("Invite a deputy"). No caching the widget does not get.

const chat = document.getElementById("chat");
const CSRF_HEADER = "X-CSRF-Token";
const V4 = "/app/rest/v4";
const BATON = "/baton/v1";

let csrf = null;
let conversation = new URLSearchParams(window.location.search).get("conversation");
let texts = {};
let me = null;
let messages = [];

/** One API call; answers the response, or throws on an HTTP error. */
async function call(method, path, body, headers = {}) {
  const all = { Accept: "application/json", ...headers };
  if (csrf) all[CSRF_HEADER] = csrf;
  if (body !== undefined) all["Content-Type"] = "application/json";
  const response = await fetch(path, {
    method,
    headers: all,
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: "same-origin",
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status}`);
  return response;
}

/** An API call's JSON answer (null for 204). */
async function json(method, path, body, headers) {
  const response = await call(method, path, body, headers);
  return response.status === 204 ? null : response.json();
}

const text = (key) => texts[`com.baton.widget.${key}`] ?? "";

function element(name, content, attributes = {}) {
  const node = document.createElement(name);
  if (content !== undefined) node.textContent = content;
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
  return node;
}

const list = element("ol");
const people = element("ul");
const prompt = element("div");
const status = element("p", "", { role: "status" });

async function start() {
  const locale = navigator.language ? `locale=${encodeURIComponent(navigator.language)}&` : "";
  texts = (await json("GET", `${BATON}/texts?${locale}ui=visitor`)).texts;

  const { token } = await json("POST", chat.dataset.tokenUrl);
  const login = await call("POST", `${V4}/authenticator/loginWithSecureToken`, {
    $_type: "SecureTokenRequest",
    token,
    type: "JWT",
  });
  csrf = login.headers.get(CSRF_HEADER);
  me = (await json("GET", `${BATON}/session`)).personId;

  if (!conversation) {
    const found = await json("POST", `${V4}/conversations/search`, {
      $_type: "ConversationQuery",
      searchFilters: [],
      orderBy: [],
    });
    conversation = found.items[0]?.id;
  }
  await reloadAll();
  showPanel();

  let opening = true;
  const feed = new EventSource(`${BATON}/events`, { withCredentials: true });
  feed.addEventListener("open", () => {
    if (opening) {
      opening = false;
      reloadAll();
    }
  });
  const on = (kinds, react) =>
    kinds.forEach((kind) =>
      feed.addEventListener(kind, (event) => {
        if (JSON.parse(event.data).event?.conversation === conversation) react();
      }),
    );
  on(
    ["MessagePosted", "ParticipantAdded", "ParticipantOffboarded", "DeputiesNotified",
      "DeputyPromptAnswered", "DeputyPromptCancelled"],
    reloadMessages,
  );
  on(["DeputyPromptOffered"], reloadPrompt);
  on(["DeputyPromptAnswered", "DeputyPromptCancelled"], () => showPrompt(null));
  on(["ParticipantAdded", "ParticipantOffboarded", "ParticipantVisibilityChanged", "AssigneeChanged"],
    reloadParticipants);
}

async function reloadAll() {
  await Promise.all([reloadMessages(), reloadParticipants(), reloadPrompt()]);
}

async function reloadMessages() {
  messages = await json("GET", `${BATON}/conversations/${conversation}/messages`);
  showMessages();
}

async function reloadParticipants() {
  const participants = await json("GET", `${BATON}/conversations/${conversation}/participants`);
  people.replaceChildren(...participants.map((p) => element("li", p.displayName)));
}

async function reloadPrompt() {
  showPrompt(await json("GET", `${BATON}/conversations/${conversation}/prompt`));
}

function showMessages() {
  list.replaceChildren(
    ...messages.map((m) => {
      const author = m.authorPersonId === me ? text("you") : (m.authorDisplayName ?? "");
      return element("li", author ? `${author}: ${m.text}` : m.text);
    }),
  );
}

function showPrompt(open) {
  if (!open) {
    prompt.replaceChildren();
    return;
  }
  const accept = element("button", open.acceptLabel, { type: "button" });
  const decline = element("button", open.declineLabel, { type: "button" });
  const answer = (yes) => () =>
    call("POST", `${BATON}/conversations/${conversation}/prompt`, {
      $_type: "BatonPromptAnswer",
      promptId: open.promptId,
      accept: yes,
    }).then(() => showPrompt(null), (e) => (status.textContent = e.message));
  accept.addEventListener("click", answer(true));
  decline.addEventListener("click", answer(false));
  prompt.replaceChildren(element("p", open.text), accept, decline);
}

function showPanel() {
  const form = element("form");
  const field = element("textarea", undefined, { id: "baseline-message" });
  const label = element("label", text("messageLabel"), { for: "baseline-message" });
  const send = element("button", text("send"), { type: "submit" });
  form.append(label, field, send);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const body = { $_type: "BatonPostMessageBody", text: field.value };
    field.value = "";
    try {
      const posted = await json("POST", `${BATON}/conversations/${conversation}/messages`, body, {
        "Idempotency-Key": `"${crypto.randomUUID()}"`,
      });
      if (!messages.some((m) => m.id === posted.id)) {
        messages.push(posted);
        showMessages();
      }
    } catch (e) {
      status.textContent = e.message;
    }
  });
  chat.replaceChildren(element("h2", text("conversationTitle")), list,
    element("h3", text("present")), people, prompt, form, status);
}

start().catch((e) => {
  status.textContent = e.message;
  chat.replaceChildren(status);
});
