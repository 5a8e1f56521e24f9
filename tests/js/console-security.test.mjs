// The admin console and the sandbox's control routes against the requests an attacker's page
// (or a DNS-rebinding name, or a stranger on the network) can make. Every refused case must
// show that the vendor (the sandbox) saw no call and that its state did not change; the
// allowed cases next to them show that the checks are not refusing everything.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { configFromEnv, createBackend } from "../../www-demo/backend.mjs";
import { loadSeed, startSandbox } from "../../www-demo/sandbox/server.mjs";
import { tokenCookieName } from "../../www-demo/guard.mjs";
import { startConsole } from "../../www-demo/server.mjs";

const seed = loadSeed();
const victim = { openId: seed.customers[0].douyinOpenId, serviceModeId: "count_500" };
let sandbox, consoleServer, vendorCalls;

before(async () => {
  vendorCalls = [];
  // Every request that reached a vendor route (control routes are counted by their state).
  sandbox = await startSandbox({ log: (line) => line.includes(" /__sandbox/") || vendorCalls.push(line) });
  consoleServer = await startConsole({ backend: createBackend(configFromEnv(remindersEnv, { sandboxUrl: sandbox.url, seed })), port: 0 });
});

after(async () => {
  await consoleServer?.close();
  await sandbox?.close();
});

/** The console's record of reminders, in a directory of its own. */
const remindersEnv = { QUOTAKIT_REMINDERS_FILE: join(mkdtempSync(join(tmpdir(), "quotakit-security-")), "reminders.json") };

/** A raw HTTP request (node:http, so Host and Origin can be anything), to `base` + `path`. */
function send(base, path, { method = "GET", headers = {}, body } = {}) {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request({ host: hostname, port, path, method, headers: { host: `${hostname}:${port}`, ...headers } }, (res) => {
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

const remaining = () => sandbox.douyin.purchases.find((p) => p.open_id === victim.openId && p.service_mode_id === victim.serviceModeId).remain_service_times;
const sandboxState = () => JSON.stringify({ purchases: sandbox.douyin.purchases, reminders: sandbox.tencent.reminders, faults: sandbox.faults.list() });
const deduct = (outTradeNo) => JSON.stringify({ ...victim, outTradeNo });

/** Runs `attempt` and asserts it was refused with `status` before reaching the vendor. */
async function refusedWithoutVendorCall(attempt, status) {
  const stateBefore = sandboxState();
  const callsBefore = vendorCalls.length;
  const res = await attempt();
  assert.equal(res.status, status, res.body);
  assert.equal(vendorCalls.length, callsBefore, `the sandbox saw: ${vendorCalls.slice(callsBefore).join(" | ")}`);
  assert.equal(sandboxState(), stateBefore);
  return res;
}

const ATTACKS = [
  {
    name: "a cross-site simple POST (text/plain), as any page can send without a preflight",
    status: 403,
    req: { method: "POST", headers: { "content-type": "text/plain", origin: "https://evil.example", "sec-fetch-site": "cross-site" }, body: deduct("csrf-text") },
  },
  {
    name: "a cross-site form POST (form-encoded)",
    status: 403,
    req: { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", origin: "https://evil.example" }, body: "openId=x&serviceModeId=count_500" },
  },
  {
    name: "a JSON POST from a foreign Origin",
    status: 403,
    req: { method: "POST", headers: { "content-type": "application/json", origin: "https://evil.example" }, body: deduct("csrf-json") },
  },
  {
    name: "a JSON POST marked cross-site by Sec-Fetch-Site, with no Origin",
    status: 403,
    req: { method: "POST", headers: { "content-type": "application/json", "sec-fetch-site": "cross-site" }, body: deduct("csrf-site") },
  },
  {
    name: "a JSON POST with neither Origin nor Sec-Fetch-Site",
    status: 403,
    req: { method: "POST", headers: { "content-type": "application/json" }, body: deduct("csrf-none") },
  },
  {
    name: "a DNS-rebinding page: foreign Host, Origin to match",
    status: 403,
    req: (port) => ({ method: "POST", headers: { host: `attacker.example:${port}`, "content-type": "application/json", origin: `http://attacker.example:${port}` }, body: deduct("rebind") }),
  },
  {
    name: "an oversized body from the console's own origin",
    status: 413,
    req: (port) => ({ method: "POST", headers: { "content-type": "application/json", origin: `http://127.0.0.1:${port}` }, body: JSON.stringify({ ...victim, outTradeNo: "big", pad: "x".repeat(200_000) }) }),
  },
];

for (const attack of ATTACKS) {
  test(`console refuses ${attack.name}`, async () => {
    const port = new URL(consoleServer.origin).port;
    const req = typeof attack.req === "function" ? attack.req(port) : attack.req;
    // Both of the console's writes: a Douyin deduction and a Tencent reminder.
    for (const path of ["/api/douyin/deduct", "/api/tencent/remind"]) {
      const res = await refusedWithoutVendorCall(() => send(consoleServer.origin, path, req), attack.status);
      assert.equal(JSON.parse(res.body).error.kind, "input");
    }
  });
}

test("console refuses a foreign Host on every route, reads included (DNS rebinding)", async () => {
  const port = new URL(consoleServer.origin).port;
  for (const path of ["/api/config", "/api/douyin/purchases", "/", "/app.mjs"]) {
    const res = await refusedWithoutVendorCall(() => send(consoleServer.origin, path, { headers: { host: `attacker.example:${port}` } }), 403);
    assert.doesNotMatch(res.body, new RegExp(seed.customers[0].name));
  }
  await refusedWithoutVendorCall(() => send(consoleServer.origin, "/api/config", { headers: { host: "127.0.0.1:1" } }), 403);
});

test("console refuses /api reads from another site's page (an <img>, a link), before any vendor call", async () => {
  for (const site of ["cross-site", "same-site"]) {
    for (const path of ["/api/config", "/api/tencent/deals", "/api/douyin/purchases", "/api/customers"]) {
      const res = await refusedWithoutVendorCall(() => send(consoleServer.origin, path, { headers: { "sec-fetch-site": site, "sec-fetch-dest": "image" } }), 403);
      const { error } = JSON.parse(res.body);
      assert.deepEqual([error.kind, error.code], ["input", "cross_site"], path);
      assert.match(error.message, new RegExp(`from a ${site} page is refused`));
    }
  }
  // The console's own page, an address typed in, and programs that send no such header pass.
  for (const headers of [{ "sec-fetch-site": "same-origin" }, { "sec-fetch-site": "none" }, {}]) {
    const res = await send(consoleServer.origin, "/api/tencent/deals", { headers });
    assert.equal(res.status, 200, JSON.stringify(headers));
    assert.ok(JSON.parse(res.body).AgentDealSet.length > 0);
  }
  // A link from another site still opens the page itself.
  assert.equal((await send(consoleServer.origin, "/", { headers: { "sec-fetch-site": "cross-site", "sec-fetch-mode": "navigate" } })).status, 200);
});

test("console answers its own bug with a 500 that names no file and holds no stack, and logs the stack", async () => {
  const logged = [];
  const broken = { ...createBackend(configFromEnv({}, { sandboxUrl: sandbox.url, seed })) };
  broken.customerSummary = async () => {
    throw new Error(`ENOENT: no such file or directory, open '${process.cwd()}/www-demo/secret.json'`);
  };
  const buggy = await startConsole({ backend: broken, port: 0, log: (l) => logged.push(l) });
  try {
    const res = await send(buggy.origin, "/api/customers");
    assert.equal(res.status, 500);
    assert.deepEqual(JSON.parse(res.body).error.kind, "internal");
    assert.doesNotMatch(res.body, /ENOENT|secret\.json|www-demo|\.mjs|\bat /);
    assert.match(logged.join("\n"), /ENOENT[^]*\.mjs:\d+/, "the stack is in the console's log");
  } finally {
    await buggy.close();
  }
});

test("console serves no file outside public/ and the package's list (path traversal)", async () => {
  const paths = [
    "/../package.json", "/..%2fpackage.json", "/%2e%2e/%2e%2e/package.json", "/..%5c..%5cpackage.json",
    "/quotakit/../../package.json", "/quotakit/..%2fpackage.json", "/quotakit/%2e%2e/package.json",
    "/quotakit/package.json", "/%00index.html", "/%E0%A4%A",
  ];
  for (const path of paths) {
    const res = await refusedWithoutVendorCall(() => send(consoleServer.origin, path), 404);
    assert.doesNotMatch(res.body, /"name"|"version"|devDependencies/, path);
  }
});

test("console still serves its own page and its own same-origin JSON POST deducts once", async () => {
  const page = await send(consoleServer.origin, "/");
  assert.equal(page.status, 200);
  const port = new URL(consoleServer.origin).port;
  for (const [i, headers] of [{ origin: `http://127.0.0.1:${port}` }, { origin: `http://localhost:${port}`, host: `localhost:${port}` }, { "sec-fetch-site": "same-origin" }].entries()) {
    const before = remaining();
    const res = await send(consoleServer.origin, "/api/douyin/deduct", { method: "POST", headers: { "content-type": "application/json; charset=utf-8", ...headers }, body: deduct(`own-${i}`) });
    assert.equal(res.status, 200, res.body);
    assert.equal(remaining(), before - 1);
  }
});

test("console's own same-origin Remind reminds a low usage plan once, and a bad instance is a 400", async () => {
  const port = new URL(consoleServer.origin).port;
  const own = { "content-type": "application/json", origin: `http://127.0.0.1:${port}` };
  const plans = [...sandbox.tencent.reminders];
  const deals = seed.tencent.deals.filter((d) => ![1, 7].includes(d.Status) && d.GoodsName.startsWith("云市场"));
  const low = deals.find((d) => Number(d.DealId) % 6 === 4); // the sandbox's nearly used-up plans
  const remind = () => send(consoleServer.origin, "/api/tencent/remind", { method: "POST", headers: own, body: JSON.stringify({ instanceId: `ins-${low.DealId}` }) });
  const first = await remind();
  assert.equal(first.status, 200, first.body);
  assert.deepEqual([JSON.parse(first.body).status, JSON.parse(first.body).level], ["sent", "low"]);
  const again = await remind();
  assert.equal(JSON.parse(again.body).status, "already");
  assert.equal(sandbox.tencent.reminders.length, plans.length + 1, "one reminder for two clicks");
  for (const body of ["{}", JSON.stringify({ instanceId: 5 }), JSON.stringify({ instanceId: "" })]) {
    const res = await refusedWithoutVendorCall(() => send(consoleServer.origin, "/api/tencent/remind", { method: "POST", headers: own, body }), 400);
    assert.equal(JSON.parse(res.body).error.kind, "input");
  }
});

test("console answers with a strict CSP, no framing, no referrer and its own browsing context", async () => {
  for (const path of ["/", "/api/config", "/nothing-here"]) {
    const { headers } = await send(consoleServer.origin, path);
    const csp = headers["content-security-policy"];
    assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'(;|$)/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.match(csp, /default-src 'none'/);
    assert.doesNotMatch(csp, /'unsafe-inline'|'unsafe-eval'/);
    assert.equal(headers["x-frame-options"], "DENY");
    assert.equal(headers["referrer-policy"], "no-referrer");
    assert.equal(headers["cross-origin-opener-policy"], "same-origin");
  }
});

test("console exposed beyond loopback needs its token: 401 without it, a cookie after the first visit", async () => {
  const logged = [];
  const exposed = await startConsole({ backend: createBackend(configFromEnv({}, { sandboxUrl: sandbox.url, seed })), host: "0.0.0.0", port: 0, log: (l) => logged.push(l) });
  try {
    const token = new URL(exposed.url).searchParams.get("token");
    assert.ok(token && token.length >= 32, "a random token of at least 192 bits is made");
    const base = exposed.url.replace("0.0.0.0", "127.0.0.1");
    const port = new URL(base).port;
    const own = { origin: `http://127.0.0.1:${port}`, "content-type": "application/json" };
    const wrong = token.replace(/^./, (c) => (c === "A" ? "B" : "A"));
    const name = tokenCookieName(port);
    const unauthorized = [
      {}, { cookie: `${name}=${wrong}` }, { authorization: `Bearer ${wrong}` }, { cookie: `${name}=` },
      // The right token, under a name that is not this console's port's: another console's, or the unscoped one.
      { cookie: `quotakit_console_token=${token}` }, { cookie: `${tokenCookieName(Number(port) + 1)}=${token}` },
    ];
    for (const headers of unauthorized) {
      await refusedWithoutVendorCall(() => send(base, "/api/config", { headers }), 401);
      await refusedWithoutVendorCall(() => send(base, "/api/douyin/deduct", { method: "POST", headers: { ...own, ...headers }, body: deduct("no-token") }), 401);
    }
    await refusedWithoutVendorCall(() => send(base, `/?token=${wrong}`), 401);
    const first = await send(base, `/?token=${token}`);
    assert.equal(first.status, 303);
    assert.equal(first.headers.location, "/");
    const cookie = first.headers["set-cookie"][0];
    assert.ok(cookie.startsWith(`quotakit_console_token_${port}=`), `the cookie's name carries the port: ${cookie.split("=")[0]}`);
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Strict/);
    const session = cookie.split(";")[0];
    assert.equal((await send(base, "/api/config", { headers: { cookie: session } })).status, 200);
    // A page on another port of this host gets the cookie too, but is same-site, not same-origin.
    await refusedWithoutVendorCall(() => send(base, "/api/douyin/purchases", { headers: { cookie: session, "sec-fetch-site": "same-site" } }), 403);
    const before = remaining();
    assert.equal((await send(base, "/api/douyin/deduct", { method: "POST", headers: { ...own, cookie: session }, body: deduct("with-token") })).status, 200);
    assert.equal(remaining(), before - 1);
    assert.ok(!logged.join("\n").includes(token), "the token is not logged");
  } finally {
    await exposed.close();
  }
});

test("console's Douyin webhook takes only signed deliveries, needs no token, and answers a malformed one with a 400 while it keeps serving", async () => {
  const logged = [];
  const exposed = await startConsole({ backend: createBackend(configFromEnv({}, { sandboxUrl: sandbox.url, seed })), host: "0.0.0.0", port: 0, log: (l) => logged.push(l) });
  try {
    const base = exposed.url.replace("0.0.0.0", "127.0.0.1").replace(/\/\?token=.*/, "");
    const hook = `${base}/webhooks/douyin`;
    const buyer = seed.customers[2].douyinOpenId;
    // Douyin holds no console token: its signature is what lets a delivery in.
    const signed = await sandbox.sendDouyinWebhook(hook, { open_id: buyer, order_event: 2 });
    assert.deepEqual([signed.status, JSON.parse(signed.body).status], [200, "recorded"]);
    const challenge = await sandbox.sendDouyinWebhook(hook, { envelope: { event: "verify_webhook", client_key: "", content: { challenge: 777 } } });
    assert.deepEqual([challenge.status, challenge.body], [200, '{"challenge":777}']);
    const forged = await sandbox.sendDouyinWebhook(hook, { open_id: buyer, order_event: 5, tamper: true });
    assert.equal(forged.status, 401);
    const unsigned = await send(base, "/webhooks/douyin", { method: "POST", headers: { "content-type": "application/json" }, body: signed.sent.body });
    assert.equal(unsigned.status, 401);
    // Signed, but not the documented event: a 400 that names the field.
    const broken = await sandbox.sendDouyinWebhook(hook, { envelope: { event: "service_market_order", client_key: "k", from_user_id: buyer, content: JSON.stringify({ order_id: 1, order_event: 9 }) } });
    assert.equal(broken.status, 400);
    assert.deepEqual(JSON.parse(broken.body).error.issues.map((i) => i.path), ["$.content.order_id", "$.content.order_event"]);
    assert.equal((await send(base, "/webhooks/douyin")).status, 405);
    assert.equal((await send(base, "/webhooks/douyin", { method: "POST", headers: { "content-length": String(70 * 1024) }, body: "x".repeat(70 * 1024) })).status, 413);
    assert.equal((await send(base, "/webhooks/douyin", { method: "POST", headers: { host: "evil.example" }, body: "{}" })).status, 403, "a foreign Host (DNS rebinding)");
    // Still serving, and the /api routes still want the token.
    const again = await sandbox.sendDouyinWebhook(hook, { open_id: buyer, order_event: 3 });
    assert.equal(again.status, 200);
    assert.equal((await send(base, "/api/douyin/orders")).status, 401);
    assert.ok(!logged.join("\n").includes(seed.credentials.douyin.clientSecret), "no secret is logged");
  } finally {
    await exposed.close();
  }
});

test("sandbox control routes refuse foreign Hosts and cross-site requests, and deliver webhooks only to loopback", async () => {
  const port = new URL(sandbox.url).port;
  sandbox.faults.add({ kind: "5xx", vendor: "polyv", times: 1 });
  const cases = [
    { path: "/__sandbox/reset", method: "POST", headers: { "content-type": "text/plain", origin: "https://evil.example" }, body: "{}" },
    { path: "/__sandbox/reset", method: "POST", headers: { "content-type": "application/json", origin: "https://evil.example" }, body: "{}" },
    { path: "/__sandbox/reset", method: "POST", headers: { "content-type": "application/json", "sec-fetch-site": "cross-site" }, body: "{}" },
    { path: "/__sandbox/reset", method: "POST", headers: { host: `attacker.example:${port}`, "content-type": "application/json" }, body: "{}" },
    // node:http sends a DELETE's body without a length unless told one.
    { path: "/__sandbox/faults", method: "DELETE", headers: { "content-type": "application/x-www-form-urlencoded", "content-length": "5" }, body: "all=1" },
    { path: "/__sandbox/faults", method: "DELETE", headers: { origin: "https://evil.example" } },
    { path: "/__sandbox/faults", method: "GET", headers: { "sec-fetch-site": "same-site" } },
    { path: "/__sandbox/faults", method: "GET", headers: { host: `attacker.example:${port}` } },
  ];
  for (const { path, ...req } of cases) {
    await refusedWithoutVendorCall(() => send(sandbox.url, path, req), 403);
  }
  const webhook = await send(sandbox.url, "/__sandbox/webhooks/douyin", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ url: "http://10.0.0.1/hook", open_id: "x" }) });
  assert.equal(webhook.status, 400);
  assert.match(webhook.body, /only to loopback/);
  assert.equal(sandbox.faults.list().length, 1, "the fault set before is still there");
  const reset = await send(sandbox.url, "/__sandbox/reset", { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
  assert.equal(reset.status, 200, "a program on this machine can still reset it");
  assert.equal(sandbox.faults.list().length, 0);
});
