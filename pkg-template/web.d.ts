// Types of "quotakit/web": the same API plus an explicit init().
export * from "./types.js";
export { QuotakitError } from "./error.js";

/** Loads the WebAssembly module once; defaults to quotakit_bg.wasm next to the module. */
export default function init(
    moduleOrPath?: RequestInfo | URL | Response | BufferSource | WebAssembly.Module,
): Promise<void>;
