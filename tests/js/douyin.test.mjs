// Douyin through the built package: token state and call() (one token fetch for concurrent
// callers), the four market operations, webhooks (signature, challenge, events), errors.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { createServer } from "node:http";
import { Douyin, QuotakitError } from "quotakit";
import { vectors, at, thrown } from "./lib.mjs";

const CREDS = { clientKey: "awEXAMPLEKEY", clientSecret: "DouyinSecretEXAMPLE" };
const NOW = 1_700_000_000_000;
const TOKEN = "clt.EXAMPLEtoken0001";

const tokenBody = (token = TOKEN) => JSON.stringify({ data: { access_token: token, description: "", error_code: 0, expires_in: 7200 }, message: "success" });

test("client_token: stable endpoint by default, token kept in the client with expiresAt", () => {
  const dy = new Douyin(CREDS);
  assert.equal(dy.needsToken(NOW), true);
  const req = dy.clientToken({ now: NOW });
  assert.equal(req.url, "https://open.douyin.com/oauth/stable_client_token/");
  assert.deepEqual(JSON.parse(req.body), { client_key: CREDS.clientKey, client_secret: CREDS.clientSecret, grant_type: "client_credential" });
  assert.equal(new Douyin({ ...CREDS, tokenEndpoint: "plain" }).clientToken().url, "https://open.douyin.com/oauth/client_token/");
  const t = dy.parseClientToken({ status: 200, body: tokenBody() }, { now: NOW });
  assert.deepEqual(t, { accessToken: TOKEN, expiresIn: 7200, expiresAt: NOW + 7_200_000 });
  assert.equal(dy.needsToken(NOW), false);
  assert.equal(dy.needsToken(NOW + 7_200_000 - 300_000), true, "renewed 5 minutes before expiry");
  const market = dy.decrUserRemainTimes({ open_id: "o1", service_id: "s1", service_mode_id: "standard_1", out_trade_no: "T1", count: 1 }, { now: NOW });
  assert.equal(market.headers["access-token"], TOKEN);
  assert.equal(market.url, "https://open.douyin.com/market/service/user/remaintimes/decr/");
  assert.deepEqual(JSON.parse(market.body), { open_id: "o1", service_id: "s1", service_mode_id: "standard_1", out_trade_no: "T1", count: 1 });
});

test("market builders: paths, query, and setToken", () => {
  const dy = new Douyin(CREDS);
  assert.equal(thrown(() => dy.deletePurchaseInfo({ open_id: "o", service_id: "s", service_mode_id: "m", out_trade_no: "t" })).code, "no_token");
  dy.setToken(TOKEN, NOW + 60_000);
  const list = dy.getUserServicePurchaseList({ open_id: "o 1", service_id: "s1", is_test_env: true }, { now: NOW });
  assert.equal(list.method, "GET");
  assert.equal(list.url, "https://open.douyin.com/market/service/user/purchase/list/?is_test_env=true&open_id=o%201&service_id=s1");
  const ins = dy.insertPurchaseInfo({ open_id: "o", service_id: "s", service_mode_id: "free", out_trade_no: "1680613917339688", purchase_time: 1657093625000, period_type: 1, duration: 1, usage_times: 100 }, { now: NOW });
  assert.equal(ins.url, "https://open.douyin.com/market/service/user/insert/purchase/info/");
  assert.equal(dy.deletePurchaseInfo({ open_id: "o", service_id: "s", service_mode_id: "m", out_trade_no: "t" }, { now: NOW }).url,
    "https://open.douyin.com/market/service/user/delete/purchase/info/");
  assert.equal(thrown(() => dy.deletePurchaseInfo({ open_id: "o", service_id: "s", service_mode_id: "m", out_trade_no: "t" }, { now: NOW + 60_000 })).code, "no_token");
});

test("input checks name the field", () => {
  const dy = new Douyin(CREDS);
  dy.setToken(TOKEN, NOW + 60_000);
  const base = { open_id: "o", service_id: "s", service_mode_id: "m", out_trade_no: "t" };
  const cases = [
    [() => dy.decrUserRemainTimes({ ...base, count: 0 }, { now: NOW }), "$.count", "out_of_range"],
    [() => dy.decrUserRemainTimes({ ...base, out_trade_no: "x".repeat(129), count: 1 }, { now: NOW }), "$.out_trade_no", "out_of_range"],
    [() => dy.decrUserRemainTimes({ ...base, open_id: "", count: 1 }, { now: NOW }), "$.open_id", "out_of_range"],
    [() => dy.insertPurchaseInfo({ ...base, purchase_time: 1657093625, period_type: 1, duration: 1 }, { now: NOW }), "$.purchase_time", "out_of_range"],
    [() => dy.insertPurchaseInfo({ ...base, purchase_time: 1657093625000, period_type: 1 }, { now: NOW }), "$.duration", "missing_field"],
    [() => dy.deletePurchaseInfo({ ...base, service_mode_id: "" }, { now: NOW }), "$.service_mode_id", "out_of_range"],
    [() => dy.getUserServicePurchaseList({ open_id: "o" }, { now: NOW }), "$.service_id", "missing_field"],
    [() => dy.setToken("bad\ntoken", NOW), "$.token", "invalid_format"],
  ];
  for (const [fn, path, code] of cases) {
    const e = thrown(fn);
    assert.ok(e instanceof QuotakitError);
    assert.equal(e.kind, "input", path);
    assert.equal(e.path, path);
    assert.equal(e.code, code);
  }
});

for (const v of vectors("douyin")) {
  test(`douyin response fixture: ${v.name}`, () => {
    const dy = new Douyin(CREDS);
    const parse = "parse" + v.operation[0].toUpperCase() + v.operation.slice(1);
    const raw = { status: v.status, headers: v.headers, body: v.body };
    if (v.expect.ok) {
      const model = dy[parse](raw, { now: NOW });
      if (v.operation === "clientToken") {
        assert.equal(model.expiresIn, v.expect.check.expires_in);
        return;
      }
      for (const [path, want] of Object.entries(v.expect.check)) assert.deepEqual(at(model, path), want, path);
      return;
    }
    const e = thrown(() => dy[parse](raw, { now: NOW }));
    for (const key of ["kind", "code", "path", "requestId", "retryable"]) {
      if (key in v.expect) assert.deepEqual(e[key], v.expect[key], key);
    }
  });
}

test("webhooks: signature, challenge, events with JSON-string content, Msg-Id", () => {
  const dy = new Douyin(CREDS);
  const sign = (body) => createHash("sha1").update(CREDS.clientSecret + body).digest("hex");
  const challenge = '{"event":"verify_webhook","client_key":"","content":{"challenge":12345}}';
  const ok = dy.verifyWebhook({ headers: { "X-Douyin-Signature": sign(challenge) }, body: challenge });
  assert.equal(ok.event, "verify_webhook");
  assert.equal(ok.reply, '{"challenge":12345}');
  const content = JSON.stringify({ order_id: "O1", order_event: 1, order_snapshot: { service_id: "s1", service_mode_id: "m" } });
  const order = JSON.stringify({ event: "service_market_order", client_key: CREDS.clientKey, from_user_id: "buyer", content });
  const ev = dy.verifyWebhook({ headers: { "x-douyin-signature": sign(order), "Msg-Id": "m-1" }, body: order });
  assert.equal(ev.msgId, "m-1");
  assert.equal(ev.fromUserId, "buyer");
  assert.equal(ev.content.order_snapshot.service_id, "s1");
  for (const [headers, body] of [[{ "X-Douyin-Signature": sign(order) }, order + " "], [{ "X-Douyin-Signature": "0".repeat(40) }, order], [{}, order],
    [{ "X-Douyin-Signature": createHash("sha1").update("WRONG" + order).digest("hex") }, order]]) {
    const e = thrown(() => dy.verifyWebhook({ headers, body }));
    assert.equal(e.kind, "signature");
    assert.ok(!String(e).includes(CREDS.clientSecret));
  }
});

test("service_market_order events read as tests/vectors/douyin-webhook says: typed order, untyped rest, every issue at $.content", () => {
  const dy = new Douyin(CREDS);
  const list = vectors("douyin-webhook");
  assert.ok(list.length >= 8);
  for (const v of list) {
    const content = v.contentAs === "object" ? v.content : JSON.stringify(v.content);
    const body = JSON.stringify({ ...v.envelope, content });
    const headers = { "X-Douyin-Signature": createHash("sha1").update(CREDS.clientSecret + body).digest("hex"), "Msg-Id": v.msgId };
    if (v.expect.ok) {
      const event = dy.verifyWebhook({ headers, body });
      assert.equal(event.msgId, v.msgId, `${v.name}: Msg-Id, to deduplicate on`);
      if (v.expect.order === null) assert.equal(event.order, undefined, `${v.name}: no order`);
      for (const [key, want] of Object.entries(v.expect.order ?? {})) assert.deepEqual(event.order[key], want, `${v.name}: order.${key}`);
      for (const [path, want] of Object.entries(v.expect.untyped ?? {})) assert.deepEqual(at(event.content, path), want, `${v.name}: ${path}`);
    } else {
      const e = thrown(() => dy.verifyWebhook({ headers, body }));
      assert.equal(e.kind, v.expect.kind, v.name);
      assert.deepEqual(e.issues.map((i) => [i.code, i.path]), v.expect.issues, `${v.name}: every issue`);
    }
  }
});

test("call(): one token fetch for concurrent callers, then market calls with access-token", async () => {
  let tokenCalls = 0;
  const seen = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      res.setHeader("content-type", "application/json");
      if (req.url === "/oauth/stable_client_token/") {
        tokenCalls++;
        const b = JSON.parse(body);
        setTimeout(() => res.end(b.client_secret === CREDS.clientSecret ? tokenBody() : '{"data":{"error_code":10013,"description":"bad"}}'), 30);
        return;
      }
      seen.push(req.headers["access-token"]);
      res.end(req.headers["access-token"] === TOKEN
        ? '{"data":{"error_code":0,"description":""},"extra":{"error_code":0,"logid":"L"}}'
        : '{"data":{"error_code":0},"extra":{"error_code":28001003,"description":"access_token无效","logid":"L2"}}');
    });
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  try {
    const endpoint = `http://127.0.0.1:${server.address().port}`;
    const dy = new Douyin({ ...CREDS, endpoint });
    const base = { open_id: "o", service_id: "s", service_mode_id: "m", count: 1 };
    const results = await Promise.all(Array.from({ length: 5 }, (_, i) => dy.call("decrUserRemainTimes", { ...base, out_trade_no: `T${i}` })));
    assert.equal(results.length, 5);
    assert.equal(tokenCalls, 1, "concurrent callers share one token fetch");
    assert.deepEqual(seen, Array(5).fill(TOKEN));
    const bad = new Douyin({ ...CREDS, clientSecret: "WRONG", endpoint });
    await assert.rejects(bad.call("decrUserRemainTimes", { ...base, out_trade_no: "X" }), (e) => e.kind === "api" && e.code === "10013");
  } finally {
    server.close();
  }
});

test("no secret or token in errors, toString or JSON.stringify", () => {
  const dy = new Douyin(CREDS);
  dy.parseClientToken({ status: 200, body: tokenBody() }, { now: NOW });
  const strings = [JSON.stringify(dy), String(dy)];
  for (const f of [() => dy.decrUserRemainTimes({ open_id: "o", service_id: "s", service_mode_id: "m", out_trade_no: "t", count: 0 }),
    () => dy.parseDecrUserRemainTimes({ status: 500, body: "x" }), () => new Douyin({ clientKey: "k", clientSecret: 1 })]) {
    const e = thrown(f);
    strings.push(String(e), e.stack, JSON.stringify(e));
  }
  for (const s of strings) assert.ok(!s.includes(CREDS.clientSecret) && !s.includes(TOKEN), s);
});
