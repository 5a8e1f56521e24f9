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

/**
 * Sends `req` with the host's fetch; returns `{ status, headers, body }` for a validator.
 * `attempt` is this attempt's signal (`attemptSignal`); a failure says which signal ended it:
 * the attempt's own timeout (`timeout`, retryable), the caller's signal as the call's
 * deadline (`deadline`, final) or the caller's abort (`aborted`, final).
 */
async function send(client, op, req, opts, attempt = attemptSignal(opts.signal)) {
  const fetchFn = opts.fetch ?? globalThis.fetch;
  if (typeof fetchFn !== "function") {
    throw callError(client, op, "input", "no fetch: pass { fetch } or run where globalThis.fetch exists", { code: "no_fetch" });
  }
  let res, body;
  try {
    res = await fetchFn(req.url, { method: req.method, headers: req.headers, body: req.body, signal: attempt.signal });
    // The bytes as received cross into wasm as they are (no decoding to a JS string and
    // encoding back); a fetch double with only text() is read as text.
    body = typeof res.arrayBuffer === "function" ? new Uint8Array(await res.arrayBuffer()) : await res.text();
  } catch (cause) {
    throw transportError(client, op, cause, opts.signal, attempt);
  } finally {
    attempt.clear();
  }
  const headers = {};
  res.headers.forEach((value, name) => { headers[name] = value; });
  return { status: res.status, headers, body };
}

const isTimeout = (reason) => reason?.name === "TimeoutError";

/** What ended a fetch that threw `cause`, as an `http` QuotakitError. */
function transportError(client, op, cause, deadline, attempt) {
  const [code, message, retryable] =
    attempt.timedOut() ? ["timeout", `no response within timeoutMs (${attempt.ms} ms)`, true]
    : deadline?.aborted && isTimeout(deadline.reason) ? ["deadline", "the call's deadline (opts.signal) passed; nothing more is sent", false]
    : deadline?.aborted ? ["aborted", "aborted by the caller's signal", false]
    // The host's own fetch may time out (a fetch wrapped with AbortSignal.timeout, undici's
    // headers timeout): a resend may succeed. An abort of its own is deliberate.
    : isTimeout(cause) || isTimeout(cause?.cause) ? ["timeout", `timed out: ${cause.message}`, true]
    : cause?.name === "AbortError" ? ["aborted", `aborted by the fetch: ${cause.message}`, false]
    : ["network", `network failure: ${cause && cause.message ? cause.message : cause}`, true];
  return callError(client, op, "http", message, { code, retryable, cause });
}

/**
 * One attempt's signal: the caller's `deadline` (which ends the whole call), and after `ms`
 * (opts.timeoutMs) this attempt alone. `clear()` stops the timer once the attempt is over.
 */
function attemptSignal(deadline, ms) {
  if (ms === undefined) return { signal: deadline, ms, timedOut: () => false, clear() {} };
  const controller = new AbortController();
  let timedOut = false;
  const onDeadline = () => controller.abort(deadline.reason);
  if (deadline?.aborted) onDeadline();
  else deadline?.addEventListener("abort", onDeadline, { once: true });
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new DOMException(`no response within ${ms} ms`, "TimeoutError"));
  }, ms);
  return {
    signal: controller.signal,
    ms,
    timedOut: () => timedOut,
    clear() {
      clearTimeout(timer);
      deadline?.removeEventListener("abort", onDeadline);
    },
  };
}

/** One token fetch per client at a time: concurrent callers share it. */
const pendingTokens = new WeakMap();

function ensureToken(client, opts) {
  let pending = pendingTokens.get(client);
  if (!pending) {
    pending = (async () => {
      const raw = await send(client, "clientToken", client.clientToken({ now: opts.now }), opts, attemptSignal(opts.signal, opts.timeoutMs));
      client.parseClientToken(raw, { now: opts.now });
    })().finally(() => pendingTokens.delete(client));
    pendingTokens.set(client, pending);
  }
  return pending;
}

/** How far from the server's clock a signed timestamp may be: TC3 ±5 min, Polyv ±3 min. */
const WINDOW_SECONDS = { tencent: 300, polyv: 180 };

/** What the core's retry decision answers to mean "fetch a new Douyin token, then resend". */
const REFRESH_TOKEN = -2;

/** `opts.retry` as numbers: off unless asked for; `true` takes the defaults. */
function retryPolicy(retry) {
  if (retry === undefined || retry === false) return { attempts: 1 };
  const given = retry === true ? {} : retry;
  const policy = { attempts: 3, baseDelayMs: 200, maxDelayMs: 5000, ...given };
  for (const [key, value] of Object.entries(policy)) {
    if (!Number.isFinite(value) || value < 0 || (key === "attempts" && !(Number.isInteger(value) && value >= 1 && value <= 10))) {
      return { problem: `retry.${key} must be ${key === "attempts" ? "an integer 1..=10" : "a non-negative number of ms"}` };
    }
  }
  return policy;
}

/** The longest timer every runtime keeps (2^31-1 ms, about 24.8 days). */
const MAX_TIMER_MS = 2 ** 31 - 1;

function sleep(ms, signal) {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => { signal?.removeEventListener("abort", onAbort); resolve(); }, ms);
    const onAbort = () => { clearTimeout(timer); reject(signal.reason); };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** `error` with how many attempts `call()` made, said in its message after a retry. */
function afterAttempts(error, attempts) {
  error.attempts = attempts;
  if (attempts > 1) error.message += ` (gave up after ${attempts} attempts)`;
  return error;
}

/**
 * Builds, sends with the host's fetch, and validates: the three steps in one call.
 *
 * With `opts.retry` (`true`, or `{ attempts, baseDelayMs, maxDelayMs }`), a retryable
 * failure of an operation that is safe to repeat is sent again, re-signed with a fresh
 * timestamp, after an exponential backoff with full jitter (never sooner than the
 * response's Retry-After; a Retry-After beyond maxDelayMs ends the retries). A Douyin
 * token the server calls invalid or expired is fetched anew and the call sent once more.
 * `opts.timeoutMs` bounds each attempt, and its expiry is retried like any retryable
 * failure; `opts.signal` is the deadline of the whole call, and ends it for good.
 */
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
  // A timestamp the vendor is sure to refuse is an input error before anything is sent.
  const vendor = this.toJSON().vendor;
  if (opts.now !== undefined && WINDOW_SECONDS[vendor] && Math.abs(opts.now - Date.now()) > WINDOW_SECONDS[vendor] * 1000) {
    const off = Math.round((opts.now - Date.now()) / 1000);
    throw callError(this, op, "input", `options.now is ${off} s from this machine's clock; ${vendor} refuses timestamps more than ${WINDOW_SECONDS[vendor]} s away (syncClock corrects a drifting clock)`, {
      code: "out_of_range", path: "$.options.now",
    });
  }
  const policy = retryPolicy(opts.retry);
  if (policy.problem) throw callError(this, op, "input", policy.problem, { code: "invalid_retry", path: "$.retry" });
  const { timeoutMs } = opts;
  if (timeoutMs !== undefined && !(typeof timeoutMs === "number" && timeoutMs > 0 && timeoutMs <= MAX_TIMER_MS)) {
    throw callError(this, op, "input", `timeoutMs must be a number of ms in (0, ${MAX_TIMER_MS}]`, { code: "out_of_range", path: "$.timeoutMs" });
  }
  const random = opts.random ?? Math.random;
  const started = Date.now();
  let tokenRefreshed = false;
  let forceToken = false;
  for (let attempt = 1; ; attempt++) {
    // Each attempt is signed anew: a fixed `now` moves on by the time spent so far.
    const now = opts.now === undefined ? undefined : opts.now + (Date.now() - started);
    let raw;
    try {
      if (forceToken || (typeof this.needsToken === "function" && this.needsToken(now))) {
        forceToken = false;
        await ensureToken(this, { ...opts, now });
      }
      const req = this[op](input, { now, explain: opts.explain });
      raw = await send(this, op, req, opts, attemptSignal(opts.signal, timeoutMs));
      return this[parseName](raw);
    } catch (error) {
      if (!(error instanceof QuotakitError)) throw error;
      // The decision is the core's (src/retry.rs): the operation's repeat rule, the backoff
      // with full jitter, Retry-After, and Douyin's stale-token codes.
      // A failed token fetch never reached the operation: it may always be sent again.
      const safe = error.operation === "clientToken" || this.safeToRepeat(op, input);
      const delay = core.__retryDecision(vendor, attempt, error.code ?? undefined, error.retryable, safe,
        headerValue(raw?.headers, "retry-after"), Date.now(), random(), tokenRefreshed, policy.attempts, policy.baseDelayMs, policy.maxDelayMs);
      if (delay === REFRESH_TOKEN && typeof this.clientToken === "function") {
        // Fetched at the top of the loop, where a failed fetch is retried like any other.
        tokenRefreshed = true;
        forceToken = true;
        attempt--; // a new token is not a retry: the request never reached the service
        continue;
      }
      if (delay < 0 || opts.signal?.aborted) {
        // A transport failure of an operation not safe to repeat: the request may have
        // arrived and acted, so it is not retryable (the core says so of responses).
        if (error.retryable && !safe) {
          error.retryable = false;
          error.message += ` (not retryable: ${op} is not safe to repeat; the first attempt may have acted)`;
        }
        throw afterAttempts(error, attempt);
      }
      try {
        await sleep(delay, opts.signal);
      } catch {
        const passed = isTimeout(opts.signal.reason);
        throw afterAttempts(callError(this, op, "http", passed ? "the call's deadline (opts.signal) passed while waiting to resend" : "aborted by the caller's signal", {
          code: passed ? "deadline" : "aborted", cause: error,
        }), attempt);
      }
    }
  }
}

/** Longest body quotakit signs, in UTF-8 bytes (the core's `MAX_INPUT_BODY_BYTES`). */
const MAX_BODY_BYTES = 8 << 20;

/** Whether `body` is text the core would accept as a body: well-formed and not too long. */
function acceptableBody(body) {
  if (typeof body !== "string" || typeof body.isWellFormed !== "function" || !body.isWellFormed()) return false;
  // Each UTF-16 code unit is at most 3 UTF-8 bytes; count exactly only near the limit.
  return body.length * 3 <= MAX_BODY_BYTES || new TextEncoder().encode(body).length <= MAX_BODY_BYTES;
}

/**
 * bce-auth-v1 signs no body (only host, content-* and x-bce-* headers), so a Baidu body
 * need not cross into wasm and back: a valid one is taken out of the input and set on the
 * signed request. A 1 MB body then costs microseconds instead of copying it twice. Anything
 * the core must judge (a non-string, a lone surrogate, an oversized body, an input that is
 * not a plain object) goes to the core as it is, so its errors are unchanged.
 */
function withBodyOutsideWasm(signRequest) {
  const wrapped = function signRequest_(input, opts) {
    const plain = input !== null && typeof input === "object" && [Object.prototype, null].includes(Object.getPrototypeOf(input));
    const body = plain ? Object.getOwnPropertyDescriptor(input, "body")?.value : undefined;
    if (!acceptableBody(body)) return signRequest.call(this, input, opts);
    const { body: _, ...rest } = input;
    const req = signRequest.call(this, rest, opts);
    req.body = body;
    return req;
  };
  Object.defineProperty(wrapped, "name", { value: "signRequest" });
  wrapped.bodyOutsideWasm = true;
  return wrapped;
}

const isPlainObject = (v) => v !== null && typeof v === "object" && [Object.prototype, null].includes(Object.getPrototypeOf(v));
const RAW_FIELDS = new Set(["status", "headers", "body"]);
const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * Whether `raw` is `{ status, headers?, body }` as the core reads it without an input
 * error. Conservative: anything unusual (a null, a long or odd header, a lone surrogate)
 * answers false and goes to the full reader, which says what is wrong.
 */
function plainRaw(raw) {
  if (!isPlainObject(raw) || !Object.keys(raw).every((k) => RAW_FIELDS.has(k))) return false;
  const { status, headers, body } = raw;
  if (!Number.isInteger(status) || status < 100 || status > 599) return false;
  // A lone surrogate in the body reaches wasm as U+FFFD, where the table check stops.
  if (typeof body !== "string" && bytesOf(body) === undefined) return false;
  if (headers === undefined) return true;
  if (!isPlainObject(headers)) return false;
  return Object.values(headers).every((v) => v === undefined ||
    (typeof v === "string" && v.length <= 16384 && !CONTROL.test(v) && v.isWellFormed?.() === true));
}

/**
 * A body of bytes as a `Uint8Array` (a Node `Buffer` is one), from a `Uint8Array` or an
 * `ArrayBuffer` of any realm; `undefined` for anything else.
 */
function bytesOf(body) {
  if (body === null || typeof body !== "object") return undefined;
  const tag = Object.prototype.toString.call(body);
  return tag === "[object Uint8Array]" ? body : tag === "[object ArrayBuffer]" ? new Uint8Array(body) : undefined;
}

const utf8 = new TextDecoder();

/** The header `name` (lower case) as the core finds it: any ASCII case, first in key order. */
function headerValue(headers, name) {
  let found;
  for (const key of Object.keys(headers ?? {}).sort()) {
    if (key.length === name.length && /^[\x00-\x7f]*$/.test(key) && key.toLowerCase() === name && headers[key] !== undefined) {
      found ??= headers[key];
    }
  }
  return found;
}

/** Removes the field at `path` (`*`: every item of an array) from `value`. */
function dropPath(value, path, at = 0) {
  if (value === null || typeof value !== "object") return;
  const key = path[at];
  if (key === "*") {
    if (Array.isArray(value)) for (const item of value) dropPath(item, path, at + 1);
  } else if (!Array.isArray(value)) {
    if (at === path.length - 1) delete value[key];
    else dropPath(value[key], path, at + 1);
  }
}

/**
 * A response validator read by the operation table: the body crosses into wasm once and is
 * checked in one pass without building anything there, then the engine's `JSON.parse`
 * builds the result. The result keeps what the vendor sent beyond the model (unknown fields,
 * nulls), less the fields the model drops. Anything the table does not approve (an error
 * envelope, an invalid body, an unusual `raw`) goes to the full reader, which throws the
 * same QuotakitError as before, with every issue and its path.
 */
function withTableRead(parse, { name, modelAt, drop, requestIdHeader }) {
  const wrapped = function tableRead(raw) {
    if (plainRaw(raw)) {
      const headerId = requestIdHeader ? headerValue(raw.headers, requestIdHeader) : undefined;
      const bytes = typeof raw.body === "string" ? undefined : bytesOf(raw.body);
      const requestId = bytes === undefined
        ? this.__check(name, raw.status, raw.body, headerId)
        : this.__checkBytes(name, raw.status, bytes, headerId);
      if (requestId !== false) {
        // Checked: one JSON document of valid UTF-8, so decoding it loses nothing.
        const whole = JSON.parse(bytes === undefined ? raw.body : utf8.decode(bytes));
        const data = modelAt === null ? whole : whole[modelAt];
        for (const path of drop) dropPath(data, path);
        data.$metadata = { requestId, httpStatus: raw.status };
        return data;
      }
    }
    return parse.call(this, raw);
  };
  Object.defineProperty(wrapped, "name", { value: parse.name });
  wrapped.tableRead = true;
  wrapped.fullRead = parse; // for the differential test
  return wrapped;
}

/** Each vendor's client class. */
const CLASS_OF = { tencent: "TencentCloud", baidu: "Baidu", polyv: "Polyv", douyin: "Douyin" };

/** The operation table (src/operation.rs), per client class: `{ [op]: row }`. */
const TABLES = new WeakMap();

/** `client`'s row of the operation table for `op`, if it has one. */
const tableRow = (client, op) => TABLES.get(Object.getPrototypeOf(client))?.[op];

/**
 * What a customer bought and has left, from a validated result of read operation `op`:
 * `Entitlement[]` at `opts.now` (default `Date.now()`). A result that does not name its
 * holder needs it as an option, as the operation table says (`entitlementsNeed`): Douyin's
 * purchase list `opts.openId`, a Tencent usage plan `opts.instanceId`.
 */
function entitlements(op, result, opts) {
  return JSON.parse(this.__entitlements(String(op), JSON.stringify(result ?? null), opts));
}

/**
 * Every page of paged read `op`, as an async iterable, each fetched with `call()` and its
 * options (`fetch`, `retry`, `timeoutMs`, `signal`). It starts at the input's page (or the first) and
 * stops at an empty or short page or at the total the vendor reports, so it never asks for
 * a page past the end.
 */
async function* paginate(op, input = {}, opts = {}) {
  const paging = tableRow(this, op)?.paging;
  if (!paging) {
    throw callError(this, String(op), "input", `${JSON.stringify(String(op))} is not a paged read operation`, { code: "unknown_operation" });
  }
  if (!isPlainObject(input)) {
    throw callError(this, op, "input", "input must be a plain object", { code: "invalid_type", path: "$" });
  }
  if (paging.kind === "offset") {
    const limit = input[paging.limit];
    for (let offset = input[paging.offset] ?? 0; ;) {
      const page = await this.call(op, { ...input, [paging.offset]: offset }, opts);
      yield page;
      const received = page[paging.items]?.length ?? 0;
      offset += received;
      if (received === 0 || received < limit || offset >= page[paging.total]) return;
    }
  }
  const size = input[paging.size] ?? paging.defaultSize;
  for (let number = input[paging.number] ?? 1; ; number++) {
    const page = await this.call(op, { ...input, [paging.number]: number }, opts);
    yield page;
    const received = page[paging.items]?.length ?? 0;
    const pages = paging.totalPages ? page[paging.totalPages] : undefined;
    const items = paging.totalItems ? page[paging.totalItems] : undefined;
    if (received === 0 || received < size) return;
    if (Number.isInteger(pages) && number >= pages) return;
    if (Number.isInteger(items) && number * size >= items) return;
  }
}

/** The glue, once installed: `summarize` and the schemas run in its core. */
let core;

/** `client`'s operation `op` with a schema of its `part` ("result" or "input"), or a QuotakitError. */
function schemaOperation(client, op, part) {
  if (part !== "result" && part !== "input") {
    throw callError(client, String(op), "input", `part must be "result" or "input", not ${JSON.stringify(String(part))}`, { code: "invalid_part" });
  }
  const row = tableRow(client, op);
  if (!row?.[part === "input" ? "inputSchema" : "resultSchema"]) {
    throw callError(client, String(op), "input", `${JSON.stringify(String(op))} has no ${part} schema`, { code: "unknown_operation" });
  }
  return row;
}

/**
 * Issues as Standard Schema's, from the core's JSON ("" for none): its `message` and `path`,
 * plus quotakit's own `code`, `expected` and `received` to branch on.
 */
function standardIssues(found) {
  return JSON.parse(found).map((i) => ({
    message: `${i.code} at ${i.path}: expected ${i.expected}, received ${i.received}`,
    path: i.pathSegments, code: i.code, expected: i.expected, received: i.received,
  }));
}

/**
 * The result model of `op` (or, with `part` "input", its input model) as a Standard
 * Schema v1 (https://standardschema.dev): the interface zod, valibot, ArkType and the
 * libraries that accept them share. A result's `validate` checks a value (already parsed)
 * against the same tables as `parseOp`, leniently; an input's runs the builder's own check
 * (strict reading and the documented rules) without signing. Each gives every issue with
 * its path.
 */
function schema(op, part = "result") {
  const { vendor, name } = schemaOperation(this, op, part);
  const validate = part === "input"
    ? (value) => {
      const found = core.__checkInput(vendor, name, value);
      return found === "" ? { value } : { issues: standardIssues(found) };
    }
    : (value) => {
      let text;
      try {
        text = JSON.stringify(value);
      } catch (error) {
        return { issues: [{ message: `not a JSON value: ${error.message}` }] };
      }
      if (text === undefined) return { issues: [{ message: "expected a JSON value, received undefined" }] };
      const found = core.__checkShape(vendor, name, text);
      return found === "" ? { value } : { issues: standardIssues(found) };
    };
  return { "~standard": { version: 1, vendor: "quotakit", validate } };
}

/** The result (or input) model of `op` as JSON Schema (draft 2020-12), from the same tables. */
function jsonSchema(op, part = "result") {
  const { vendor, name } = schemaOperation(this, op, part);
  return JSON.parse(core.__jsonSchema(vendor, name, part === "input"));
}

/**
 * Folds entitlements from any vendors into one row per customer and unit, with alerts
 * (`low`, `exhausted`, `expiring`, `expired`), at `opts.now` (default `Date.now()`).
 */
export function summarize(entitlements, opts) {
  return core.__summarize(entitlements, opts);
}

/**
 * Whether `value` converts to the same JSON through `JSON.stringify` as through the core's
 * own reading of JS values (src/wasm/convert.rs): plain objects and arrays, well-formed
 * strings, booleans, null, and safe integers. Anything else (a float, -0, NaN, a Date, a
 * lone surrogate, an `undefined` member, deep nesting) answers false: the core then reads
 * the value itself and says what is wrong.
 */
function plainJson(value, depth = 0) {
  switch (typeof value) {
    case "string": return value.isWellFormed?.() === true;
    case "number": return Number.isSafeInteger(value) && !Object.is(value, -0);
    case "boolean": return true;
    case "object": {
      if (value === null) return true;
      if (depth >= 60) return false;
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) if (!plainJson(value[i], depth + 1)) return false;
        return true;
      }
      if (!isPlainObject(value)) return false;
      for (const key of Object.keys(value)) if (!key.isWellFormed() || !plainJson(value[key], depth + 1)) return false;
      return true;
    }
    default: return false;
  }
}

/** `opts` of a builder as the string boundary takes it: `now` or nothing; false to decline. */
function plainNow(opts) {
  if (opts === undefined) return { now: undefined };
  if (!isPlainObject(opts) || !Object.keys(opts).every((k) => k === "now" || k === "explain")) return false;
  if (opts.explain !== undefined && opts.explain !== false) return false;
  const { now } = opts;
  return now === undefined || (Number.isSafeInteger(now) && !Object.is(now, -0)) ? { now } : false;
}

/**
 * `{ method, url, headers, body? }` from the core's lines (src/wasm/mod.rs, request_lines):
 * the body is `body` when JS holds it, else the last line when the core wrote one.
 */
function fromLines(lines, method, body) {
  const parts = lines.split("\n");
  const headers = {};
  for (let i = 1; i < parts.length - 1; i += 2) headers[parts[i]] = parts[i + 1];
  const request = { method, url: parts[0], headers };
  const written = parts[parts.length - 1];
  if (body !== undefined) request.body = body;
  else if (written !== "") request.body = written;
  return request;
}

/** Text the core takes on a string boundary line as it is: short, well-formed, no controls. */
const cleanText = (v) => typeof v === "string" && v.length <= 16384 && !/[\u0000-\u001f\u007f-\u009f]/.test(v) && v.isWellFormed();

/** `count \n name \n value ...` for a map of clean text, or false. */
function nameValueLines(map) {
  if (map === undefined) return "0";
  if (!isPlainObject(map)) return false;
  const keys = Object.keys(map);
  let out = String(keys.length);
  for (const key of keys) {
    const value = map[key];
    if (!cleanText(key) || !cleanText(value)) return false;
    out += `\n${key}\n${value}`;
  }
  return out;
}

const BCE_FIELDS = new Set(["method", "path", "query", "headers", "body"]);
const BCE_METHODS = new Set(["GET", "POST", "PUT", "DELETE", "HEAD"]);

/**
 * Baidu's `signRequest` across a string boundary: method, path, query and headers cross as
 * one string of lines, the signed request comes back as lines, and the body never enters
 * wasm (bce-auth-v1 does not sign it). Anything unusual goes to `fallback`.
 */
function withStringBoundaryBce(signRequest, fallback) {
  const wrapped = function signRequest_(input, opts) {
    const when = plainNow(opts);
    if (when && isPlainObject(input) && Object.keys(input).every((k) => BCE_FIELDS.has(k))) {
      const { method, path, query, headers, body } = input;
      const queryLines = nameValueLines(query);
      const headerLines = nameValueLines(headers);
      if (BCE_METHODS.has(method) && cleanText(path) && queryLines && headerLines &&
          (body === undefined ? !("body" in input) : acceptableBody(body))) {
        return fromLines(this.__signLines(`${method}\n${path}\n${queryLines}\n${headerLines}`, when.now), method, body);
      }
    }
    return fallback.call(this, input, opts);
  };
  Object.defineProperty(wrapped, "name", { value: "signRequest" });
  wrapped.fullPath = signRequest; // for the differential test
  return wrapped;
}

const TC3_FIELDS = new Set(["service", "action", "version", "payload", "contentType"]);
const TC3_CONTENT_TYPES = new Set([undefined, "application/json", "application/json; charset=utf-8"]);
/** A text payload longer than this is hashed by the host's SHA-256, when it has one: a
 * node:crypto call costs about as much as hashing 1 KB in wasm. */
const HOST_HASH_FROM = 1024;
/** The core's `is_object_text`: `{` first and `}` last, JSON whitespace aside. */
function isObjectText(text) {
  const space = (c) => c === 32 || c === 9 || c === 10 || c === 13;
  let first = 0, last = text.length - 1;
  while (first <= last && space(text.charCodeAt(first))) first++;
  while (last >= first && space(text.charCodeAt(last))) last--;
  return last > first && text.charCodeAt(first) === 123 && text.charCodeAt(last) === 125;
}

/**
 * TencentCloud's `signRequest` across a string boundary: the input's types are checked here,
 * the strings cross into wasm in one call, and the signed request comes back as lines that
 * this assembles. A long text payload never enters wasm where the host has a synchronous
 * SHA-256 (`node:crypto`): the host hashes it and the core signs the digest. Whatever is
 * unusual (explain output, a float in the payload, an unknown field) takes the full path,
 * whose errors and results are the reference (tests/js/string-boundary.test.mjs).
 */
function withStringBoundaryTc3(signRequest, sha256Hex) {
  const wrapped = function signRequest_(input, opts) {
    const when = plainNow(opts);
    if (when && isPlainObject(input) && Object.keys(input).every((k) => TC3_FIELDS.has(k))) {
      const { service, action, version, payload, contentType } = input;
      if (typeof service === "string" && /^[a-z0-9]{1,64}$/.test(service) && typeof action === "string" &&
          /^[A-Za-z0-9]{1,128}$/.test(action) && typeof version === "string" && /^[0-9-]{1,32}$/.test(version) &&
          TC3_CONTENT_TYPES.has(contentType)) {
        const head = `${service}\n${action}\n${version}\n${contentType ?? ""}\n`;
        if (payload === undefined && !("payload" in input)) {
          return fromLines(this.__signLines(head, 0, when.now), "POST");
        }
        if (typeof payload === "string" && acceptableBody(payload)) {
          const digest = sha256Hex && payload.length > HOST_HASH_FROM && isObjectText(payload) ? sha256Hex(payload) : undefined;
          if (digest !== undefined) return fromLines(this.__signLines(head + digest, 3, when.now), "POST", payload);
          return fromLines(this.__signLines(head + payload, 1, when.now), "POST", payload);
        }
        if (isPlainObject(payload) && plainJson(payload)) {
          return fromLines(this.__signLines(head + JSON.stringify(payload), 2, when.now), "POST");
        }
      }
    }
    return signRequest.call(this, input, opts);
  };
  Object.defineProperty(wrapped, "name", { value: "signRequest" });
  wrapped.fullPath = signRequest; // for the differential test
  return wrapped;
}

/**
 * A typed builder (any operation with an input model) on a string
 * boundary: an input of plain JSON crosses into wasm as one `JSON.stringify` text instead
 * of being walked field by field through the JS API, and the request comes back as lines.
 * Anything else (a float, a Date, a lone surrogate, `explain`) takes the full path, whose
 * results and errors are the reference (tests/js/string-boundary.test.mjs).
 */
function withStringBoundaryBuilder(build, op) {
  const wrapped = function build_(input, opts) {
    const when = plainNow(opts);
    if (when && isPlainObject(input) && plainJson(input)) {
      const lines = this.__buildLines(op, JSON.stringify(input), when.now);
      const cut = lines.indexOf("\n");
      return fromLines(lines.slice(cut + 1), lines.slice(0, cut));
    }
    return build.call(this, input, opts);
  };
  Object.defineProperty(wrapped, "name", { value: build.name });
  wrapped.fullPath = build; // for the differential test
  return wrapped;
}

/**
 * Headers as the core reads them, a plain object of strings, from what servers hand over:
 * Node's `req.headers` (a repeated header as a `string[]`, joined with ", " as HTTP joins
 * them; `undefined` for none) or a Fetch `Headers` (or anything with its `forEach`).
 * Anything else goes to the core as it is, which says what is wrong.
 */
function plainHeaders(headers) {
  if (headers !== null && typeof headers === "object" && !isPlainObject(headers) && !Array.isArray(headers) && typeof headers.forEach === "function") {
    const out = {};
    headers.forEach((value, name) => { out[name] = value; });
    return out;
  }
  if (!isPlainObject(headers)) return headers;
  const out = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    out[name] = Array.isArray(value) && value.every((v) => typeof v === "string") ? value.join(", ") : value;
  }
  return out;
}

/** `verifyWebhook` that takes the headers a server has (`plainHeaders`). */
function withServerHeaders(verify) {
  const wrapped = function verifyWebhook(request) {
    const given = isPlainObject(request) && "headers" in request;
    return verify.call(this, given ? { ...request, headers: plainHeaders(request.headers) } : request);
  };
  wrapped.serverHeaders = true;
  return wrapped;
}

/** The exported client classes, which get `call`. */
const CLIENTS = ["Baidu", "Douyin", "Polyv", "TencentCloud"];

/**
 * Wires the glue to this file: errors are thrown as QuotakitError; clients get `call`.
 * `host.sha256Hex(text)`, where the runtime has a synchronous SHA-256, hashes long bodies
 * (it may answer `undefined`: the core hashes them then).
 */
export function install(glue, host = {}) {
  glue.__setErrorClass(QuotakitError);
  const baidu = glue.Baidu.prototype;
  if (!baidu.signRequest.fullPath) {
    baidu.signRequest = withStringBoundaryBce(baidu.signRequest, withBodyOutsideWasm(baidu.signRequest));
  }
  const douyin = glue.Douyin.prototype;
  if (!douyin.verifyWebhook.serverHeaders) douyin.verifyWebhook = withServerHeaders(douyin.verifyWebhook);
  const tencent = glue.TencentCloud.prototype;
  if (!tencent.signRequest.fullPath) tencent.signRequest = withStringBoundaryTc3(tencent.signRequest, host.sha256Hex);
  core = glue;
  for (const op of JSON.parse(glue.__operations())) {
    const proto = glue[CLASS_OF[op.vendor]].prototype;
    const table = TABLES.get(proto) ?? {};
    TABLES.set(proto, Object.assign(table, { [op.name]: op }));
    if (op.inputType === null || Object.prototype.hasOwnProperty.call(proto, op.name)) continue;
    // One generic export per kind of call, named per operation here.
    const parseName = "parse" + op.name[0].toUpperCase() + op.name.slice(1);
    const { [op.name]: build } = { [op.name](input, opts) { return this.__build(op.name, input, opts); } };
    const { [parseName]: parse } = { [parseName](raw) { return this.__parse(op.name, raw); } };
    method(proto, op.name, withStringBoundaryBuilder(build, op.name));
    method(proto, parseName, op.tableRead ? withTableRead(parse, op) : parse);
  }
  for (const Client of CLIENTS.map((name) => glue[name])) {
    for (const [name, value] of Object.entries({ call, entitlements, paginate, schema, jsonSchema })) {
      if (!Object.prototype.hasOwnProperty.call(Client.prototype, name)) method(Client.prototype, name, value);
    }
  }
}

/** Adds a method as a class declares one: not enumerable. */
function method(proto, name, value) {
  Object.defineProperty(proto, name, { value, writable: true, configurable: true });
}
