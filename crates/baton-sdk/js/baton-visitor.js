// baton-sdk's visitor widget in one script: <script type="module" src=".../baton-visitor.js">.
// Registers <baton-visitor> and <baton-pin-entry> at once (visitor-launcher.js, bundled in by
// `cargo xtask build`) and loads the visitor entry's WebAssembly only when a widget needs it:
// at once for a docked widget or a PIN entry, on the first open for <baton-visitor launcher>.
// `./visitor.js` is the entry beside this script in the package (`pkg/`), imported
// dynamically so that a page with a closed launcher never downloads it.

import { defineVisitorElements } from "./visitor-launcher.js";

const ENTRY = new URL("./visitor.js", import.meta.url).href;
// What the entry loads next (the layout `cargo xtask build` writes): asked for together with
// the entry instead of one after the other, so the WebAssembly is on its way while the
// modules arrive.
const GLUE = new URL("./dist/visitor/baton_visitor.js", import.meta.url).href;
const WASM = new URL("./dist/visitor/baton_visitor_bg.wasm", import.meta.url).href;
let entry;

defineVisitorElements(async (attempt) => {
  if (!entry) {
    const wasm = fetch(WASM);
    // A failed fetch is the init's to report; unobserved here, it would be reported twice.
    wasm.catch(() => {});
    // After a failed request the module map remembers the failure: ask again under a new URL.
    const [loaded] = await Promise.all([
      import(attempt ? `${ENTRY}?attempt=${attempt}` : ENTRY),
      attempt ? undefined : import(GLUE),
    ]);
    await loaded.default({ module_or_path: wasm });
    entry = loaded;
  }
  return entry;
});
