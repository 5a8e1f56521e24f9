// TencentCloud's and Baidu's `signRequest`, and every typed builder, take a string boundary
// (one string into wasm, lines back, JS-side type checks; see extras.mjs). The full path
// through the core's own reading of JS values is the reference: on random valid inputs and
// on every kind of odd one, both must give the same request or throw the same error.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import test from "node:test";
import { Baidu, Douyin, Polyv, TencentCloud } from "quotakit";
import { NOW, outcome, randomValue, rng } from "./lib.mjs";

const tencent = new TencentCloud({ secretId: "AKIDfake", secretKey: "fake-secret-not-real", token: "fake-token", region: "ap-guangzhou" });
const baidu = new Baidu({ accessKeyId: "fakeak", secretAccessKey: "fake-secret-not-real" });

/** Counts the string-boundary calls of `client`, to show the fast path is taken. */
function countCrossings(client, method = "__signLines") {
  const counter = { calls: 0 };
  const original = Object.getPrototypeOf(client)[method];
  client[method] = function (...args) {
    counter.calls++;
    return original.apply(this, args);
  };
  return counter;
}

/**
 * `fast` and `full` at one frozen clock: options without `now` sign at `Date.now()`, which
 * the two calls would otherwise read a moment apart, across a second now and then.
 */
function atOneMoment(fast, full) {
  const realNow = Date.now;
  const frozen = realNow();
  Date.now = () => frozen;
  try {
    return [outcome(fast), outcome(full)];
  } finally {
    Date.now = realNow;
  }
}

function same(client, input, opts, label) {
  const [fast, full] = atOneMoment(() => client.signRequest(input, opts), () => client.signRequest.fullPath.call(client, input, opts));
  assert.deepEqual(fast, full, label);
  return Boolean(fast.ok);
}

const odd = [undefined, null, "", "x", -0, 0.5, NaN, 2 ** 53, "\ud800", "a\nb", "a\u0085b", [], {}, new Date(0), () => 1, Symbol("s"), 1n];

test("TC3 signRequest: the string boundary and the full path agree", () => {
  const next = rng(7);
  const crossings = countCrossings(tencent);
  let signed = 0;
  for (let i = 0; i < 400; i++) {
    const payload = i % 4 === 0 ? JSON.stringify(randomValue(next)) : i % 4 === 1 ? undefined : { Limit: i, Offset: 0, Nested: randomValue(next) };
    const input = { service: "partners", action: "DescribeAgentDealsByCache", version: "2018-03-21" };
    if (payload !== undefined) input.payload = payload;
    if (i % 3 === 0) input.contentType = "application/json; charset=utf-8";
    signed += same(tencent, input, { now: NOW + i * 1000 }, `random ${i}`) ? 1 : 0;
  }
  assert.ok(signed > 200, `${signed} signed`);
  assert.ok(crossings.calls >= 300, `${crossings.calls} of 400 took the string boundary`);
  const base = { service: "cvm", action: "DescribeInstances", version: "2017-03-12", payload: { Limit: 1 } };
  for (const key of ["service", "action", "version", "payload", "contentType", "extra"]) {
    for (const value of [...odd, "CVM", "a b", "{}", " {\"a\":1} ", "{not json}", "[1]", "text/plain"]) {
      same(tencent, { ...base, [key]: value }, { now: NOW }, `${key} = ${String(value)}`);
    }
  }
  for (const opts of [{ now: -0 }, { now: 1.5 }, { now: 10 }, { explain: true, now: NOW }, { explain: false, now: NOW }, { now: NOW, extra: 1 }, null, "x"]) {
    same(tencent, base, opts, `opts ${JSON.stringify(opts)}`);
  }
  // Without `now`, both paths read the clock: the same second, so the same signature.
  const clockless = tencent.signRequest(base);
  assert.ok(Math.abs(Number(clockless.headers["X-TC-Timestamp"]) * 1000 - Date.now()) < 5000);
  for (const input of [null, undefined, "x", [], Object.create({ service: "cvm" }), { ...base, payload: { a: [1, , 3] } }, { ...base, payload: { a: 1.25 } }, { ...base, payload: { a: undefined } }]) {
    same(tencent, input, { now: NOW }, `input ${String(input)}`);
  }
});

test("TC3: a long text payload is hashed by node:crypto and signed as the core would", () => {
  const payload = JSON.stringify({ Note: "测".repeat(100_000), Limit: 1 });
  const input = { service: "partners", action: "DescribeAgentDealsByCache", version: "2018-03-21", payload };
  assert.equal(same(tencent, input, { now: NOW }, "long payload"), true);
  const request = tencent.signRequest(input, { now: NOW, explain: true });
  assert.ok(request.explain.canonicalRequest.endsWith(createHash("sha256").update(payload).digest("hex")));
  assert.equal(tencent.signRequest(input, { now: NOW }).body, payload);
  for (const bad of [" [" + payload + "]", payload + "x", payload.slice(0, -1)]) same(tencent, { ...input, payload: bad }, { now: NOW }, "long, not an object");
});

test("BCE signRequest: the string boundary and the full path agree", () => {
  const next = rng(9);
  const crossings = countCrossings(baidu);
  let signed = 0;
  const methods = ["GET", "POST", "PUT", "DELETE", "HEAD"];
  for (let i = 0; i < 300; i++) {
    const input = { method: methods[i % 5], path: `/v1/${String(randomValue(next)).replace(/[?#\u0000-\u001f]/g, "")}/x` };
    if (i % 2) input.query = { a: String(i), "b c": "测试", empty: "" };
    if (i % 3) input.headers = { "Content-Type": "application/json", "x-bce-meta": `v${i}` };
    if (i % 4) input.body = JSON.stringify(randomValue(next));
    signed += same(baidu, input, { now: NOW + i * 1000 }, `random ${i}`) ? 1 : 0;
  }
  assert.ok(signed > 200, `${signed} signed`);
  assert.ok(crossings.calls >= 250, `${crossings.calls} of 300 took the string boundary`);
  const base = { method: "POST", path: "/v1/tms/openapi/trademarks", headers: { "Content-Type": "application/json" }, body: "{}" };
  for (const key of ["method", "path", "query", "headers", "body", "extra"]) {
    for (const value of [...odd, "get", "/a/../b", "/a?b", "no-slash", { a: 1 }, { a: "\n" }, { "a\nb": "c" }, { Host: "x" }, { a: "" }]) {
      same(baidu, { ...base, [key]: value }, { now: NOW }, `${key} = ${String(value)}`);
    }
  }
});

test("typed builders: the string boundary and the full path agree", () => {
  const polyv = new Polyv({ appId: "fakeapp", appSecret: "fake-secret-not-real" });
  const douyin = new Douyin({ clientKey: "fakekey", clientSecret: "fake-secret-not-real" });
  douyin.setToken("fake-token-not-real", NOW + 3_600_000);
  const cases = [
    [tencent, "describeAgentDealsByCache", { Offset: 0, Limit: 20, OwnerUins: ["1"], CreatTimeRangeStart: "2026-11-01 00:00:00", CreatTimeRangeEnd: "2026-11-02 00:00:00", Order: 1, Status: 2 }],
    [tencent, "syncUserAndOrderInfo", { UserInfo: { PaidCorpId: "wwcorp", PaidCorpName: "测试公司" }, OrderInfo: { OrderId: "O1" } }],
    [tencent, "getUsagePlanUsageAmount", { InstanceId: "45419893" }],
    [tencent, "flowProductRemind", { ProviderUin: "678782098", SignId: "1054492229", ResourceId: "market-g9sjptwqi", TotalFlow: "2000", LeftFlow: "200", FlowUnit: "Mb" }],
    [baidu, "listResourcePackages", { pageNo: 1, pageSize: 10, status: "USING" }],
    [polyv, "listPackageValidity", { emails: ["a@x.com", "b@x.com"], pageSize: 10, pageNumber: 2 }],
    [douyin, "getUserServicePurchaseList", { open_id: "o", service_id: "s", is_test_env: true }],
    [douyin, "decrUserRemainTimes", { open_id: "o", service_id: "s", service_mode_id: "m", out_trade_no: "t-1", count: 1 }],
    [douyin, "insertPurchaseInfo", { open_id: "o", service_id: "s", service_mode_id: "m", out_trade_no: "t-2", purchase_time: NOW, period_type: 1, duration: 1 }],
    [douyin, "deletePurchaseInfo", { open_id: "o", service_id: "s", service_mode_id: "m", out_trade_no: "t-3" }],
  ];
  const next = rng(11);
  let compared = 0;
  for (const [client, op, valid] of cases) {
    const crossings = countCrossings(client, "__buildLines");
    const agree = (input, opts, label) => {
      const [fast, full] = atOneMoment(() => client[op](input, opts), () => client[op].fullPath.call(client, input, opts));
      assert.deepEqual(fast, full, `${op}: ${label}`);
      compared++;
      return Boolean(fast.ok);
    };
    assert.equal(agree(valid, { now: NOW }, "the valid input"), true, `${op} signs its valid input`);
    for (const key of [...Object.keys(valid), "extra"]) {
      for (const value of [...odd, "", "x", 0, 1, -1, 2 ** 31, 10 ** 15, true, ["a"], { a: 1 }, "测试", "a".repeat(20_000), randomValue(next), randomValue(next)]) {
        agree({ ...valid, [key]: value }, { now: NOW }, `${key} = ${String(value).slice(0, 40)}`);
      }
    }
    for (const opts of [{ now: -0 }, { now: 1.5 }, { explain: true, now: NOW }, { now: NOW, extra: 1 }, null, "x"]) {
      agree(valid, opts, `opts ${JSON.stringify(opts)}`);
    }
    for (const input of [null, undefined, "x", [], Object.create(valid), JSON.parse('{"__proto__": {"a": 1}}')]) agree(input, { now: NOW }, `input ${String(input)}`);
    assert.ok(crossings.calls > 20, `${op}: ${crossings.calls} calls took the string boundary`);
    delete client.__buildLines;
  }
  assert.ok(compared > 1200, `${compared} compared`);
});
