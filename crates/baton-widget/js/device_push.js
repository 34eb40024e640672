// The browser's side of "Notify me on this device" (the desk's `device_notifications`):
// notification permission, the agent service worker's registration and this browser's push
// subscription. Subscriptions cross to Rust as `PushSubscription.toJSON()` text; talking to
// the Baton server stays in Rust. Nothing here runs until the agent asks for it.

/** "unsupported", or the notification permission: "default", "granted" or "denied". */
export function pushPermission() {
  if (!("serviceWorker" in navigator) || !("PushManager" in self) || !("Notification" in self)) {
    return "unsupported";
  }
  return Notification.permission;
}

/** The worker's script URL, telling it which page the desk is (to open it from a notification). */
function scriptUrl(worker, desk) {
  const url = new URL(worker, location.href);
  url.searchParams.set("desk", desk);
  return url.href;
}

/** The registration of `worker` with an active worker (registered, and installed if new). */
async function activeRegistration(worker, desk) {
  const registration = await navigator.serviceWorker.register(scriptUrl(worker, desk));
  if (registration.active) return registration;
  const installing = registration.installing || registration.waiting;
  await new Promise((resolve, reject) => {
    installing.addEventListener("statechange", () => {
      if (installing.state === "activated") resolve();
      if (installing.state === "redundant") reject(new Error("the service worker did not install"));
    });
  });
  return registration;
}

/** This browser's subscription as JSON text, or null. */
export async function currentSubscription(worker) {
  if (pushPermission() === "unsupported") return null;
  const registration = await navigator.serviceWorker.getRegistration(new URL(worker, location.href).href);
  const subscription = registration && (await registration.pushManager.getSubscription());
  return subscription ? JSON.stringify(subscription.toJSON()) : null;
}

/**
 * Asks for permission (a click must have led here), registers the worker and subscribes with
 * the server's VAPID key; the subscription as JSON text. Rejects with "denied" or "default"
 * when permission is not given.
 */
export async function subscribe(worker, desk, vapidPublicKey) {
  const permission = await Notification.requestPermission();
  if (permission !== "granted") throw new Error(permission);
  const registration = await activeRegistration(worker, desk);
  const subscription = await registration.pushManager.subscribe({
    userVisibleOnly: true,
    applicationServerKey: vapidPublicKey,
  });
  return JSON.stringify(subscription.toJSON());
}

/** Ends this browser's subscription; its endpoint, or null when there was none. */
export async function unsubscribe(worker) {
  const registration = await navigator.serviceWorker.getRegistration(new URL(worker, location.href).href);
  const subscription = registration && (await registration.pushManager.getSubscription());
  if (!subscription) return null;
  await subscription.unsubscribe();
  return subscription.endpoint;
}

/** Calls `open(conversationId)` when the worker asks the desk to show a conversation. */
export function onOpenRequest(open) {
  if (!("serviceWorker" in navigator)) return;
  navigator.serviceWorker.addEventListener("message", (event) => {
    const data = event.data || {};
    if (data.type === "baton.open" && typeof data.conversationId === "string") {
      open(data.conversationId);
    }
  });
}
