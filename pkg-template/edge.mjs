// Vercel's edge runtime (Next.js edge routes and middleware, with webpack or Turbopack):
// the .wasm is imported as a compiled module (`?module`), because the edge runtime forbids
// compiling WebAssembly from bytes at run time, as workerd does.
import wasmModule from "./quotakit_bg.wasm?module";
import * as glue from "./quotakit.js";
import { install } from "./extras.mjs";

glue.initSync({ module: wasmModule });
install(glue);

export * from "./api.mjs";
