// Run by `deno test`: resolves "quotakit" through node_modules with the "deno" condition.
import assert from "node:assert/strict";
import { run, EXPECTED } from "./consumer.mjs";

Deno.test("quotakit works in Deno", () => {
  assert.deepEqual(run(), EXPECTED);
});
