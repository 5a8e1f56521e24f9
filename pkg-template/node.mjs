// Node (ESM) and Deno via the "node" condition: the .wasm next to this file, compiled once.
import { readFileSync } from "node:fs";
import * as glue from "./quotakit.js";
import { install } from "./extras.mjs";

glue.initSync({ module: readFileSync(new URL("./quotakit_bg.wasm", import.meta.url)) });
// node:crypto hashes a long body natively (SHA-NI) instead of copying it into wasm. It is
// loaded on first use: importing it up front was 5 ms of a 30 ms cold start.
let crypto;
const sha256Hex = (text) => {
  crypto ??= process.getBuiltinModule?.("node:crypto");
  return crypto ? crypto.createHash("sha256").update(text).digest("hex") : undefined;
};
install(glue, { sha256Hex });

export * from "./api.mjs";
