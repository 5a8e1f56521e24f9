// Source of node.cjs (bundled to CommonJS by esbuild at `make pkg`).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as glue from "./quotakit.js";
import { install } from "./extras.mjs";

glue.initSync({ module: readFileSync(join(__dirname, "quotakit_bg.wasm")) });
// node:crypto hashes a long body natively (SHA-NI) instead of copying it into wasm. It is
// required on first use: loading it up front was 5 ms of a 30 ms cold start.
let crypto;
const sha256Hex = (text) => {
  crypto ??= require("node:crypto");
  return crypto.createHash("sha256").update(text).digest("hex");
};
install(glue, { sha256Hex });

export * from "./api.mjs";
