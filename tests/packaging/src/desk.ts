// The agent desk, as a TypeScript app would place it from `baton-sdk/desk` (both clients and
// the desk's components).
import init, { AgentClient, mountAgentDesk } from "baton-sdk/desk";

export async function deskIn(element: HTMLElement): Promise<() => void> {
  await init();
  const mounted = mountAgentDesk(element, {
    server: window.location.origin,
    locale: "de",
    serviceWorker: "/agent-sw.js",
  });
  return () => mounted.unmount();
}

export async function signedIn(server: string): Promise<string> {
  await init();
  const anna = await AgentClient.login({ server, username: "anna.advisor", password: "anna" });
  return (await anna.queue()).length.toString();
}

export function mistakes(): void {
  // @ts-expect-error the desk's options are checked
  mountAgentDesk(document.body, { serverUrl: "x" });
}
