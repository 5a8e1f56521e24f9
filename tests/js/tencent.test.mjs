// The built package in Node (ESM, through the "node" export condition): TC3 vectors,
// response fixtures, an independent verifier, input and response errors, secrets, call().
import { test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { TencentCloud, QuotakitError } from "quotakit";
import { verifyTc3 } from "../../www-demo/sandbox/verify/tc3.mjs";
import { vectors, at, rng, randomValue, NOW, CREDS, thrown } from "./lib.mjs";

const tc = new TencentCloud(CREDS);
const lookup = (id) => (id === CREDS.secretId ? CREDS.secretKey : undefined);

test("derived vectors reproduce through the builders", () => {
  const partners = tc.describeAgentDealsByCache({ Offset: 0, Limit: 10 }, { now: NOW });
  assert.match(partners.headers.Authorization, /Signature=64ac8ddc19c43d19ab786c61da8c1ccbabfd22c27843a62be2feec531fee282e$/);
  const market = tc.syncUserAndOrderInfo(
    { UserInfo: { PaidCorpId: "wwcorp", PaidCorpName: "Demo" }, OrderInfo: { OrderId: "O1" } }, { now: NOW });
  assert.match(market.headers.Authorization, /Signature=47e72ccf4234f6e8ab083849a8d04c103c061ee74fe0209561e1a48e5bd05670$/);
});

test("tencentcloud-sdk-nodejs sign3 POST vector through signRequest", () => {
  const sdk = new TencentCloud({ secretId: "test-secret-id", secretKey: "test-secret-key" });
  const v = vectors("tc3").find((x) => x.name === "sdk-nodejs-sign3-post");
  const req = sdk.signRequest(
    { service: "cvm", action: "DescribeInstances", version: "2017-03-12", payload: JSON.parse(v.payload) },
    { now: v.timestamp * 1000 });
  assert.equal(req.body, v.payload);
  assert.equal(req.headers.Authorization, v.expected.authorization);
});

test("explain shows every stage and no secret", () => {
  const req = tc.describeAgentDealsByCache({ Offset: 0, Limit: 10 }, { now: NOW, explain: true });
  const v = vectors("tc3").find((x) => x.name === "derived-partners-describe-agent-deals");
  assert.equal(req.explain.algorithm, "TC3-HMAC-SHA256");
  assert.equal(req.explain.signedHeaders, "content-type;host");
  assert.match(req.explain.canonicalRequest, new RegExp(`${v.expected.payloadHash}$`));
  assert.match(req.explain.stringToSign, new RegExp(`${v.expected.canonicalRequestHash}$`));
  assert.equal(req.explain.signature, v.expected.signature);
  assert.ok(!JSON.stringify(req.explain).includes(CREDS.secretKey));
  assert.equal(tc.describeAgentDealsByCache({ Offset: 0, Limit: 10 }, { now: NOW }).explain, undefined);
});

test("an independent verifier accepts every built request (random inputs and times)", () => {
  const next = rng(7);
  for (let i = 0; i < 300; i++) {
    const now = 946_684_800_000 + Math.floor(next() * 6e12);
    const req = i % 2
      ? tc.describeAgentDealsByCache({ Offset: Math.floor(next() * 1e6), Limit: 1 + Math.floor(next() * 200), Status: 4, DealNames: ["测试-" + i] }, { now })
      : tc.signRequest({ service: "cvm", action: "DescribeInstances", version: "2017-03-12", payload: { P: randomValue(next) } }, { now });
    const result = verifyTc3(req, lookup, { nowSeconds: Math.floor(now / 1000) });
    assert.equal(result.ok, true, `${i}: ${result.reason}`);
  }
});

test("the verifier rejects a tampered body, a wrong key and a stale timestamp", () => {
  const req = tc.describeAgentDealsByCache({ Offset: 0, Limit: 10 }, { now: NOW });
  assert.equal(verifyTc3({ ...req, body: req.body.replace("10", "11") }, lookup).reason, "signature mismatch");
  assert.equal(verifyTc3(req, () => "WRONG").reason, "signature mismatch");
  assert.equal(verifyTc3(req, lookup, { nowSeconds: NOW / 1000 + 301 }).reason, "expired");
});

test("STS token, region, language and endpoint override", () => {
  const c = new TencentCloud({ ...CREDS, token: "sts-EXAMPLE-token", region: "ap-guangzhou", language: "en-US", endpoint: "http://127.0.0.1:9/" });
  const req = c.describeAgentDealsByCache({ Offset: 0, Limit: 10 }, { now: NOW });
  assert.equal(req.url, "http://127.0.0.1:9/");
  assert.equal(req.headers["X-TC-Token"], "sts-EXAMPLE-token");
  assert.equal(req.headers["X-TC-Region"], "ap-guangzhou");
  assert.equal(req.headers["X-TC-Language"], "en-US");
  assert.equal(verifyTc3(req, lookup).ok, true);
});

for (const v of vectors("tencent")) {
  test(`response fixture: ${v.name}`, () => {
    const parse = "parse" + v.operation[0].toUpperCase() + v.operation.slice(1);
    const raw = { status: v.status, headers: { "content-type": "application/json" }, body: v.body };
    if (v.expect.ok) {
      const model = tc[parse](raw);
      for (const [path, want] of Object.entries(v.expect.check)) assert.deepEqual(at(model, path), want, path);
      return;
    }
    const e = thrown(() => tc[parse](raw));
    assert.ok(e instanceof QuotakitError && e instanceof Error);
    assert.equal(e.name, "QuotakitError");
    assert.equal(e.vendor, "tencent");
    assert.equal(e.operation, v.operation);
    assert.equal(e.action, v.action);
    for (const key of ["kind", "code", "path", "requestId", "retryable", "httpStatus"]) {
      if (key in v.expect) assert.deepEqual(e[key], v.expect[key], key);
    }
    if (v.expect.excerptContains) assert.ok(e.excerpt.includes(v.expect.excerptContains));
    if (v.expect.issues) {
      assert.deepEqual(e.issues.map((i) => [i.code, i.path]), v.expect.issues);
      for (const issue of e.issues) assert.equal(issue.path, "$" + issue.pathSegments.map((s) => (typeof s === "number" ? `[${s}]` : `.${s}`)).join(""));
    }
    if (v.name === "wrong-types-everywhere") {
      assert.deepEqual(e.issues[0].pathSegments, ["Response", "AgentDealSet", 3, "GoodsPrice", "RealTotalCost"]);
      assert.equal(e.issues[0].expected, "integer");
      assert.equal(e.issues[0].received, 'string "6988000"');
    }
  });
}

test("input errors name the field and the rule", () => {
  const cases = [
    [{ Offset: 0, Limit: 0 }, "out_of_range", "$.Limit", /1\.\.=200/],
    [{ Offset: 0, Limit: 201 }, "out_of_range", "$.Limit", /1\.\.=200/],
    [{ Limit: 10 }, "missing_field", "$.Offset", /Offset/],
    [{ Offset: 0, Limit: "10" }, "invalid_type", "$.Limit", /integer/],
    [{ Offset: 0, Limit: 10, Status: 99 }, "unknown_enum", "$.Status", /one of/],
    [{ Offset: 0, Limit: 10, CreatTimeRangeStart: "2024-01-01" }, "invalid_format", "$.CreatTimeRangeStart", /YYYY-MM-DD HH:mm:ss/],
    [{ Offset: 0, Limit: 10, CreatTimeRangeStart: "2024-01-01 00:00:00", CreatTimeRangeEnd: "2024-06-01 00:00:00" }, "out_of_range", "$.CreatTimeRangeEnd", /90 days/],
    [{ Offset: 0, Limit: 10, CreatTimeRangeStart: "2024-02-01 00:00:00", CreatTimeRangeEnd: "2024-01-01 00:00:00" }, "invalid_value", "$.CreatTimeRangeStart", /not after/],
    [{ Offset: 0, Limit: Number.NaN }, "invalid_type", "$.Limit", /finite/],
    [{ Offset: 2 ** 53, Limit: 10 }, "out_of_range", "$.Offset", /2\^53/],
    [{ Offset: 0, Limit: 10, DealNames: ["a\ud800"] }, "invalid_format", "$.DealNames[0]", /surrogate/],
    // A real U+FFFD next to a lone surrogate: the exact check still finds the surrogate.
    [{ Offset: 0, Limit: 10, DealNames: ["\ufffd", "\ufffd\udc00"] }, "invalid_format", "$.DealNames[1]", /surrogate/],
  ];
  // A real U+FFFD alone is well-formed text and is signed as such.
  assert.match(tc.describeAgentDealsByCache({ Offset: 0, Limit: 10, DealNames: ["\ufffd"] }, { now: NOW }).body, /"\ufffd"/u);
  for (const [input, code, path, rule] of cases) {
    const e = thrown(() => tc.describeAgentDealsByCache(input, { now: NOW }));
    assert.equal(e.kind, "input", JSON.stringify(input));
    assert.equal(e.code, code, JSON.stringify(input));
    assert.equal(e.path, path, JSON.stringify(input));
    assert.match(e.message, rule);
    assert.equal(e.retryable, false);
  }
  const deal = (Deals) => thrown(() => tc.syncUserAndOrderInfo({ OrderInfo: { Deals } }, { now: NOW }));
  assert.equal(deal({ Discount: 101 }).path, "$.OrderInfo.Deals.Discount");
  assert.equal(deal({ TimeUnit: "package", TimeSpan: 2 }).path, "$.OrderInfo.Deals.TimeSpan");
  assert.equal(deal({ TimeUnit: "weeks" }).code, "unknown_enum");
  assert.equal(thrown(() => tc.syncUserAndOrderInfo({ UserInfo: { PaidCorpId: "", PaidCorpName: "x" } })).path, "$.UserInfo.PaidCorpId");
});

test("wrong shapes never trap the module; the same client keeps working", () => {
  const bad = [undefined, null, 5, "x", [], () => 1, Symbol("s"), 10n, new Date(), new Map(), { Offset: {} }, { __proto__: { Limit: 1 } }, JSON.parse('{"__proto__":{"x":1},"Offset":0}')];
  for (let round = 0; round < 200; round++) {
    for (const input of bad) {
      const e = thrown(() => tc.describeAgentDealsByCache(input, { now: NOW }));
      assert.equal(e.kind, "input");
      const r = thrown(() => tc.parseDescribeAgentDealsByCache(input));
      assert.equal(r.kind, "input");
    }
  }
  assert.equal(thrown(() => tc.describeAgentDealsByCache({ Offset: 0, Limit: 1 }, { now: "soon" })).path, "$.options.now");
  const seconds = thrown(() => tc.describeAgentDealsByCache({ Offset: 0, Limit: 1 }, { now: 1_700_000_000 }));
  // The core says `$.options.now_ms` and `TencentCloud::new` to Rust; JS hears its own names.
  assert.equal(seconds.path, "$.options.now");
  assert.ok(seconds.message.includes("$.options.now:") && !seconds.message.includes("now_ms"), seconds.message);
  assert.deepEqual(seconds.issues[0].pathSegments, ["options", "now"]);
  const constructor = thrown(() => new TencentCloud({ secretId: "AKIDx", secretKey: "k", region: "Not A Region" }));
  assert.equal(constructor.operation, "new TencentCloud");
  assert.match(constructor.message, /^\[tencent new TencentCloud\]/);
  assert.equal(thrown(() => new TencentCloud({ secretId: "x" })).path, "$.secretKey");
  assert.equal(thrown(() => new TencentCloud({ ...CREDS, endpoint: "https://evil.com/x\r\nA: b" })).path, "$.endpoint");
  assert.equal(thrown(() => new TencentCloud(null)).kind, "input");
  const ok = tc.describeAgentDealsByCache({ Offset: 0, Limit: 10 }, { now: NOW });
  assert.match(ok.headers.Authorization, /64ac8ddc/);
});

test("no secret in errors, explain, toString or JSON.stringify", () => {
  const secretKey = "SuperSecretKeyValue123";
  const token = "SuperSecretTokenValue456";
  const c = new TencentCloud({ secretId: "AKIDvisible", secretKey, token });
  const strings = [JSON.stringify(c), String(c), `${c}`];
  const req = c.describeAgentDealsByCache({ Offset: 0, Limit: 10 }, { now: NOW, explain: true });
  strings.push(JSON.stringify(req.explain));
  for (const f of [() => c.describeAgentDealsByCache({ Offset: 0, Limit: 0 }), () => c.parseDescribeAgentDealsByCache({ status: 500, body: "x" }),
    () => new TencentCloud({ secretId: "a", secretKey: 5 }), () => new TencentCloud({ secretId: secretKey, secretKey: "" })]) {
    const e = thrown(f);
    strings.push(String(e), e.message, e.stack, JSON.stringify(e), JSON.stringify(e.issues));
  }
  for (const s of strings) {
    assert.ok(!s.includes(secretKey) && !s.includes(token), s);
  }
  assert.equal(req.headers["X-TC-Token"], token, "the token is sent, as it must be");
});

test("call() with a host-supplied fetch", async () => {
  const fixture = vectors("tencent").find((x) => x.name === "seed-describe-agent-deals-by-cache");
  let seen;
  const fetch = async (url, init) => {
    seen = { url, ...init };
    return new Response(fixture.body, { status: 200, headers: { "content-type": "application/json" } });
  };
  const out = await tc.call("describeAgentDealsByCache", { Offset: 0, Limit: 1 }, { fetch });
  assert.equal(out.TotalCount, 23408);
  assert.equal(seen.method, "POST");
  assert.equal(verifyTc3(seen, lookup).ok, true);
  await assert.rejects(tc.call("nope", {}, { fetch }), (e) => e instanceof QuotakitError && e.kind === "input" && e.code === "unknown_operation");
  await assert.rejects(tc.call("describeAgentDealsByCache", { Offset: 0, Limit: 1 }, { fetch: async () => { throw new TypeError("fetch failed"); } }),
    (e) => e instanceof QuotakitError && e.kind === "http" && e.retryable === true);
});

test("call() over real HTTP against a server that verifies TC3 independently", async () => {
  const fixture = vectors("tencent").find((x) => x.name === "seed-describe-agent-deals-by-cache");
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      const result = verifyTc3({ method: req.method, url: `http://${req.headers.host}${req.url}`, headers: req.headers, body }, lookup,
        { nowSeconds: Math.floor(Date.now() / 1000) });
      res.setHeader("content-type", "application/json");
      res.end(result.ok ? fixture.body
        : JSON.stringify({ Response: { Error: { Code: "AuthFailure.SignatureFailure", Message: result.reason }, RequestId: "srv-1" } }));
    });
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  try {
    const endpoint = `http://127.0.0.1:${server.address().port}`;
    const good = new TencentCloud({ ...CREDS, endpoint });
    const out = await good.call("describeAgentDealsByCache", { Offset: 0, Limit: 1 });
    assert.equal(out.AgentDealSet[0].DealName, "20240108121000906445591");
    const bad = new TencentCloud({ ...CREDS, secretKey: "WRONG", endpoint });
    await assert.rejects(bad.call("describeAgentDealsByCache", { Offset: 0, Limit: 1 }),
      (e) => e.kind === "api" && e.code === "AuthFailure.SignatureFailure" && e.requestId === "srv-1" && !e.retryable);
  } finally {
    server.close();
  }
});

test("Market SaaS notifications: verified in constant time, stale and forged ones refused", async () => {
  const { createHash } = await import("node:crypto");
  const token = "ProviderTokenEXAMPLE";
  const timestamp = "1529981569";
  const eventId = "1447906768";
  const signature = createHash("sha256").update([token, timestamp, eventId].sort().join("")).digest("hex");
  const now = 1_529_981_569_000 + 10_000;
  const ok = TencentCloud.verifyMarketNotification({ query: { signature, timestamp, eventId }, token, now });
  assert.deepEqual(ok, { timestamp: 1529981569, eventId });
  const forged = thrown(() => TencentCloud.verifyMarketNotification({ query: { signature, timestamp, eventId: "1" }, token, now }));
  assert.equal(forged.kind, "signature");
  const stale = thrown(() => TencentCloud.verifyMarketNotification({ query: { signature, timestamp, eventId }, token, now: now + 30_000 }));
  assert.equal(stale.kind, "signature");
  assert.match(stale.message, /stale/);
  assert.ok(TencentCloud.verifyMarketNotification({ query: { signature, timestamp, eventId }, token, now: now + 100_000, windowSeconds: 120 }));
  assert.ok(!String(forged).includes(token));
});
