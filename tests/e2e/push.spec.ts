// Web push in the browser (issue 16). Chromium cannot reach a real push service here, so the
// test plays it: a push service on loopback that checks each push's VAPID header and decrypts
// it with Node's own crypto (RFC 8291; the server encrypts with Rust's web-push-native), and,
// in Clara's page, a PushManager whose subscription points at that service (the one thing the
// browser cannot do itself here). Everything else is real: Clara turns notifications on by
// keyboard in her desk, the desk registers the package's agent-sw.js and sends the
// subscription to the server; Vera's request reaches Clara's device; the push is handed to
// the real service worker through the DevTools protocol (ServiceWorker.deliverPushMessage);
// it shows the notification with its two actions; dispatching its notificationclick with
// Accept answers the request on the server (no desk involved); the request's close push
// removes the notification.

import { createECDH, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import type { Page } from "@playwright/test";
import { expect, test, V4 } from "./fixtures";
import { announced, openDesk, signIn } from "./desk";
import { conversationWithAnnaAway, openVisitor, prompt, status, TEXT, write } from "./widget";

/** The desk's English texts for notifications (baton-core's `text.rs`). */
const PUSH = {
  enable: "Notify me on this device",
  on: "Notifications are on for this device.",
  test: "Send a test notification",
  disable: "Turn off notifications",
  off: "Notifications are off for this device.",
};

/** One push the service accepted, decrypted. */
interface Received {
  topic: string | undefined;
  message: { type: string; tag: string; conversationId?: string };
}

function base64url(bytes: Buffer): string {
  return bytes.toString("base64url");
}

/** RFC 8291 / RFC 8188: one aes128gcm record, as a browser decrypts it. */
function decrypt(ua: ReturnType<typeof createECDH>, auth: Buffer, body: Buffer): string {
  const salt = body.subarray(0, 16);
  const idLength = body[20];
  const keyId = body.subarray(21, 21 + idLength);
  const record = body.subarray(21 + idLength);
  const shared = ua.computeSecret(keyId);
  const info = Buffer.concat([Buffer.from("WebPush: info\0"), ua.getPublicKey(), keyId]);
  const ikm = Buffer.from(hkdfSync("sha256", shared, auth, info, 32));
  const cek = Buffer.from(hkdfSync("sha256", ikm, salt, Buffer.from("Content-Encoding: aes128gcm\0"), 16));
  const nonce = Buffer.from(hkdfSync("sha256", ikm, salt, Buffer.from("Content-Encoding: nonce\0"), 12));
  const decipher = createDecipheriv("aes-128-gcm", cek, nonce);
  decipher.setAuthTag(record.subarray(record.length - 16));
  const plain = Buffer.concat([decipher.update(record.subarray(0, record.length - 16)), decipher.final()]);
  let end = plain.length - 1;
  while (end >= 0 && plain[end] === 0) end -= 1;
  expect(plain[end], "the last record's delimiter").toBe(2);
  return plain.subarray(0, end).toString("utf8");
}

async function bodyOf(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** A push service for one device on loopback: its subscription JSON and what it received. */
async function pushService(vapidPublicKey: string) {
  const ua = createECDH("prime256v1");
  ua.generateKeys();
  const auth = randomBytes(16);
  const received: Received[] = [];
  const refused: string[] = [];
  const server = createServer(async (request, response) => {
    const body = await bodyOf(request);
    const authorization = request.headers.authorization ?? "";
    const ok =
      authorization.startsWith("vapid t=") &&
      authorization.endsWith(`, k=${vapidPublicKey}`) &&
      request.headers["content-encoding"] === "aes128gcm" &&
      Number(request.headers.ttl) > 0;
    if (!ok) {
      refused.push(JSON.stringify(request.headers));
      response.writeHead(400).end();
      return;
    }
    const topic = request.headers.topic as string | undefined;
    received.push({ topic, message: JSON.parse(decrypt(ua, auth, body)) });
    response.writeHead(201).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const subscription = {
    endpoint: `http://127.0.0.1:${port}/push/clara`,
    expirationTime: null,
    keys: { p256dh: base64url(ua.getPublicKey()), auth: base64url(auth) },
  };
  return { subscription, received, refused, close: () => server.close() };
}

/** The service worker's notifications, as the page's registration lists them. */
async function notifications(page: Page) {
  return page.evaluate(async () => {
    const registration = await navigator.serviceWorker.getRegistration("/pkg/agent-sw.js");
    const shown = (await registration?.getNotifications()) ?? [];
    return shown.map((n) => ({ title: n.title, body: n.body, tag: n.tag, actions: n.actions.map((a) => a.title) }));
  });
}

test("Clara turns notifications on by keyboard; a request's push shows its two actions, Accept answers it, the close removes it", async ({
  page,
  browser,
  demo,
  axe,
}) => {
  const key = (await (await fetch(`${demo.url}/baton/v1/push/vapidPublicKey`)).json()) as { publicKey: string };
  const service = await pushService(key.publicKey);
  // The one part Chromium cannot do here: reach a push service. Its PushManager hands out a
  // subscription at the test's service instead.
  await page.addInitScript((subscription) => {
    let current: unknown = null;
    const make = () => ({
      endpoint: subscription.endpoint,
      toJSON: () => subscription,
      unsubscribe: async () => {
        current = null;
        return true;
      },
    });
    PushManager.prototype.subscribe = async function () {
      current = make();
      return current as PushSubscription;
    };
    PushManager.prototype.getSubscription = async function () {
      return current as PushSubscription | null;
    };
  }, service.subscription);
  await page.context().grantPermissions(["notifications"], { origin: demo.url });

  const desk = await openDesk(page);
  await signIn(desk, "clara.deputy", "Clara Deputy");
  const enable = desk.getByRole("button", { name: PUSH.enable });
  await enable.focus();
  await page.keyboard.press("Enter");
  await expect(announced(desk)).toHaveText(PUSH.on);
  await expect(desk.getByRole("button", { name: PUSH.test })).toBeVisible();
  await axe("baton-agent-desk");
  const clara = await demo.signInAgent("clara.deputy");
  const devices = (await (await clara.request.get("/baton/v1/push/subscriptions")).json()) as { endpoint: string }[];
  expect(devices.map((d) => d.endpoint)).toContain(service.subscription.endpoint);

  // A test notification, by keyboard, reaches the device.
  await desk.getByRole("button", { name: PUSH.test }).focus();
  await page.keyboard.press("Enter");
  await expect.poll(() => service.received.filter((p) => p.message.type === "test").length).toBe(1);

  // The service worker, as the browser runs it, and the DevTools protocol to hand it pushes.
  const cdp = await page.context().newCDPSession(page);
  const registrations = new Map<string, string>();
  cdp.on("ServiceWorker.workerRegistrationUpdated", ({ registrations: updated }) => {
    for (const r of updated) if (!r.isDeleted) registrations.set(r.scopeURL, r.registrationId);
  });
  await cdp.send("ServiceWorker.enable");
  const scope = `${demo.url}/pkg/`;
  await expect.poll(() => registrations.get(scope)).toBeTruthy();
  const deliver = (message: unknown) =>
    cdp.send("ServiceWorker.deliverPushMessage", {
      origin: demo.url,
      registrationId: registrations.get(scope) as string,
      data: JSON.stringify(message),
    });

  // Vera's request reaches Clara's device as a push with Accept and Decline.
  const conversationId = await conversationWithAnnaAway(demo, `Push ${Date.now()}`);
  const vera = await openVisitor(await (await browser.newContext()).newPage(), conversationId);
  await write(vera, "Hello Anna, I need help with a payment.");
  await prompt(vera).getByRole("button", { name: TEXT.accept }).click();
  await expect(status(vera)).toHaveText(TEXT.asked(1));
  // (Other journeys' requests may reach Clara too: this one is about Vera's conversation.)
  const ours = (p: Received) => p.message.type === "deputyDelegation" && p.message.conversationId === conversationId;
  await expect.poll(() => service.received.filter(ours).length).toBe(1);
  const asked = service.received.find(ours) as Received;
  expect(asked.topic).toBe(asked.message.tag);
  await deliver(asked.message);
  await expect.poll(() => notifications(page)).toEqual([
    {
      title: "Request for Anna Advisor",
      body: "Vera Visitor is waiting for an answer.",
      tag: asked.message.tag,
      actions: ["Accept", "Decline"],
    },
  ]);

  // Accept, from the notification: the service worker answers with the token, no desk needed.
  const worker = page.context().serviceWorkers().find((w) => w.url().includes("/pkg/agent-sw.js"));
  expect(worker, "the agent service worker runs").toBeTruthy();
  await worker?.evaluate(async (action) => {
    const sw = self as unknown as ServiceWorkerGlobalScope;
    const [notification] = await sw.registration.getNotifications();
    sw.dispatchEvent(new NotificationEvent("notificationclick", { notification, action }));
  }, "ACCEPT");
  await expect(status(vera)).toHaveText(TEXT.joined("Clara Deputy"));
  const conversation = (await (
    await fetch(`${demo.url}${V4}/conversations/${conversationId}/read`, {
      headers: {
        Authorization: "Basic " + Buffer.from(`admin:${process.env.BATON_E2E_ADMIN_PASSWORD}`).toString("base64"),
      },
    })
  ).json()) as { participants: { personId: string }[] };
  expect(conversation.participants.map((p) => p.personId)).toContain("clara.deputy");

  // The request closed: its close push removes the notification wherever it still shows.
  const closes = (p: Received) => p.message.type === "close" && p.message.tag === asked.message.tag;
  await expect.poll(() => service.received.filter(closes).length).toBe(1);
  const closing = service.received.find(closes) as Received;
  expect(closing.topic).toBe(asked.topic);
  await deliver(asked.message);
  await expect.poll(async () => (await notifications(page)).length).toBe(1);
  await deliver(closing.message);
  await expect.poll(async () => (await notifications(page)).length).toBe(0);

  // Off again, by keyboard: the server forgets the device.
  await desk.getByRole("button", { name: PUSH.disable }).focus();
  await page.keyboard.press("Enter");
  await expect(announced(desk)).toHaveText(PUSH.off);
  await expect(desk.getByRole("button", { name: PUSH.enable })).toBeVisible();
  const left = (await (await clara.request.get("/baton/v1/push/subscriptions")).json()) as unknown[];
  expect(left).toEqual([]);
  expect(service.refused).toEqual([]);
  await axe("baton-agent-desk");
  service.close();
});
