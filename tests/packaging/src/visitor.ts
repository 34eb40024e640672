// A bank's visitor page, as a TypeScript app would write it against `baton-sdk/visitor`.
// Every call must type-check under `--strict`; every `@ts-expect-error` line must be an error.
import init, {
  BatonError,
  VisitorClient,
  type BatonEventMap,
  type BatonPrompt,
  type BatonRedemption,
  type ConnectionState,
} from "baton-sdk/visitor";

export async function customer(server: string, token: string): Promise<string[]> {
  await init();
  const visitor: VisitorClient = await VisitorClient.connect({ server, token });
  const seen: string[] = [];
  visitor.on("connection", (state: ConnectionState) => seen.push(state));
  visitor.on("DeputyPromptOffered", (offered) => {
    const expires: number = offered.event.expires_at;
    seen.push(`${offered.event.prompt} until ${expires}`);
  });
  const all = (payload: BatonEventMap["event"]) => seen.push(payload.event.type);
  visitor.on("event", all);
  visitor.off("event", all);

  for (const conversation of await visitor.conversations()) {
    const message = await visitor.sendMessage(conversation.id, "Hello");
    seen.push(message.text);
    const prompt: BatonPrompt | null = await visitor.deputyPrompt(conversation.id);
    if (prompt !== null) {
      await visitor.answerDeputyPrompt(conversation.id, prompt.promptId, true);
    }
  }
  visitor.disconnect();
  return seen;
}

export async function invitee(server: string, pin: string): Promise<string> {
  const visitor = await VisitorClient.connect({ server });
  try {
    const joined: BatonRedemption = await visitor.joinWithPin(pin);
    return joined.conversation.id;
  } catch (error) {
    if (error instanceof BatonError && error.code === "PIN_EXPIRED") {
      return "expired";
    }
    throw error;
  }
}

export async function mistakes(visitor: VisitorClient): Promise<void> {
  // @ts-expect-error a PIN is a string
  await visitor.joinWithPin(123456);
  // @ts-expect-error there is no such event
  visitor.on("promptOffered", () => undefined);
  // @ts-expect-error a connection handler gets the state, not an event
  visitor.on("connection", (payload: BatonEventMap["event"]) => payload.seq);
  // @ts-expect-error connect takes no user name
  await VisitorClient.connect({ server: "", username: "vera" });
  // @ts-expect-error the visitor entry has no agent operations
  visitor.forwardToAgent("c", "a");
}
