// Source of node.cjs (bundled to CommonJS by esbuild at `make pkg`).
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as glue from "./quotakit.js";
import { install } from "./extras.mjs";

glue.initSync({ module: readFileSync(join(__dirname, "quotakit_bg.wasm")) });
// node:crypto hashes a long body natively (SHA-NI) instead of copying it into wasm.
install(glue, { sha256Hex: (text) => createHash("sha256").update(text).digest("hex") });

export * from "./api.mjs";
