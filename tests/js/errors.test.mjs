// What every QuotakitError says, across the four vendors: the same kind of failure names its
// operation the same way (the method's name, which safeToRepeat and call take), absent
// fields are absent, and call() says how many attempts it made.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Baidu, Douyin, Polyv, QuotakitError, TencentCloud } from "quotakit";
import { CREDS, NOW, thrown } from "./lib.mjs";

const clients = {
  tencent: [new TencentCloud(CREDS), "describeAgentDealsByCache", { Offset: 0, Limit: 1 }],
  baidu: [new Baidu({ accessKeyId: "ak", secretAccessKey: "fake-secret-not-real" }), "listResourcePackages", {}],
  polyv: [new Polyv({ appId: "fakeapp", appSecret: "fake-secret-not-real" }), "listPackageValidity", {}],
  douyin: [new Douyin({ clientKey: "fakekey", clientSecret: "fake-secret-not-real" }), "getUserServicePurchaseList", { open_id: "o", service_id: "s" }],
};
const parseName = (op) => "parse" + op[0].toUpperCase() + op.slice(1);
// A token in hand, so that a failure strikes the operation and not the token's fetch.
clients.douyin[0].setToken("fake-token-not-real", Date.now() + 3_600_000);

test("the same failure names its operation as the method for every vendor", async () => {
  for (const [vendor, [client, op, input]] of Object.entries(clients)) {
    const parse = (raw) => thrown(() => client[parseName(op)](raw));
    const failures = {
      schema: parse({ status: 200, body: "{" }),
      http: parse({ status: 502, body: "<html>bad gateway</html>" }),
      input: thrown(() => client[op]({ ...input, unknownField: 1 }, { now: NOW })),
      network: await client.call(op, input, { fetch: async () => { throw new TypeError("fetch failed"); } }).catch((e) => e),
    };
    for (const [kind, e] of Object.entries(failures)) {
      assert.ok(e instanceof QuotakitError, `${vendor} ${kind}`);
      assert.deepEqual([e.vendor, e.operation], [vendor, op], `${vendor} ${kind}: ${e.message}`);
      assert.equal(typeof client.safeToRepeat(e.operation, input), "boolean");
      for (const [key, value] of Object.entries(e)) assert.notEqual(value, null, `${vendor} ${kind}: ${key} is null`);
    }
    assert.equal(failures.network.attempts, 1);
    assert.equal(failures.schema.action, vendor === "tencent" ? "DescribeAgentDealsByCache" : undefined);
  }
});

test("safeToRepeat refuses a name that is not an operation instead of answering false", () => {
  const [tc] = clients.tencent;
  for (const name of ["DescribeAgentDealsByCache", "describeagentdealsbycache", "", "parseDescribeAgentDealsByCache"]) {
    const e = thrown(() => tc.safeToRepeat(name, {}));
    assert.deepEqual([e.kind, e.code], ["input", "unknown_operation"], name);
    assert.match(e.message, /tencent has describeAgentDealsByCache, describeAgentSelfPayDealsV2, .*syncUserAndOrderInfo/);
  }
  // Not a string at all: an input error naming $.op, never a trap of the wasm module.
  for (const name of [5, {}, null, undefined, Symbol("x"), ["describeAgentDealsByCache"]]) {
    const e = thrown(() => tc.safeToRepeat(name, {}));
    assert.ok(e instanceof QuotakitError, `${String(name)}: ${e}`);
    assert.deepEqual([e.kind, e.path], ["input", "$.op"], String(name));
  }
  assert.equal(tc.safeToRepeat("describeAgentDealsByCache", {}), true, "the module still answers");
  assert.equal(tc.safeToRepeat("signRequest", {}), false);
  assert.equal(clients.douyin[0].safeToRepeat("decrUserRemainTimes", { out_trade_no: "t" }), true);
  assert.equal(clients.douyin[0].safeToRepeat("decrUserRemainTimes", {}), false);
});

test("a builder reports every issue in one pass, rules beside type errors", () => {
  const [dy] = clients.douyin;
  const e = thrown(() => dy.decrUserRemainTimes({ open_id: "", service_id: 5, service_mode_id: "m", out_trade_no: "x".repeat(130), count: 1 }, { now: NOW }));
  const issues = e.issues.map((i) => [i.code, i.path]);
  assert.deepEqual(issues[0], ["invalid_type", "$.service_id"]);
  assert.ok(issues.length >= 3, JSON.stringify(issues));
  assert.ok(issues.some(([, path]) => path === "$.open_id"), JSON.stringify(issues));
  assert.ok(issues.some(([, path]) => path === "$.out_trade_no"), JSON.stringify(issues));
  // The input schema gives the same issues, each with its code.
  const found = dy.schema("decrUserRemainTimes", "input")["~standard"].validate({ open_id: "", service_id: 5, service_mode_id: "m", out_trade_no: "x".repeat(130), count: 1 }).issues;
  assert.deepEqual(found.map((i) => i.code), e.issues.map((i) => i.code));
});

test("verifyWebhook takes Node's req.headers (arrays, undefined) and Fetch Headers", async () => {
  const [dy] = clients.douyin;
  const { createHash } = await import("node:crypto");
  const body = JSON.stringify({ event: "service_market_order", client_key: "fakekey", from_user_id: "o", content: JSON.stringify({ order_id: "o-1", order_event: 1 }) });
  const signature = createHash("sha1").update("fake-secret-not-real" + body).digest("hex");
  const node = Object.assign(Object.create(null), { "x-douyin-signature": signature, "msg-id": ["m-1"], "x-forwarded-for": undefined });
  assert.equal(dy.verifyWebhook({ headers: node, body }).msgId, "m-1");
  const fetchHeaders = new Headers({ "X-Douyin-Signature": signature });
  const event = dy.verifyWebhook({ headers: fetchHeaders, body });
  assert.equal(event.event, "service_market_order");
  assert.equal("msgId" in event, false, "absent, not null");
  assert.equal("reply" in event, false, "absent, not null");
  // A signature header sent twice is joined as HTTP joins it, and no longer matches.
  const twice = thrown(() => dy.verifyWebhook({ headers: { "x-douyin-signature": [signature, signature] }, body }));
  assert.equal(twice.kind, "signature");
});

test("a failed token fetch is fetched again, even for a write that is not safe to repeat", async () => {
  const dy = new Douyin({ clientKey: "fakekey", clientSecret: "fake-secret-not-real" });
  const answers = [
    () => { throw new TypeError("fetch failed"); },
    () => new Response(JSON.stringify({ data: { access_token: "clt.fake", expires_in: 7200, error_code: 0 }, extra: { error_code: 0 } })),
    () => new Response(JSON.stringify({ data: { error_code: 0, description: "" }, extra: { error_code: 0, logid: "l" } })),
  ];
  const sent = [];
  const fetch = async (url) => { sent.push(new URL(url).pathname); return answers[sent.length - 1](); };
  const input = { open_id: "o", service_id: "s", service_mode_id: "m", out_trade_no: "t", purchase_time: NOW, period_type: 1, usage_times: 5 };
  const ack = await dy.call("insertPurchaseInfo", input, { fetch, retry: { attempts: 3, baseDelayMs: 1 } });
  assert.equal(ack.$metadata.requestId, "l");
  assert.deepEqual(sent, ["/oauth/stable_client_token/", "/oauth/stable_client_token/", "/market/service/user/insert/purchase/info/"]);
});
