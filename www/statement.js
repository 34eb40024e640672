// index.html's glue: a link to the statement may name the conversation the widget opens
// (`/?conversation=<id>`, as the bank's own notifications would link it). This classic script
// runs as the page is parsed, before the widget's module script upgrades <baton-visitor>, so
// the widget opens that conversation first instead of switching to it. The server decides
// whether the customer may see it; an id that is not hers shows nothing of anyone's.

const conversation = new URLSearchParams(window.location.search).get("conversation");
if (conversation) {
  document.querySelector("baton-visitor")?.setAttribute("conversation", conversation);
}
