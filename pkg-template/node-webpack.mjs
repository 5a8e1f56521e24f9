// Node builds made by webpack (Next.js's Node routes among them), through the "webpack"
// condition under "node". webpack rewrites node.mjs's `new URL("./quotakit_bg.wasm",
// import.meta.url)` into a web path that node:fs cannot read, so the .wasm travels inside
// the bundle, as for browsers, but is unpacked and compiled synchronously: no top-level
// await, so `require` works too.
import { gunzipSync } from "node:zlib";
import * as glue from "./quotakit.js";
import { install } from "./extras.mjs";
import { sha256Hex } from "./node-hash.mjs";
import { wasmGzipBase64 } from "./quotakit_bg.wasm.gz.base64.mjs";

glue.initSync({ module: gunzipSync(Buffer.from(wasmGzipBase64, "base64")) });
install(glue, { sha256Hex });

export * from "./api.mjs";
