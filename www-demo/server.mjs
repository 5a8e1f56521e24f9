// The admin console's server: static files from public/, quotakit's browser build under
// /quotakit/ (for the signature inspector and response validator, which run in the page's
// wasm), and /api/* routes that call the vendors through backend.mjs. Credentials stay here;
// the browser only ever sees results and typed errors.
//
// The console can deduct a customer's paid uses, so it guards itself (./guard.mjs): a Host
// allow-list before any route, state changes only from its own page as JSON, a token when
// bound beyond loopback, and headers that keep other pages from scripting or framing it.
import { readFile } from "node:fs/promises";
import http from "node:http";
import { extname, join, normalize, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { errorBody } from "./backend.mjs";
import { TokenGate, allowedHostNames, crossSiteProblem, hostProblem, isLoopback, requestTarget } from "./guard.mjs";
import { samplesModule } from "./samples.mjs";

const PUBLIC = fileURLToPath(new URL("./public/", import.meta.url));
const QUOTAKIT = fileURLToPath(new URL("../node_modules/quotakit/", import.meta.url));
const TYPES = { ".html": "text/html; charset=utf-8", ".mjs": "text/javascript", ".js": "text/javascript", ".css": "text/css", ".wasm": "application/wasm", ".json": "application/json", ".svg": "image/svg+xml" };
/** What the page may load from the package: the web entry and what it imports. */
const QUOTAKIT_FILES = new Set(["web.mjs", "quotakit.js", "extras.mjs", "api.mjs", "quotakit_bg.wasm"]);
/** Where Douyin (here, the sandbox) delivers its webhooks: set it as the app's callback URL. */
export const WEBHOOK_PATH = "/webhooks/douyin";
/** The largest request body the API reads; a larger one is a 413 before any route runs. */
const MAX_BODY_BYTES = 64 * 1024;
/**
 * Sent with every answer. Scripts only from the console itself (plus compiling its wasm),
 * no inline script or style, no framing (clickjacking of "Deduct 1"), no referrer, and a
 * browsing context of its own.
 */
const SECURITY_HEADERS = {
  "content-security-policy": [
    "default-src 'none'", "script-src 'self' 'wasm-unsafe-eval'", "style-src 'self'", "img-src 'self' data:",
    "connect-src 'self'", "base-uri 'none'", "form-action 'none'", "frame-ancestors 'none'",
  ].join("; "),
  "x-frame-options": "DENY",
  "referrer-policy": "no-referrer",
  "cross-origin-opener-policy": "same-origin",
  "cross-origin-resource-policy": "same-origin",
  "x-content-type-options": "nosniff",
  "cache-control": "no-store",
};

/**
 * Starts the console on `host:port` with a backend from createBackend().
 *
 * - `allowedHosts`: more Host names to serve (loopback names and `host` always are), e.g. the
 *   name of a reverse proxy in front of it.
 * - `token`: the access token. Required beyond loopback: when `host` is not a loopback
 *   address and no token is given, a random one is made. `console.url` then carries it
 *   (`/?token=…`); print it once, as `make demo` does.
 */
export async function startConsole({ backend, host = "127.0.0.1", port = 8080, allowedHosts = [], token = null, log }) {
  const routes = apiRoutes(backend);
  const allowed = allowedHostNames(host, allowedHosts);
  const gate = token !== null || !isLoopback(host) ? new TokenGate(token) : null;
  let boundPort = port;
  // The whole answer is inside one try: the sandbox shares this process, and a request that
  // threw outside it (an unhandled rejection) would end both servers.
  const server = http.createServer(async (req, res) => {
    const url = requestTarget(req.url);
    const where = `${req.method} ${url ? url.pathname : "(malformed target)"}`; // never the query: it may hold the token
    const send = (status, type, body, headers = {}) => {
      if (res.destroyed) return; // the client has gone
      res.writeHead(status, { ...SECURITY_HEADERS, "content-type": type, ...headers });
      res.end(body);
    };
    const refuse = (status, code, message) => {
      log?.(`${where} refused: ${message}`);
      req.resume(); // drain, unread
      return send(status, TYPES[".json"], JSON.stringify({ error: { kind: "input", code, message } }), { connection: "close" });
    };
    const tooLarge = () => Number(req.headers["content-length"] ?? 0) > MAX_BODY_BYTES;
    /** The answer to a route's failure `e`: its status by error kind (`statusOf`), else `otherwise`. */
    const failed = (e, statusOf, otherwise) => {
      if (e.tooLarge) return refuse(413, "too_large", e.message);
      const error = errorBody(e);
      log?.(`${where} → ${error.kind} ${error.code ?? ""} ${error.kind === "internal" ? e?.stack : error.message}`);
      return send(statusOf[error.kind] ?? otherwise, TYPES[".json"], JSON.stringify({ error }));
    };
    try {
      if (!url) return refuse(400, "bad_target", "the request target must be a path on this server");
      const badHost = hostProblem(req, allowed, boundPort);
      if (badHost) return refuse(badHost.status, badHost.code, badHost.message);
      if (gate && url.searchParams.has("token") && req.method === "GET" && !url.pathname.startsWith("/api/")) {
        // The first visit: keep the token in a cookie and take it out of the address bar.
        if (!gate.check(url.searchParams.get("token"))) return refuse(401, "unauthorized", "the access token is wrong");
        return send(303, "text/plain", "", { location: url.pathname, "set-cookie": gate.cookie(boundPort) });
      }
      if (url.pathname === WEBHOOK_PATH) {
        // Douyin's servers hold no token and no cookie: a delivery proves itself by its
        // signature (X-Douyin-Signature), which the backend verifies before reading it.
        if (req.method !== "POST") return refuse(405, "method", "webhooks are POSTed");
        if (tooLarge()) return refuse(413, "too_large", `the request body is over ${MAX_BODY_BYTES} bytes`);
        try {
          const answer = backend.receiveDouyinWebhook({ headers: req.headers, body: await readText(req) });
          return send(200, TYPES[".json"], answer.reply ?? JSON.stringify(answer));
        } catch (e) {
          // A forged delivery is a 401; a signed one that is not the documented event, a 400.
          return failed(e, { signature: 401, schema: 400, input: 400 }, 500);
        }
      }
      if (url.pathname.startsWith("/api/")) {
        // Before the token: a page on another site is refused whether or not it holds it.
        const crossSite = crossSiteProblem(req.method, req.headers);
        if (crossSite) return refuse(403, "cross_site", crossSite);
        if (gate && !gate.check(gate.presented(req.headers, boundPort))) return refuse(401, "unauthorized", "this console needs its access token: open the address it printed at start");
        const route = routes[`${req.method} ${url.pathname}`];
        if (!route) return refuse(404, "no_route", `no route ${req.method} ${url.pathname}`);
        if (tooLarge()) return refuse(413, "too_large", `the request body is over ${MAX_BODY_BYTES} bytes`);
        try {
          const body = req.method === "POST" ? await readJson(req) : undefined;
          const result = await route(Object.fromEntries(url.searchParams), body);
          return send(200, TYPES[".json"], JSON.stringify(result));
        } catch (e) {
          // The browser's bad input is a 400, the console's own bug a 500, the vendor's failures a bad gateway.
          return failed(e, { input: 400, internal: 500 }, 502);
        }
      }
      if (url.pathname === "/samples.mjs") return send(200, TYPES[".mjs"], samplesModule());
      const file = staticFile(url.pathname);
      if (!file || req.method !== "GET") return send(404, "text/plain", "not found");
      const content = await readFile(file).catch(() => null);
      if (!content) return send(404, "text/plain", "not found");
      return send(200, TYPES[extname(file)] ?? "application/octet-stream", content);
    } catch (e) {
      log?.(`${where} failed: ${e?.stack}`);
      if (res.headersSent) return res.destroy();
      return send(500, "text/plain", "console error: its log has the details");
    }
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, resolve);
  });
  boundPort = server.address().port;
  const origin = `http://${host.includes(":") ? `[${host}]` : host}:${boundPort}`;
  return {
    /** Where to open the console; with the token in it when one is needed. */
    url: gate ? `${origin}/?token=${gate.token}` : origin,
    origin,
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** The file a static path names, or null: only files inside public/ and the package's list. */
function staticFile(pathname) {
  if (pathname.startsWith("/quotakit/")) {
    const name = pathname.slice("/quotakit/".length);
    return QUOTAKIT_FILES.has(name) ? join(QUOTAKIT, name) : null;
  }
  let rel;
  try {
    rel = decodeURIComponent(pathname === "/" ? "index.html" : pathname.slice(1));
  } catch {
    return null;
  }
  if (rel.includes("\0") || rel.includes("\\")) return null;
  const file = join(PUBLIC, normalize(rel));
  return file.startsWith(PUBLIC.endsWith(sep) ? PUBLIC : PUBLIC + sep) ? file : null;
}

/** The request body as text (UTF-8), at most MAX_BODY_BYTES. */
function readText(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on("data", (c) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) reject(Object.assign(new Error(`the request body is over ${MAX_BODY_BYTES} bytes`), { tooLarge: true }));
      else chunks.push(c);
    });
    req.on("error", reject);
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
  });
}

async function readJson(req) {
  const text = await readText(req);
  let body;
  try {
    body = text ? JSON.parse(text) : {};
  } catch {
    throw Object.assign(new Error("the request body is not JSON"), { kind: "input" });
  }
  // `null`, a number or a list is JSON too, but no route takes one.
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    throw Object.assign(new Error("the request body must be a JSON object"), { kind: "input" });
  }
  return body;
}

const int = (value, fallback) => (value === undefined || value === "" ? fallback : Number(value));
const present = (value) => (value === undefined || value === "" ? undefined : value);

/** The console's API: query strings in, the backend's typed results out. */
function apiRoutes(backend) {
  return {
    "GET /api/config": () => ({
      targets: backend.targets,
      customers: backend.customers.map(({ name, tencentUin, email }) => ({ name, tencentUin, email })),
      douyinCustomers: backend.douyinCustomers,
      tiers: backend.tiers,
    }),
    "GET /api/customers": () => backend.customerSummary(),
    "GET /api/douyin/purchases": async () => {
      const rows = await Promise.all(backend.douyinCustomers.map(async (c) =>
        (await backend.douyinPurchases(c.openId)).map((p) => ({ customer: c.name, openId: c.openId, ...p }))));
      return { purchases: rows.flat() };
    },
    "POST /api/douyin/deduct": (_, body) => backend.douyinDeduct({
      openId: body.openId, serviceModeId: body.serviceModeId, outTradeNo: body.outTradeNo, count: 1,
    }),
    "GET /api/douyin/orders": () => backend.douyinOrderEvents(),
    "POST /api/tencent/remind": (_, body) => backend.remindPlan({ instanceId: body.instanceId }),
    "GET /api/tencent/deals": (q) => backend.tencentDeals({
      Offset: int(q.offset, 0), Limit: int(q.limit, 20),
      ...(present(q.status) && { Status: Number(q.status) }),
      ...(present(q.order) && { Order: Number(q.order) }),
      ...(present(q.owner) && { OwnerUins: [q.owner] }),
      ...(present(q.from) && { CreatTimeRangeStart: `${q.from} 00:00:00` }),
      ...(present(q.to) && { CreatTimeRangeEnd: `${q.to} 23:59:59` }),
    }),
    "GET /api/baidu/packs": (q) => backend.baiduPacks({
      pageNo: int(q.pageNo, 1), pageSize: int(q.pageSize, 50),
      ...(present(q.status) && { status: q.status }),
      ...(q.available === "1" && { condition: "AVAILABLE" }),
      ...(present(q.orderBy) && { orderBy: q.orderBy }),
      ...(present(q.order) && { order: q.order }),
    }),
    "GET /api/polyv/accounts": (q) => backend.polyvAccounts({
      pageNumber: int(q.page, 1), pageSize: int(q.pageSize, 50),
      ...(present(q.email) && { emails: [q.email] }),
    }),
  };
}
