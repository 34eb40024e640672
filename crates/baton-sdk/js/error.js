// BatonError: every rejected promise of the SDK. One class per page, whichever entries it
// loads: the class lives under a registered symbol so `instanceof` holds across entries.
const key = Symbol.for("baton-sdk.BatonError");

export const BatonError =
  globalThis[key] ??
  (globalThis[key] = class BatonError extends Error {
    constructor(code, message, status, step) {
      super(message);
      this.name = "BatonError";
      this.code = code;
      if (status !== undefined) this.status = status;
      if (step !== undefined) this.step = step;
    }
  });

export function batonError(code, message, status, step) {
  return new BatonError(code, message, status, step);
}
