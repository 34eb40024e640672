// widget.html's glue: `?conversation=<id>` names the conversation the widget opens. A classic
// script, so it runs before the widget's module script upgrades <baton-visitor>.

const conversation = new URLSearchParams(window.location.search).get("conversation");
if (conversation) {
  document.querySelector("baton-visitor")?.setAttribute("conversation", conversation);
}
