// An agent's tool, as a TypeScript app would write it against `baton-sdk/agent` (the
// clients without the desk's components).
import init, {
  AgentClient,
  BatonError,
  type ConversationData,
  type ConversationInvitationData,
  type DelegationResponse,
} from "baton-sdk/agent";

export async function desk(server: string): Promise<ConversationData> {
  await init();
  const anna = await AgentClient.login({ server, username: "anna.advisor", password: "anna" });
  const forwarding: ConversationInvitationData = await anna.forwardToAgent(
    "conversation-vera-anna",
    "ben.assistant",
    { comment: "visible to agents only" },
  );
  await anna.revokeInvitation(forwarding.id);
  const pin = await anna.inviteVisitorWithPin("conversation-vera-anna");
  if (pin.token) {
    await anna.renewPin(pin.id);
  }
  await anna.inviteVisitorWithEmail("conversation-vera-anna", "vera@example.com");
  await anna.inviteAgent("conversation-vera-anna", "clara.deputy", { hidden: true });
  await anna.inviteTeam("conversation-vera-anna", "advisory");
  for (const item of await anna.queue()) {
    const answer: DelegationResponse = "ACCEPT";
    await anna.respondToDelegation(item.invitation.id, answer);
  }
  const settings = await anna.deputySettings();
  const readOnly: number = settings.externallyManagedLevels?.length ?? 0;
  console.log(settings.mayManage, readOnly);
  const agents = await anna.searchAgents();
  const teams = await anna.searchTeams();
  console.log(agents.items?.length ?? 0, teams.items?.length ?? 0);
  anna.on("InvitationAccepted", (accepted) => console.log(accepted.event.person));
  try {
    return await anna.reassign("conversation-vera-anna", "clara.deputy", {
      offboardPrevious: { reason: "FORWARDED" },
    });
  } catch (error) {
    if (error instanceof BatonError && error.step === "SET_ASSIGNEE") {
      await anna.unassign("conversation-vera-anna");
    }
    throw error;
  }
}

export async function mistakes(anna: AgentClient): Promise<void> {
  // @ts-expect-error "MAYBE" is not a delegation response
  await anna.respondToDelegation("i", "MAYBE");
  // @ts-expect-error login needs a password
  await AgentClient.login({ username: "anna.advisor" });
  // @ts-expect-error options are checked too
  await anna.inviteAgent("c", "a", { hiden: true });
}
