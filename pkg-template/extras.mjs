// What the package adds around wasm-bindgen's glue: the QuotakitError class and
// `client.call(op, input, opts)`. Shared by every entry file.

/** Every error quotakit throws. Fields: see QuotakitErrorFields in the .d.ts. */
export class QuotakitError extends Error {
  constructor(message, fields) {
    super(message);
    Object.assign(this, fields);
    this.message = message;
    this.name = "QuotakitError";
    if (!Array.isArray(this.issues)) this.issues = [];
    if (typeof this.retryable !== "boolean") this.retryable = false;
  }
}

function callError(client, op, kind, message, extra) {
  const vendor = typeof client.toJSON === "function" ? client.toJSON().vendor : undefined;
  return new QuotakitError(`[${vendor} ${op}] ${kind} error: ${message}`, {
    kind, message, vendor, operation: op, retryable: false, issues: [], ...extra,
  });
}

/** Sends `req` with the host's fetch; returns `{ status, headers, body }` for a validator. */
async function send(client, op, req, opts) {
  const fetchFn = opts.fetch ?? globalThis.fetch;
  if (typeof fetchFn !== "function") {
    throw callError(client, op, "input", "no fetch: pass { fetch } or run where globalThis.fetch exists", { code: "no_fetch" });
  }
  let res, body;
  try {
    res = await fetchFn(req.url, { method: req.method, headers: req.headers, body: req.body, signal: opts.signal });
    body = await res.text();
  } catch (cause) {
    // A timeout (AbortSignal.timeout) may succeed on a resend; an abort by the caller is final.
    const aborted = Boolean(opts.signal && opts.signal.aborted);
    const timedOut = aborted && opts.signal.reason && opts.signal.reason.name === "TimeoutError";
    const [code, message] = timedOut ? ["timeout", "timed out before the response arrived"]
      : aborted ? ["aborted", "aborted by the caller's signal"]
      : ["network", `network failure: ${cause && cause.message ? cause.message : cause}`];
    throw callError(client, op, "http", message, { code, retryable: timedOut || !aborted, cause });
  }
  const headers = {};
  res.headers.forEach((value, name) => { headers[name] = value; });
  return { status: res.status, headers, body };
}

/** One token fetch per client at a time: concurrent callers share it. */
const pendingTokens = new WeakMap();

function ensureToken(client, opts) {
  let pending = pendingTokens.get(client);
  if (!pending) {
    pending = (async () => {
      const raw = await send(client, "clientToken", client.clientToken({ now: opts.now }), opts);
      client.parseClientToken(raw, { now: opts.now });
    })().finally(() => pendingTokens.delete(client));
    pendingTokens.set(client, pending);
  }
  return pending;
}

/** Builds, sends with the host's fetch, and validates: the three steps in one call. */
async function call(op, input, opts = {}) {
  const parseName = typeof op === "string" && op.length > 0 ? "parse" + op[0].toUpperCase() + op.slice(1) : "";
  if (
    typeof op !== "string" || op === "call" || op === "clientToken" || op.startsWith("parse") ||
    typeof this[op] !== "function" || typeof this[parseName] !== "function"
  ) {
    throw callError(this, String(op), "input", `unknown operation ${JSON.stringify(String(op))}`, {
      code: "unknown_operation",
    });
  }
  if (typeof this.needsToken === "function" && this.needsToken(opts.now)) {
    await ensureToken(this, opts);
  }
  const req = this[op](input, { now: opts.now, explain: opts.explain });
  return this[parseName](await send(this, op, req, opts));
}

/** The exported client classes, which get `call`. */
const CLIENTS = ["Baidu", "Douyin", "Polyv", "TencentCloud"];

/** Wires the glue to this file: errors are thrown as QuotakitError; clients get `call`. */
export function install(glue) {
  glue.__setErrorClass(QuotakitError);
  for (const Client of CLIENTS.map((name) => glue[name])) {
    if (!Object.prototype.hasOwnProperty.call(Client.prototype, "call")) {
      Object.defineProperty(Client.prototype, "call", { value: call, writable: true, configurable: true });
    }
  }
}
