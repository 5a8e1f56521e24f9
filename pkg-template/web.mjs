// Plain browser pages: `import init, { TencentCloud } from "quotakit/web"; await init();`
// fetches quotakit_bg.wasm next to this file (or what you pass) and compiles it streaming.
import * as glue from "./quotakit.js";
import { install } from "./extras.mjs";

let ready;

/**
 * Loads the WebAssembly module once. Pass a URL, Response, bytes or Module to override.
 * A failed load (a network error, a wrong URL) is not kept: call `init` again to retry.
 */
export default function init(moduleOrPath) {
  ready ??= glue.default({ module_or_path: moduleOrPath ?? new URL("./quotakit_bg.wasm", import.meta.url) }).then(
    () => install(glue),
    (error) => {
      ready = undefined;
      throw error;
    },
  );
  return ready;
}

export * from "./api.mjs";
