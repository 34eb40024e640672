// baton-sdk's visitor widget in one script: <script type="module" src=".../baton-visitor.js">.
// Registers <baton-visitor> and <baton-pin-entry> at once (visitor-launcher.js, bundled in by
// `cargo xtask build`) and loads the visitor entry's WebAssembly only when a widget needs it:
// at once for a docked widget or a PIN entry, on the first open for <baton-visitor launcher>.
// `./visitor.js` is the entry beside this script in the package (`pkg/`), imported
// dynamically so that a page with a closed launcher never downloads it.

import { defineVisitorElements } from "./visitor-launcher.js";

const ENTRY = new URL("./visitor.js", import.meta.url).href;
let entry;

defineVisitorElements(async (attempt) => {
  // After a failed request the module map remembers the failure: ask again under a new URL.
  entry ??= await import(attempt ? `${ENTRY}?attempt=${attempt}` : ENTRY);
  await entry.default();
  return entry;
});
