// Node (ESM) and Deno via the "node" condition: the .wasm next to this file, compiled once.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import * as glue from "./quotakit.js";
import { install } from "./extras.mjs";

glue.initSync({ module: readFileSync(new URL("./quotakit_bg.wasm", import.meta.url)) });
// node:crypto hashes a long body natively (SHA-NI) instead of copying it into wasm.
install(glue, { sha256Hex: (text) => createHash("sha256").update(text).digest("hex") });

export * from "./api.mjs";
