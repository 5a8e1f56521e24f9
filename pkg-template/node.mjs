// Node (ESM) and Deno via the "node" condition: the .wasm next to this file, compiled once.
import { readFileSync } from "node:fs";
import * as glue from "./quotakit.js";
import { install } from "./extras.mjs";
import { sha256Hex } from "./node-hash.mjs";

glue.initSync({ module: readFileSync(new URL("./quotakit_bg.wasm", import.meta.url)) });
install(glue, { sha256Hex });

export * from "./api.mjs";
