// products.html's glue, as statement.js is index.html's: a link may name the conversation the
// launcher opens (`/products.html?conversation=<id>`). This classic script runs as the page is
// parsed, before the module script upgrades <baton-visitor>.

const conversation = new URLSearchParams(window.location.search).get("conversation");
if (conversation) {
  document.querySelector("baton-visitor")?.setAttribute("conversation", conversation);
}
