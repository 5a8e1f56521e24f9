// Node (ESM) via the "node" condition: the .wasm next to this file, compiled once.
import { readFileSync } from "node:fs";
import * as glue from "./quotakit.js";
import { install } from "./extras.mjs";
import { sha256Hex } from "./node-hash.mjs";

let wasm;
try {
  wasm = readFileSync(new URL("./quotakit_bg.wasm", import.meta.url));
} catch {
  // Bundled for a server by a tool that moved or renamed the .wasm without taking the
  // "module" condition (node-bundled.mjs): Turbopack rendering a client component on the
  // server, whose asset URL is a web path, or a bundler told to use other conditions. The
  // package carries the .wasm gzipped too; it is loaded only then.
  const [{ gunzipSync }, { wasmGzipBase64 }] = await Promise.all([import("node:zlib"), import("./quotakit_bg.wasm.gz.base64.mjs")]);
  wasm = gunzipSync(Buffer.from(wasmGzipBase64, "base64"));
}
glue.initSync({ module: wasm });
install(glue, { sha256Hex });

export * from "./api.mjs";
