// pin.html's glue: when <baton-pin-entry> reports `baton-joined` (the PIN was redeemed and the
// server set this browser's visitor session), swap the PIN step for the conversation.
// The new <baton-visitor> has no token-url: it resumes the session the PIN created. It is
// created only now because, added at load, it would look for a session that does not exist yet.

const pinStep = document.getElementById("pin-step");
const conversationStep = document.getElementById("conversation-step");
const entry = pinStep.querySelector("baton-pin-entry");

entry.addEventListener("baton-joined", (event) => {
  const visitor = document.createElement("baton-visitor");
  visitor.setAttribute("server", entry.getAttribute("server") ?? "");
  visitor.setAttribute("conversation", event.detail.conversationId);
  conversationStep.append(visitor);
  conversationStep.hidden = false;
  // The PIN is single use: its step goes, and focus moves to the new step's heading so that
  // keyboard and screen reader users land where the page changed.
  pinStep.remove();
  conversationStep.querySelector("h2").focus();
}, { once: true });
