// The visitor widget's custom elements, before any WebAssembly: <baton-visitor> and
// <baton-pin-entry>, and the launcher. The package's one script `baton-visitor.js` is this
// module and a loader for the visitor entry, so a page downloads these few bytes and nothing
// more until the widget is needed: at once for the docked form, on the first open (or when the
// browser is idle, preload="idle") for <baton-visitor launcher>. The visitor entry's
// `defineElements()` registers the same definitions with the entry already loaded, and its
// `mount(element, { launcher: true })` calls `mountLauncher` below.
//
// `load(attempt)` answers a promise of the loaded entry's `{ mount, mountPinEntry }`; the
// attributes become mount()'s options here and only here (`mountOptions`), and the entry
// checks them (unknown options are refused).

/** The attributes <baton-visitor> reads; a change re-renders it. */
const VISITOR_ATTRIBUTES = [
  "server",
  "token-url",
  "join-link",
  "lang",
  "conversation",
  "newline-on-enter",
  "launcher",
  "text",
  "preload",
];
/** The attributes <baton-pin-entry> reads. */
const PIN_ATTRIBUTES = ["server", "lang"];

/** sessionStorage: whether the launcher's panel was open, per tab ("1" or "0"). */
const OPEN_KEY = "baton-launcher-open";

/** The text properties the launcher shows (`GET /baton/v1/texts?ui=launcher`). */
const T = {
  open: "com.baton.widget.launcherOpen",
  close: "com.baton.widget.launcherClose",
  unread: "com.baton.widget.launcherUnread",
  loading: "com.baton.widget.launcherLoading",
  failed: "com.baton.widget.launcherFailed",
};

/** mount()'s options from a <baton-visitor>'s attributes (the one mapping of the two). */
export function mountOptions(element) {
  const value = (name) => element.getAttribute(name) || undefined;
  return {
    server: element.getAttribute("server") ?? "",
    tokenUrl: value("token-url"),
    joinLink: element.hasAttribute("join-link"),
    locale: value("lang"),
    conversation: value("conversation"),
    newlineOnEnter: element.hasAttribute("newline-on-enter"),
    launcher: element.hasAttribute("launcher"),
    text: value("text"),
    preload: element.getAttribute("preload") === "idle" ? "idle" : undefined,
  };
}

/**
 * Registers <baton-visitor> and <baton-pin-entry> (each once per page). `loadEntry(attempt)`
 * loads the visitor entry (`attempt` counts earlier failures, for a fresh request).
 */
export function defineVisitorElements(loadEntry) {
  let loading;
  let attempt = 0;
  const load = () =>
    (loading ??= loadEntry(attempt).catch((error) => {
      loading = undefined;
      attempt += 1;
      throw error;
    }));

  define(
    "baton-visitor",
    VISITOR_ATTRIBUTES,
    (element) => {
      const options = mountOptions(element);
      return options.launcher
        ? mountLauncher(element, options, load)
        : mountLater(element, options, load, "mount");
    },
    (element, mounted) => mounted.update?.(mountOptions(element)) ?? false,
  );
  define("baton-pin-entry", PIN_ATTRIBUTES, (element) =>
    mountLater(
      element,
      {
        server: element.getAttribute("server") ?? "",
        locale: element.getAttribute("lang") || undefined,
      },
      load,
      "mountPinEntry",
    ),
  );
}

/**
 * Registers the custom element `name` (once per page): `render(element)` mounts it and
 * answers what unmounts it. When one of `attributes` changes, `update(element, mounted)` may
 * take the change in place (answering true); else the element renders again.
 */
function define(name, attributes, render, update = () => false) {
  if (customElements.get(name)) return;
  customElements.define(
    name,
    class extends HTMLElement {
      static observedAttributes = attributes;
      #mounted;
      connectedCallback() {
        this.#render();
      }
      disconnectedCallback() {
        this.#mounted?.unmount();
        this.#mounted = undefined;
      }
      attributeChangedCallback() {
        if (this.#mounted && !update(this, this.#mounted)) this.#render();
      }
      #render() {
        this.#mounted?.unmount();
        this.#mounted = render(this);
      }
    },
  );
}

/** Mounts with the entry's `how` once it is loaded; answers `{ unmount }` at once. */
function mountLater(element, options, load, how) {
  let mounted;
  let gone = false;
  load().then(
    (entry) => {
      if (!gone) mounted = entry[how](element, options);
    },
    (error) => console.error("baton-sdk: the visitor widget could not be loaded", error),
  );
  return {
    unmount() {
      gone = true;
      unmountWidget(mounted);
    },
  };
}

function unmountWidget(widget) {
  widget?.unmount();
  widget?.free?.();
}

/** One constructed stylesheet for every launcher (CSP: no <style>, no style attributes). */
let sheet;
function launcherSheet() {
  if (sheet === undefined) {
    try {
      sheet = new CSSStyleSheet();
      sheet.replaceSync(LAUNCHER_CSS);
    } catch {
      sheet = null;
    }
  }
  return sheet;
}

/** Creates `tag` with `attributes` (`hidden: true` and the like) and `children`. */
function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === true) element.setAttribute(name, "");
    else if (value !== false && value !== undefined) element.setAttribute(name, value);
  }
  element.append(...children);
  return element;
}

/**
 * The launcher in `host`'s shadow root: a button that opens the widget in a panel with dialog
 * semantics. `options` are mount()'s (`launcher`, `text` and `preload` are the launcher's,
 * the rest the widget's). Answers `{ update(options), unmount() }`; `update` answers false
 * when the options need a launcher made anew.
 */
export function mountLauncher(host, options, load) {
  let { launcher: _launcher, text, preload, ...widgetOptions } = options ?? {};
  const root = host.shadowRoot ?? host.attachShadow({ mode: "open" });
  root.replaceChildren();
  const styles = launcherSheet();
  if (styles) root.adoptedStyleSheets = [styles];

  const key = OPEN_KEY + (host.id ? ":" + host.id : "");
  let texts;
  let widget;
  let loading = false;
  let failed = false;
  let unread = 0;
  let gone = false;
  let retryTexts;
  let focusTimer;
  let idleHandle;

  const label = h("span");
  const badge = h("span", { class: "badge", "aria-hidden": "true", hidden: true });
  const unreadText = h("span", { class: "sr-only" });
  const button = h(
    "button",
    { type: "button", class: "open", "aria-expanded": "false", "aria-controls": "panel", hidden: true },
    label,
    badge,
    unreadText,
  );
  const title = h("h2", { id: "panel-title" });
  const closeText = h("span", { class: "sr-only" });
  const close = h("button", { type: "button", class: "close" }, h("span", { "aria-hidden": "true" }, "×"), closeText);
  const state = h("div", { class: "state", role: "status" });
  const body = h("div", { class: "body" });
  const panel = h(
    "div",
    { id: "panel", class: "panel", role: "dialog", "aria-labelledby": "panel-title", tabindex: "-1", hidden: true },
    h("div", { class: "header" }, title, close),
    state,
    body,
  );
  const frame = h("div", { class: "launcher" }, panel, button);
  root.append(frame);

  const isOpen = () => !panel.hidden;
  const say = (name, values = {}) =>
    (texts?.[name] ?? "").replace(/\{(\w+)\}/g, (whole, k) => (k in values ? String(values[k]) : whole));

  function render() {
    const name = text || say(T.open);
    label.textContent = name;
    title.textContent = name;
    closeText.textContent = say(T.close);
    button.hidden = !texts;
    button.setAttribute("aria-expanded", String(isOpen()));
    const showUnread = unread > 0 && !isOpen();
    badge.hidden = !showUnread;
    badge.textContent = showUnread ? String(unread) : "";
    unreadText.textContent = showUnread ? say(T.unread, { count: unread }) : "";
    if (failed) {
      if (!state.querySelector("button")) {
        const retry = h("button", { type: "button", class: "retry" }, say(T.failed));
        retry.addEventListener("click", () => startWidget(true));
        state.replaceChildren(retry);
      }
    } else {
      state.textContent = loading ? say(T.loading) : "";
    }
    state.hidden = !(loading || failed);
  }

  async function loadTexts(delay = 2000) {
    const server = widgetOptions.server ?? "";
    const locale = widgetOptions.locale ? "&locale=" + encodeURIComponent(widgetOptions.locale) : "";
    try {
      const response = await fetch(server + "/baton/v1/texts?ui=launcher" + locale);
      if (!response.ok) throw new Error("texts: HTTP " + response.status);
      const answer = await response.json();
      if (gone) return;
      texts = answer.texts;
      frame.lang = answer.locale;
      render();
    } catch (error) {
      if (gone) return;
      console.error("baton-sdk: the launcher's texts could not be loaded", error);
      retryTexts = setTimeout(() => loadTexts(Math.min(delay * 2, 60_000)), delay);
    }
  }

  /** Loads the entry (once) and mounts the widget into the panel. */
  async function startWidget(retrying = false) {
    if (widget || loading) return;
    loading = true;
    failed = false;
    render();
    try {
      const entry = await load();
      if (gone) return;
      widget = entry.mount(body, widgetOptions);
    } catch (error) {
      console.error("baton-sdk: the visitor widget could not be loaded", error);
      failed = true;
    } finally {
      loading = false;
    }
    if (gone) return;
    render();
    if (failed && (retrying || panel.contains(root.activeElement) || root.activeElement === panel)) {
      state.querySelector("button")?.focus();
    } else if (isOpen()) {
      focusComposerSoon();
    }
  }

  /** The widget's message field, once it is there and usable. */
  function composer() {
    const field = body.shadowRoot?.querySelector("textarea");
    return field && !field.disabled ? field : undefined;
  }

  /** Moves focus from the panel itself to the message field as soon as there is one. */
  function focusComposerSoon() {
    clearInterval(focusTimer);
    let tries = 0;
    focusTimer = setInterval(() => {
      tries += 1;
      if (gone || !isOpen() || root.activeElement !== panel || tries > 200) {
        clearInterval(focusTimer);
        return;
      }
      const field = composer();
      if (field) {
        clearInterval(focusTimer);
        field.focus();
      }
    }, 50);
  }

  function remember(open) {
    try {
      sessionStorage.setItem(key, open ? "1" : "0");
    } catch {
      // Storage refused (private mode, sandboxed frame): the state is not remembered.
    }
  }

  function open({ focus = true } = {}) {
    panel.hidden = false;
    unread = 0;
    remember(true);
    render();
    if (focus) {
      const field = composer();
      if (field) field.focus();
      else {
        panel.focus();
        focusComposerSoon();
      }
    }
    startWidget();
  }

  function shut() {
    panel.hidden = true;
    remember(false);
    render();
    button.focus();
  }

  button.addEventListener("click", () => (isOpen() ? shut() : open()));
  close.addEventListener("click", shut);
  panel.addEventListener("keydown", (event) => {
    if (event.key !== "Escape" || event.defaultPrevented) return;
    // A dialog of the widget's own closes first.
    const inner = event.composedPath().find((node) => node instanceof HTMLDialogElement && node.open);
    if (inner) return;
    event.preventDefault();
    shut();
  });
  body.addEventListener("baton-message", (event) => {
    if (isOpen() || event.detail?.authorType === "SYSTEM") return;
    unread += 1;
    render();
  });

  loadTexts();
  let wasOpen = false;
  try {
    wasOpen = sessionStorage.getItem(key) === "1";
  } catch {
    // As above: nothing remembered.
  }
  if (wasOpen) open({ focus: false });
  else if (preload === "idle") {
    idleHandle = window.requestIdleCallback
      ? requestIdleCallback(() => startWidget(), { timeout: 5000 })
      : setTimeout(() => startWidget(), 2000);
  }

  return {
    update(next) {
      if (!next?.launcher) return false;
      const { launcher: _l, text: nextText, preload: _p, ...nextWidget } = next;
      if (JSON.stringify(nextWidget) !== JSON.stringify(widgetOptions)) {
        const reload = widgetOptions.server !== nextWidget.server || widgetOptions.locale !== nextWidget.locale;
        widgetOptions = nextWidget;
        if (widget) {
          unmountWidget(widget);
          widget = undefined;
          startWidget();
        }
        if (reload) loadTexts();
      }
      text = nextText;
      render();
      return true;
    },
    unmount() {
      gone = true;
      clearTimeout(retryTexts);
      clearInterval(focusTimer);
      if (window.cancelIdleCallback) cancelIdleCallback(idleHandle);
      clearTimeout(idleHandle);
      unmountWidget(widget);
      widget = undefined;
      frame.remove();
    },
  };
}

/** The launcher's styles; themed by the widget's --baton-* custom properties. */
const LAUNCHER_CSS = `
:host {
  position: fixed;
  right: var(--baton-launcher-offset, 1.5rem);
  bottom: var(--baton-launcher-offset, 1.5rem);
  z-index: var(--baton-launcher-z-index, 1000);
}
[hidden] { display: none !important; }
.launcher {
  display: flex;
  flex-direction: column;
  align-items: flex-end;
  gap: 0.75rem;
  font: var(--baton-font, 1rem/1.4 system-ui, sans-serif);
  color: var(--baton-text, #1d2329);
}
button { font: inherit; cursor: pointer; }
button:focus-visible, .panel:focus-visible {
  outline: 3px solid var(--baton-focus, #f0a202);
  outline-offset: 2px;
}
.open {
  display: inline-flex;
  align-items: center;
  gap: 0.5rem;
  padding: 0.75rem 1.25rem;
  border: 1px solid var(--baton-accent, #0b5394);
  border-radius: var(--baton-launcher-radius, 1.5rem);
  background: var(--baton-accent, #0b5394);
  color: var(--baton-on-accent, #ffffff);
  box-shadow: 0 0.25rem 1rem rgb(0 0 0 / 0.25);
}
.badge {
  min-width: 1.5em;
  padding: 0 0.4em;
  border-radius: 0.75em;
  background: var(--baton-badge-background, #a4161a);
  color: var(--baton-badge-text, #ffffff);
  font-weight: bold;
  text-align: center;
}
.panel {
  display: flex;
  flex-direction: column;
  gap: 0.5rem;
  box-sizing: border-box;
  width: min(var(--baton-launcher-width, 24rem), calc(100vw - 2rem));
  max-height: calc(100vh - 7rem);
  overflow: auto;
  padding: 0.75rem;
  border: 1px solid var(--baton-border, #8a949e);
  border-radius: var(--baton-radius, 0.5rem);
  background: var(--baton-background, #ffffff);
  box-shadow: 0 0.5rem 2rem rgb(0 0 0 / 0.3);
  animation: baton-launcher-in 150ms ease-out;
}
.body {
  --baton-messages-height: var(--baton-launcher-messages-height, max(6rem, min(20rem, calc(100vh - 26rem))));
}
.header { display: flex; align-items: center; justify-content: space-between; gap: 0.5rem; }
h2 { margin: 0; font-size: 1.1em; }
.close {
  padding: 0.1rem 0.6rem;
  border: 1px solid var(--baton-border, #8a949e);
  border-radius: var(--baton-radius, 0.5rem);
  background: var(--baton-background, #ffffff);
  color: inherit;
  font-size: 1.25em;
  line-height: 1.2;
}
.state { color: var(--baton-muted, #4a5561); }
.retry {
  padding: 0.4rem 0.9rem;
  border: 1px solid var(--baton-accent, #0b5394);
  border-radius: var(--baton-radius, 0.5rem);
  background: var(--baton-background, #ffffff);
  color: var(--baton-error, #a4161a);
  text-align: left;
}
.sr-only {
  position: absolute;
  width: 1px;
  height: 1px;
  overflow: hidden;
  clip-path: inset(50%);
  white-space: nowrap;
}
@keyframes baton-launcher-in {
  from { opacity: 0; transform: translateY(0.5rem); }
}
@media (prefers-reduced-motion: reduce) {
  .panel { animation: none; }
}
`;
