// Node builds made by bundlers (webpack, esbuild, Rollup, Vite's SSR; Next.js's Node routes
// with webpack), through the "module" condition under "node", which bundlers set and Node
// does not. A bundle does not carry node.mjs's .wasm file along (webpack even rewrites its
// `new URL("./quotakit_bg.wasm", import.meta.url)` into a web path node:fs cannot read), so
// the .wasm travels inside the bundle, as for browsers, and is unpacked and compiled
// synchronously: no top-level await, so CommonJS output and `require` work too.
import { gunzipSync } from "node:zlib";
import * as glue from "./quotakit.js";
import { install } from "./extras.mjs";
import { sha256Hex } from "./node-hash.mjs";
import { wasmGzipBase64 } from "./quotakit_bg.wasm.gz.base64.mjs";

glue.initSync({ module: gunzipSync(Buffer.from(wasmGzipBase64, "base64")) });
install(glue, { sha256Hex });

export * from "./api.mjs";
