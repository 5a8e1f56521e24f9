// Bundlers (esbuild, Vite, webpack, Rollup), Deno and browsers through a bundler: the .wasm
// travels inside this module as base64, so no bundler needs an asset rule, and it is
// compiled asynchronously (browsers refuse synchronous compiles of more than 4 KB).
import * as glue from "./quotakit.js";
import { install } from "./extras.mjs";
import { wasmBase64 } from "./quotakit_bg.wasm.base64.mjs";

function decode(base64) {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

await glue.default({ module_or_path: decode(wasmBase64) });
install(glue);

export * from "./api.mjs";
