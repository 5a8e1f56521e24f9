// Types of the "quotakit" entry (Node ESM/CJS, bundlers, workerd, Deno).
export * from "./types.js";
export { QuotakitError } from "./error.js";
