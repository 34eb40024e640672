// The custom elements' life cycle. wasm-bindgen cannot extend HTMLElement, so this class
// attaches the open shadow root and calls Rust to mount into it (again when an observed
// attribute changes) and to unmount when the element leaves the page.
export function defineElement(name, attributes, mount) {
  if (customElements.get(name)) return;
  customElements.define(
    name,
    class extends HTMLElement {
      static get observedAttributes() {
        return attributes;
      }
      #unmount;
      connectedCallback() {
        this.#render();
      }
      disconnectedCallback() {
        this.#unmount?.();
        this.#unmount = undefined;
      }
      attributeChangedCallback() {
        if (this.#unmount) this.#render();
      }
      #render() {
        this.#unmount?.();
        const root = this.shadowRoot ?? this.attachShadow({ mode: "open" });
        this.#unmount = mount(this, root);
      }
    },
  );
}
