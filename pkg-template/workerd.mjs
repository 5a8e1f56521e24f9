// Cloudflare Workers (workerd): the .wasm is imported as a compiled module, because workerd
// forbids compiling WebAssembly from bytes at run time.
import wasmModule from "./quotakit_bg.wasm";
import * as glue from "./quotakit.js";
import { install } from "./extras.mjs";

glue.initSync({ module: wasmModule });
install(glue);

export * from "./api.mjs";
