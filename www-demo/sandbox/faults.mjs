// Fault injection: what a flaky vendor or a broken gateway does to a response. A fault is
// switched on per request (header `x-sandbox-fault: <kind>[;delay=ms]`) or by config
// (`sandbox.faults.add({ kind, vendor?, operation?, times? })`, or POST /__sandbox/faults),
// or at random over a whole run (`sandbox.faults.random({ rate, seed })`, or the option
// `randomFaults`), and each kind is something quotakit must classify:
//
//   5xx         503 with a plain-text body              → kind "http", retryable
//   html        502 with an nginx-style HTML page        → kind "http", retryable
//   truncated   the real answer cut in half, status 200   → kind "schema" invalid_json, retryable
//   slow        the real answer after `delayMs` (2 s)     → a caller's timeout fires first
//   wrong-type  the real answer with one field retyped    → kind "schema" with that field's path
//
// 5xx and html stand for a gateway that failed before the vendor saw the request, so nothing
// changes; the other three happen after the vendor acted (a deduction has been made), which
// is exactly the case where only an idempotent resend is safe.

export const FAULT_KINDS = ["5xx", "html", "truncated", "slow", "wrong-type"];

const GATEWAY_PAGE = `<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;

/** Checks a fault spec from config or the control API; returns an error message or null. */
export function faultProblem(spec) {
  if (typeof spec !== "object" || spec === null) return "a fault is an object { kind, vendor?, operation?, times?, delayMs? }";
  if (!FAULT_KINDS.includes(spec.kind)) return `kind must be one of ${FAULT_KINDS.join(", ")}`;
  if (spec.times !== undefined && !(Number.isInteger(spec.times) && spec.times > 0)) return "times must be a positive integer";
  if (spec.delayMs !== undefined && !(Number.isInteger(spec.delayMs) && spec.delayMs >= 0 && spec.delayMs <= 60_000)) return "delayMs must be 0..=60000";
  return null;
}

/** Checks a random-fault spec; returns an error message or null. */
export function randomProblem(spec) {
  if (typeof spec !== "object" || spec === null) return "random faults are { rate, seed, kinds?, delayMs? }";
  if (!(typeof spec.rate === "number" && spec.rate >= 0 && spec.rate <= 1)) return "rate must be a number in 0..=1";
  if (!Number.isInteger(spec.seed)) return "seed must be an integer";
  if (spec.kinds !== undefined && !(Array.isArray(spec.kinds) && spec.kinds.length > 0 && spec.kinds.every((k) => FAULT_KINDS.includes(k)))) {
    return `kinds must be a non-empty list of ${FAULT_KINDS.join(", ")}`;
  }
  return faultProblem({ kind: "5xx", delayMs: spec.delayMs });
}

/** mulberry32: a small seeded PRNG, so that a chaos run can be replayed. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The faults switched on by config, each matching a vendor/operation, used `times` times;
 * and faults at random over a whole run: each vendor request draws one with probability
 * `rate` from a PRNG seeded with `seed`, of a kind drawn from `kinds`.
 */
export class FaultTable {
  #rules = [];
  #random = null;
  #stats = { requests: 0, faults: {} };

  /** Switches random faults on (`{ rate, seed, kinds?, delayMs? }`) or off (`null`). */
  random(spec) {
    if (spec !== null) {
      const problem = randomProblem(spec);
      if (problem) throw new TypeError(problem);
    }
    this.#random = spec && { ...spec, kinds: spec.kinds ?? FAULT_KINDS, next: prng(spec.seed) };
  }

  /** Vendor requests seen and faults injected, by kind, since the last reset. */
  stats() {
    return { requests: this.#stats.requests, faults: { ...this.#stats.faults } };
  }

  add(spec) {
    const problem = faultProblem(spec);
    if (problem) throw new TypeError(problem);
    this.#rules.push({ ...spec, left: spec.times ?? Infinity });
  }

  clear() {
    this.#rules = [];
    this.#random = null;
    this.#stats = { requests: 0, faults: {} };
  }

  list() {
    return this.#rules.map(({ left, ...spec }) => ({ ...spec, left: left === Infinity ? null : left }));
  }

  /** The fault for this request, if any: the request's header wins over the table. */
  take(vendor, operation, header) {
    this.#stats.requests += 1;
    const fault = this.#pick(vendor, operation, header);
    if (fault) this.#stats.faults[fault.kind] = (this.#stats.faults[fault.kind] ?? 0) + 1;
    return fault;
  }

  #pick(vendor, operation, header) {
    if (header) {
      const [kind, ...params] = header.split(";").map((s) => s.trim());
      const delay = params.find((p) => p.startsWith("delay="));
      const spec = { kind, delayMs: delay ? Number(delay.slice(6)) : undefined };
      if (!faultProblem(spec)) return spec;
    }
    const rule = this.#rules.find((r) => r.left > 0 && (!r.vendor || r.vendor === vendor) && (!r.operation || r.operation === operation));
    if (rule) {
      rule.left -= 1;
      return rule;
    }
    const random = this.#random;
    if (!random || random.next() >= random.rate) return null;
    return { kind: random.kinds[Math.floor(random.next() * random.kinds.length)], delayMs: random.delayMs };
  }
}

/** Whether the vendor handles the request before the fault strikes. */
export const reachesVendor = (fault) => !["5xx", "html"].includes(fault.kind);

/** The response a fault turns `answer` (`{ status, headers, body }`, body a string) into. */
export async function applyFault(fault, answer, corrupt) {
  switch (fault.kind) {
    case "5xx":
      return { status: 503, headers: { "content-type": "text/plain" }, body: "Service Temporarily Unavailable" };
    case "html":
      return { status: 502, headers: { "content-type": "text/html" }, body: GATEWAY_PAGE };
    case "truncated":
      return { ...answer, body: answer.body.slice(0, Math.max(1, Math.floor(answer.body.length / 2))) };
    case "slow":
      await new Promise((resolve) => setTimeout(resolve, fault.delayMs ?? 2000));
      return answer;
    case "wrong-type": {
      const json = JSON.parse(answer.body);
      const path = corrupt(json);
      return { ...answer, headers: { ...answer.headers, "x-sandbox-corrupted": path ?? "" }, body: JSON.stringify(json) };
    }
    default:
      return answer;
  }
}
