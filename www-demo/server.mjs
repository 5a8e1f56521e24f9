// The admin console's server: static files from public/, quotakit's browser build under
// /quotakit/ (for the signature inspector and response validator, which run in the page's
// wasm), and /api/* routes that call the vendors through backend.mjs. Credentials stay here;
// the browser only ever sees results and typed errors.
import { readFile } from "node:fs/promises";
import http from "node:http";
import { extname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";
import { errorBody } from "./backend.mjs";
import { samplesModule } from "./samples.mjs";

const PUBLIC = fileURLToPath(new URL("./public/", import.meta.url));
const QUOTAKIT = fileURLToPath(new URL("../node_modules/quotakit/", import.meta.url));
const TYPES = { ".html": "text/html; charset=utf-8", ".mjs": "text/javascript", ".js": "text/javascript", ".css": "text/css", ".wasm": "application/wasm", ".json": "application/json", ".svg": "image/svg+xml" };
/** What the page may load from the package: the web entry and what it imports. */
const QUOTAKIT_FILES = new Set(["web.mjs", "quotakit.js", "extras.mjs", "api.mjs", "quotakit_bg.wasm"]);

/** Starts the console on `host:port` with a backend from createBackend(). */
export async function startConsole({ backend, host = "127.0.0.1", port = 8080, log }) {
  const routes = apiRoutes(backend);
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url, "http://console");
    const send = (status, type, body, headers = {}) => {
      res.writeHead(status, { "content-type": type, "cache-control": "no-store", "x-content-type-options": "nosniff", ...headers });
      res.end(body);
    };
    try {
      if (url.pathname.startsWith("/api/")) {
        const route = routes[`${req.method} ${url.pathname}`];
        if (!route) return send(404, TYPES[".json"], JSON.stringify({ error: { kind: "input", message: `no route ${req.method} ${url.pathname}` } }));
        try {
          const body = req.method === "POST" ? await readJson(req) : undefined;
          const result = await route(Object.fromEntries(url.searchParams), body);
          return send(200, TYPES[".json"], JSON.stringify(result));
        } catch (e) {
          const error = errorBody(e);
          log?.(`${req.method} ${url.pathname} → ${error.kind} ${error.code ?? ""} ${error.message}`);
          // The vendor's own failures are a bad gateway; the browser's bad input is a 400.
          return send(error.kind === "input" ? 400 : 502, TYPES[".json"], JSON.stringify({ error }));
        }
      }
      if (url.pathname === "/samples.mjs") return send(200, TYPES[".mjs"], samplesModule());
      const file = staticFile(url.pathname);
      if (!file || req.method !== "GET") return send(404, "text/plain", "not found");
      const content = await readFile(file).catch(() => null);
      if (!content) return send(404, "text/plain", "not found");
      return send(200, TYPES[extname(file)] ?? "application/octet-stream", content);
    } catch (e) {
      log?.(`console error: ${e.stack}`);
      return send(500, "text/plain", "console error");
    }
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, resolve);
  });
  return {
    url: `http://${host}:${server.address().port}`,
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

function staticFile(pathname) {
  if (pathname.startsWith("/quotakit/")) {
    const name = pathname.slice("/quotakit/".length);
    return QUOTAKIT_FILES.has(name) ? join(QUOTAKIT, name) : null;
  }
  const rel = normalize(pathname === "/" ? "index.html" : pathname.slice(1));
  return rel.startsWith("..") || rel.includes("\0") ? null : join(PUBLIC, rel);
}

function readJson(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on("data", (c) => {
      size += c.length;
      if (size > 65_536) req.destroy(new Error("body too large"));
      else chunks.push(c);
    });
    req.on("error", reject);
    req.on("end", () => {
      try {
        resolve(chunks.length ? JSON.parse(Buffer.concat(chunks).toString("utf8")) : {});
      } catch {
        reject(Object.assign(new Error("the request body is not JSON"), { kind: "input" }));
      }
    });
  });
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
    "GET /api/douyin/purchases": async () => {
      const rows = await Promise.all(backend.douyinCustomers.map(async (c) =>
        (await backend.douyinPurchases(c.openId)).map((p) => ({ customer: c.name, openId: c.openId, ...p }))));
      return { purchases: rows.flat() };
    },
    "POST /api/douyin/deduct": (_, body) => backend.douyinDeduct({
      openId: body.openId, serviceModeId: body.serviceModeId, outTradeNo: body.outTradeNo, count: 1,
    }),
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
