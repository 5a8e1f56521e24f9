// Bundlers (esbuild, Vite, webpack, Rollup) and Deno: the .wasm travels inside this module,
// gzipped and in base64, so no bundler needs an asset rule. It is unpacked by
// DecompressionStream and compiled while it streams: asynchronous, because browsers refuse
// synchronous compiles of more than 4 KB.
import * as glue from "./quotakit.js";
import { install } from "./extras.mjs";
import { wasmGzipBase64 } from "./quotakit_bg.wasm.gz.base64.mjs";

function decode(base64) {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

if (typeof DecompressionStream !== "function") {
  throw new Error('quotakit: this runtime has no DecompressionStream to unpack the inline .wasm; use `import init from "quotakit/web"` and pass the .wasm to init()');
}
const wasm = new Blob([decode(wasmGzipBase64)]).stream().pipeThrough(new DecompressionStream("gzip"));
await glue.default({ module_or_path: new Response(wasm, { headers: { "content-type": "application/wasm" } }) });
install(glue);

export * from "./api.mjs";
