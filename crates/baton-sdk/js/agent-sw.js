// Baton's agent service worker (`baton-sdk/agent-sw.js`): shows a deputy the delegated
// requests that reach this device by web push, with the two actions the bank configured;
// an action answers the request with the notification's single-use token, without a desk;
// clicking the notification opens (or focuses) the desk on the conversation; the request's
// close removes the notification. Serve it from the desk page's origin; the desk registers it
// with `?desk=<the desk page's URL>`. Payloads are `BatonPushMessage`s, decrypted by the
// browser.

const desk = new URL(self.location.href).searchParams.get("desk") || self.registration.scope;

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

self.addEventListener("push", (event) => {
  let message;
  try {
    message = event.data.json();
  } catch {
    return;
  }
  event.waitUntil(show(message));
});

async function show(message) {
  switch (message.type) {
    case "deputyDelegation":
      return self.registration.showNotification(message.title, {
        body: message.body,
        tag: message.tag,
        renotify: true,
        requireInteraction: true,
        actions: message.actions.map(({ action, title }) => ({ action, title })),
        data: {
          answerUrl: message.answerUrl,
          answerToken: message.answerToken,
          conversationId: message.conversationId,
        },
      });
    case "close":
      for (const notification of await self.registration.getNotifications({ tag: message.tag })) {
        notification.close();
      }
      return undefined;
    case "test":
      return self.registration.showNotification(message.title, { body: message.body, tag: message.tag });
    default:
      return undefined;
  }
}

self.addEventListener("notificationclick", (event) => {
  const notification = event.notification;
  const data = notification.data || {};
  notification.close();
  if (event.action && data.answerToken) {
    event.waitUntil(answer(notification, data, event.action));
  } else {
    event.waitUntil(openDesk(data.conversationId));
  }
});

/** Sends the action's answer; an accepted request opens the desk, a refusal is shown. */
async function answer(notification, data, response) {
  let refusal = null;
  try {
    const answered = await fetch(data.answerUrl, {
      method: "POST",
      credentials: "omit",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ token: data.answerToken, response }),
    });
    if (!answered.ok) refusal = (await answered.json()).errorMessage;
  } catch (error) {
    refusal = String(error);
  }
  if (refusal === null) {
    if (response === "ACCEPT" || response === "LATER") await openDesk(data.conversationId);
    return;
  }
  await self.registration.showNotification(notification.title, {
    body: refusal,
    tag: `${notification.tag}-refused`,
  });
}

/** Focuses an open desk (asking it to show the conversation), or opens one on it. */
async function openDesk(conversationId) {
  const page = new URL(desk);
  const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
  const open = windows.find((client) => new URL(client.url).pathname === page.pathname);
  if (open) {
    await open.focus();
    open.postMessage({ type: "baton.open", conversationId: conversationId || "" });
    return;
  }
  if (conversationId) page.hash = `conversation=${encodeURIComponent(conversationId)}`;
  await self.clients.openWindow(page.href);
}
