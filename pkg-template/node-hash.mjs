// node:crypto hashes a long TC3 body natively (SHA-NI) instead of copying it into wasm. It is
// loaded on first use: importing it up front was 5 ms of a 30 ms cold start. Where
// process.getBuiltinModule is missing (Node before 20.16), wasm hashes the body.
let crypto;
export const sha256Hex = (text) => {
  crypto ??= process.getBuiltinModule?.("node:crypto");
  return crypto ? crypto.createHash("sha256").update(text).digest("hex") : undefined;
};
