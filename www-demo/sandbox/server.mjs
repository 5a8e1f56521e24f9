// The vendor sandbox: one loopback HTTP server that plays Tencent Cloud, Baidu TMS, Polyv and
// Douyin for every operation quotakit models. It verifies every signature and token with its
// own node:crypto code (./verify/), never with quotakit, keeps state seeded from seed.json,
// enforces the documented limits, injects faults (./faults.mjs) and sends signed webhooks.
// Node built-ins only, so it starts in milliseconds and runs wherever Node does.
//
//   import { startSandbox } from "./www-demo/sandbox/server.mjs";
//   const sandbox = await startSandbox();          // sandbox.url: http://127.0.0.1:<port>
//   node www-demo/sandbox/server.mjs --port 8081   // standalone
//
// All vendors share one origin: point every client's `endpoint` at `sandbox.url`. Tencent is
// told apart by X-TC-Action; the others by their documented paths. Control routes live under
// /__sandbox/ (faults, reset, webhooks); see the README's "Vendor sandbox" section. They
// answer only requests with the sandbox's own Host, and change state only for requests that
// no other site's page sent (../guard.mjs); webhooks are delivered only to loopback, and a
// redirect is a failed delivery. The sandbox has no access token, so it listens only on
// loopback.
import { createHash, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import http from "node:http";
import { fileURLToPath } from "node:url";
import { allowedHostNames, crossSiteProblem, hostProblem, isLoopback, requestTarget } from "../guard.mjs";
import { FaultTable, applyFault, faultProblem, reachesVendor } from "./faults.mjs";
import { createBaidu } from "./vendors/baidu.mjs";
import { createDouyin } from "./vendors/douyin.mjs";
import { createPolyv } from "./vendors/polyv.mjs";
import { createTencent } from "./vendors/tencent.mjs";

export const SEED_FILE = fileURLToPath(new URL("./seed.json", import.meta.url));
export const loadSeed = () => JSON.parse(readFileSync(SEED_FILE, "utf8"));
const MAX_BODY_BYTES = 1 << 20;
/** An error answered with `status` and its message as plain text (the others are bugs: a 500). */
const httpError = (status, message) => Object.assign(new Error(message), { status });

/**
 * Starts the sandbox. Options: `host` (127.0.0.1; only loopback addresses, since the sandbox
 * asks no token and resets or injects faults for anyone who reaches it), `port` (0 = any
 * free one), `seed` (the parsed seed.json), `now` (a clock in ms, for tests), `faults`
 * (specs switched on from the start), `randomFaults` (`{ rate, seed, kinds?, delayMs? }`:
 * faults at random over the whole run), `log` (called with one line per request, and with
 * the stack of a sandbox bug; console.error when not given).
 */
export async function startSandbox({ host = "127.0.0.1", port = 0, seed = loadSeed(), now = Date.now, faults = [], randomFaults = null, log } = {}) {
  if (!isLoopback(host)) {
    const tunnel = `ssh -L ${port || 8081}:127.0.0.1:${port || 8081} <this host>`;
    throw new Error(`the sandbox listens only on loopback, not ${host}: it asks no access token. To reach it from another machine, use an SSH tunnel (${tunnel})`);
  }
  const table = new FaultTable();
  for (const spec of faults) table.add(spec);
  table.random(randomFaults);
  const context = { seed, now, newRequestId: randomUUID };
  let vendors;
  const reset = () => {
    vendors = [createTencent(context), createBaidu(context), createPolyv(context), createDouyin(context)];
  };
  reset();
  const vendor = (name) => vendors.find((v) => v.vendor === name);
  const allowed = allowedHostNames(host);
  let origin = null; // http://host:port once listening
  let boundPort = null;

  // Everything that can throw is inside one try: the console shares this process, and a
  // request that threw outside it would end both servers.
  const server = http.createServer(async (incoming, res) => {
    const started = Date.now();
    let answer;
    let label = "-";
    try {
      const target = requestTarget(incoming.url, origin);
      if (!target) throw httpError(400, "the request target must be a path on this server");
      // A malformed Host is refused everywhere; a foreign one only on the control routes.
      const badHost = hostProblem(incoming, allowed, boundPort);
      if (badHost?.status === 400) throw httpError(400, badHost.message);
      const req = await readRequest(incoming, target);
      if (req.path.startsWith("/__sandbox/")) {
        label = "control";
        answer = await control(req, badHost);
      } else {
        const match = vendors.map((v) => [v, v.operation(req)]).find(([, op]) => op);
        if (!match) {
          answer = { status: 404, headers: { "content-type": "text/plain" }, body: `no sandbox route for ${req.method} ${req.path}` };
        } else {
          const [v, operation] = match;
          label = `${v.vendor} ${operation}`;
          const fault = table.take(v.vendor, operation, req.headers["x-sandbox-fault"]);
          if (fault) label += ` [fault ${fault.kind}]`;
          if (fault && !reachesVendor(fault)) {
            answer = await applyFault(fault, null);
          } else {
            const { json, ...rest } = await v.handle(req, operation);
            answer = { ...rest, body: JSON.stringify(json) };
            if (fault) answer = await applyFault(fault, answer, (body) => v.corrupt(operation, body));
          }
        }
      }
      if (res.destroyed) return;
      res.writeHead(answer.status, answer.headers);
      res.end(answer.body);
    } catch (error) {
      answer = error?.status ? { status: error.status, body: error.message } : { status: 500, body: "sandbox bug: the sandbox's log has the details" };
      // The stack names files: it goes to the log, never into an answer.
      if (!error?.status) (log ?? console.error)(`sandbox bug on ${incoming.method} ${incoming.url.split("?")[0]}: ${error.stack}`);
      if (res.destroyed) return;
      if (res.headersSent) return res.destroy();
      res.writeHead(answer.status, { "content-type": "text/plain", connection: "close" });
      res.end(answer.body);
    }
    log?.(`${incoming.method} ${incoming.url.split("?")[0]} → ${answer.status} ${label} ${errorCode(answer.body)}(${Date.now() - started} ms)`);
  });

  async function control(req, badHost) {
    const ok = (json) => ({ status: 200, headers: { "content-type": "application/json" }, body: JSON.stringify(json) });
    const bad = (message, status = 400) => ({ status, headers: { "content-type": "application/json" }, body: JSON.stringify({ error: message }) });
    // Programs (tests, curl) send no Origin; browsers always do on a cross-site POST.
    const refused = badHost?.message ?? crossSiteProblem(req.method, req.headers, { allowNoOrigin: true });
    if (refused) return bad(refused, 403);
    let body = {};
    try {
      if (req.body) body = JSON.parse(req.body);
    } catch {
      return bad("the body is not JSON");
    }
    if (body === null || typeof body !== "object" || Array.isArray(body)) return bad("the body must be a JSON object");
    switch (`${req.method} ${req.path}`) {
      case "GET /__sandbox/health":
        return ok({ ok: true, vendors: vendors.map((v) => v.vendor) });
      case "GET /__sandbox/faults":
        return ok(table.list());
      case "POST /__sandbox/faults": {
        const problem = faultProblem(body);
        if (problem) return bad(problem);
        table.add(body);
        return ok(table.list());
      }
      case "DELETE /__sandbox/faults":
        table.clear();
        return ok([]);
      case "POST /__sandbox/reset":
        reset();
        table.clear();
        return ok({ ok: true });
      case "POST /__sandbox/webhooks/douyin":
      case "POST /__sandbox/webhooks/tencent": {
        const problem = webhookTargetProblem(body.url);
        if (problem) return bad(problem);
        try {
          return ok(req.path.endsWith("douyin") ? await sandbox.sendDouyinWebhook(body.url, body) : await sandbox.sendTencentNotification(body.url, body));
        } catch (e) {
          if (e.status) return bad(e.message, e.status); // not delivered
          throw e;
        }
      }
      default:
        return bad(`unknown control route ${req.method} ${req.path}`);
    }
  }

  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, resolve);
  });
  boundPort = server.address().port;
  origin = `http://${host.includes(":") ? `[${host}]` : host}:${boundPort}`;
  const sandbox = {
    url: origin,
    faults: table,
    get tencent() { return vendor("tencent"); },
    get baidu() { return vendor("baidu"); },
    get polyv() { return vendor("polyv"); },
    get douyin() { return vendor("douyin"); },
    /** Back to seed.json's state, with no faults. */
    reset() {
      reset();
      table.clear();
    },
    /**
     * POSTs a signed Douyin webhook to `url`: a `service_market_order` event for
     * `{ open_id, service_mode_id?, order_event? }`, or `{ envelope }` as given (e.g. a
     * verify_webhook challenge). `tamper: true` breaks the signature. Returns the receiver's answer.
     */
    async sendDouyinWebhook(url, { envelope, tamper = false, ...event } = {}) {
      const { body, headers } = vendor("douyin").signedWebhook(envelope ?? vendor("douyin").orderEvent(event));
      if (tamper) headers["x-douyin-signature"] = headers["x-douyin-signature"].replace(/^./, (c) => (c === "0" ? "1" : "0"));
      return deliver(url, headers, body);
    },
    /**
     * POSTs a Tencent Market SaaS notification to `url` with `signature`, `timestamp` and
     * `eventId` in the query: SHA256 of the sorted [token, timestamp, eventId], lowercase hex.
     */
    async sendTencentNotification(url, { token, payload = { action: "createInstance" }, timestamp = Math.floor(now() / 1000), eventId = Math.floor(Math.random() * 2 ** 31) }) {
      const signature = createHash("sha256").update([token, String(timestamp), String(eventId)].sort().join("")).digest("hex");
      const target = new URL(url);
      target.searchParams.set("signature", signature);
      target.searchParams.set("timestamp", String(timestamp));
      target.searchParams.set("eventId", String(eventId));
      return deliver(target.href, { "content-type": "application/json" }, JSON.stringify(payload));
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
  return sandbox;
}

/** Why the sandbox will not POST a webhook to `url`: it delivers only to this machine. */
function webhookTargetProblem(url) {
  let target;
  try {
    target = new URL(url);
  } catch {
    return "url must be an absolute http URL";
  }
  if (target.protocol !== "http:" && target.protocol !== "https:") return "url must be an http URL";
  return isLoopback(target.hostname) ? null : `the sandbox delivers webhooks only to loopback, not ${target.hostname}`;
}

/**
 * POSTs a webhook to `url` and returns the receiver's answer. A redirect is a failed
 * delivery (a 502 error), not followed: it could carry the signed body off this machine.
 */
async function deliver(url, headers, body) {
  let res;
  try {
    res = await fetch(url, { method: "POST", headers, body, redirect: "manual", signal: AbortSignal.timeout(5000) });
  } catch (e) {
    throw httpError(502, `the webhook was not delivered to ${url}: ${e.cause?.code ?? e.cause?.message ?? e.message}`);
  }
  if (res.status >= 300 && res.status < 400) {
    await res.body?.cancel();
    throw httpError(502, `the webhook was not delivered: ${url} answered ${res.status}, a redirect, which the sandbox does not follow`);
  }
  return { status: res.status, body: await res.text(), sent: { headers, body } };
}

/** The request's method, path, query, headers and body; `target` is its parsed URL. */
function readRequest(incoming, target) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    incoming.on("data", (chunk) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(Object.assign(new Error("request body too large"), { status: 413 }));
        incoming.destroy();
      } else chunks.push(chunk);
    });
    incoming.on("error", () => reject(httpError(400, "the request was cut off")));
    incoming.on("end", () => {
      resolve({
        method: incoming.method,
        url: target.href,
        path: target.pathname,
        query: target.searchParams,
        headers: incoming.headers, // Node lower-cases the names
        body: Buffer.concat(chunks).toString("utf8"),
      });
    });
  });
}

/** The vendor's error code in a response body, for the log line. */
function errorCode(body) {
  const m = /"(?:Code|code|error_code)":\s*"?([A-Za-z.0-9]+)/.exec(body ?? "");
  return m && !["0", "200", "Success"].includes(m[1]) ? `${m[1]} ` : "";
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const arg = (name, fallback) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? process.argv[i + 1] : fallback;
  };
  const sandbox = await startSandbox({ port: Number(arg("port", 8081)), host: arg("host", "127.0.0.1"), log: console.log }).catch((e) => {
    console.error(e.message);
    process.exit(2);
  });
  console.log(`vendor sandbox on ${sandbox.url} (seed: ${SEED_FILE})`);
  process.on("SIGINT", () => sandbox.close().then(() => process.exit(0)));
  process.on("SIGTERM", () => sandbox.close().then(() => process.exit(0)));
}
