// Source of node.cjs (bundled to CommonJS by esbuild at `make pkg`).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as glue from "./quotakit.js";
import { install } from "./extras.mjs";

glue.initSync({ module: readFileSync(join(__dirname, "quotakit_bg.wasm")) });
install(glue);

export * from "./api.mjs";
