// Hostile responses and secrets, against the built package.
//
// Every validator gets bodies built to hurt a parser: repeated keys, 100,000 levels of
// nesting, numbers beyond any float, a 50 MB body, an envelope without its data, an error
// envelope with extra fields. Each must end in a typed result or QuotakitError within
// bounded time, and the client must still work afterwards. Then every string quotakit can
// produce for clients with known secrets is collected and searched for those secrets.
import assert from "node:assert/strict";
import { inspect } from "node:util";
import test from "node:test";

import { Baidu, Douyin, Polyv, QuotakitError, TencentCloud } from "quotakit";

const NOW = Date.UTC(2026, 10, 23, 8);
const SECRETS = {
  tencentKey: "tc-secret-KNOWN-0001", tencentToken: "tc-sts-token-KNOWN-0002",
  baiduKey: "bd-secret-KNOWN-0003", baiduToken: "bd-sts-token-KNOWN-0004",
  polyvSecret: "pv-secret-KNOWN-0005", douyinSecret: "dy-secret-KNOWN-0006", douyinToken: "dy-access-token-KNOWN-0007",
};
const tc = new TencentCloud({ secretId: "AKIDhostile", secretKey: SECRETS.tencentKey, token: SECRETS.tencentToken });
const bd = new Baidu({ accessKeyId: "hostile-ak", secretAccessKey: SECRETS.baiduKey, sessionToken: SECRETS.baiduToken });
const pv = new Polyv({ appId: "hostileapp", appSecret: SECRETS.polyvSecret });
const dy = new Douyin({ clientKey: "hostilekey", clientSecret: SECRETS.douyinSecret });
dy.setToken(SECRETS.douyinToken, NOW + 3_600_000);

const PARSERS = [
  ["tencent DescribeAgentDealsByCache", (raw) => tc.parseDescribeAgentDealsByCache(raw), '{"Response":{"RequestId":"r","TotalCount":0,"AgentDealSet":[]}}',
    '{"Response":{"RequestId":"r"}}', '{"Response":{"Error":{"Code":"InternalError","Message":"x","Extra":[1]},"RequestId":"r","More":{"a":1}}}'],
  ["tencent SyncUserAndOrderInfo", (raw) => tc.parseSyncUserAndOrderInfo(raw), '{"Response":{"RequestId":"r"}}',
    '{"Response":5}', '{"Response":{"Error":{"Code":"AuthFailure.SignatureFailure","Message":"x"},"RequestId":"r","Extra":true}}'],
  ["baidu listResourcePackages", (raw) => bd.parseListResourcePackages(raw), '{"data":[]}',
    '{"data":5}', '{"code":"InternalError","message":"x","requestId":"r","extra":{"nested":[1,2]}}'],
  ["polyv listPackageValidity", (raw) => pv.parseListPackageValidity(raw),
    '{"code":200,"status":"success","requestId":"r","data":{"pageNumber":1,"pageSize":10,"totalPages":0,"totalItems":0,"contents":[]}}',
    '{"code":200,"status":"success","requestId":"r"}', '{"code":400,"status":"error","requestId":"r","error":{"code":1,"desc":"x"},"extra":1}'],
  ["douyin getUserServicePurchaseList", (raw) => dy.parseGetUserServicePurchaseList(raw),
    '{"data":{"error_code":0,"description":"","purchase_info_list":[]},"extra":{"logid":"l"}}',
    '{"extra":{"logid":"l"}}', '{"data":{"error_code":40004,"description":"x","more":1},"extra":{"logid":"l","now":1}}'],
  ["douyin clientToken", (raw) => dy.parseClientToken(raw, { now: NOW }),
    '{"data":{"access_token":"clt.fresh-token-0000","expires_in":7200,"error_code":0,"description":""},"message":"success"}',
    '{"message":"success"}', '{"data":{"error_code":10002,"description":"x","extra":[1]},"message":"error"}'],
];

const deep = (n) => "[".repeat(n) + "]".repeat(n);
const HOSTILE = [
  ["a key repeated in one object", (ok) => ok.replace(/^\{/, '{"dup":1,"dup":2,'), "invalid_json"],
  ["100,000 levels of arrays", () => deep(100_000), "too_deep"],
  ["100,000 levels of objects", () => '{"a":'.repeat(100_000) + "1" + "}".repeat(100_000), "too_deep"],
  ["65 levels, over the default limit of 64", () => deep(65), "too_deep"],
  ["a number beyond any float", (ok) => ok.replace(/^\{/, '{"n":1e999,'), "invalid_json"],
  ["a 50 MB body", (ok) => ok.replace(/^\{/, `{"pad":"${"x".repeat(50 << 20)}",`), "too_large"],
  ["text with U+FFFD where bytes were not UTF-8", () => '{"\uFFFD\uFFFD":"\uFFFD"', "invalid_json"],
  ["an empty body", () => "", "invalid_json"],
  ["HTML from a gateway", () => "<html><body>502 Bad Gateway</body></html>", "invalid_json"],
];

function outcome(fn) {
  try {
    return { value: fn() };
  } catch (e) {
    return { error: e };
  }
}

for (const [name, parse, ok, missingData, errorWithExtras] of PARSERS) {
  test(`${name}: hostile bodies end in typed errors`, () => {
    assert.ok(outcome(() => parse({ status: 200, headers: {}, body: ok })).value, "the valid body is accepted");
    for (const [what, make, code] of HOSTILE) {
      const started = performance.now();
      const { error } = outcome(() => parse({ status: 200, headers: {}, body: make(ok) }));
      const ms = performance.now() - started;
      assert.ok(error instanceof QuotakitError, `${what}: ${error}`);
      assert.equal(error.kind, "schema", `${what}: ${error.message}`);
      assert.equal(error.code, code, `${what}: ${error.message}`);
      assert.ok(error.message.length < 1000, `${what}: message of ${error.message.length} chars`);
      assert.ok(ms < 5000, `${what}: ${ms} ms`); // bounded, generously: this is not a benchmark
    }
    const missing = outcome(() => parse({ status: 200, headers: {}, body: missingData })).error;
    assert.ok(missing instanceof QuotakitError && missing.kind === "schema", `missing data: ${missing}`);
    assert.ok(missing.issues.length > 0 && missing.path.startsWith("$"), missing.message);
    const vendorError = outcome(() => parse({ status: name.startsWith("baidu") ? 500 : 200, headers: {}, body: errorWithExtras })).error;
    assert.ok(vendorError instanceof QuotakitError && vendorError.kind === "api", `error envelope: ${vendorError}`);
    assert.ok(vendorError.code, "the vendor's code is named");
    // Afterwards the client still validates.
    assert.ok(outcome(() => parse({ status: 200, headers: {}, body: ok })).value);
  });
}

test("response limits are per client and configurable", () => {
  const body = '{"Response":{"RequestId":"r","TotalCount":0,"AgentDealSet":[]}}';
  const small = new TencentCloud({ secretId: "AKIDx", secretKey: "k", limits: { maxBodyBytes: 32, maxDepth: 2 } });
  assert.equal(outcome(() => small.parseDescribeAgentDealsByCache({ status: 200, body })).error.code, "too_large");
  const shallow = new TencentCloud({ secretId: "AKIDx", secretKey: "k", limits: { maxDepth: 2 } });
  assert.equal(outcome(() => shallow.parseDescribeAgentDealsByCache({ status: 200, body })).error.code, "too_deep");
  const big = new TencentCloud({ secretId: "AKIDx", secretKey: "k", limits: { maxBodyBytes: 64 << 20 } });
  const padded = body.replace("{", `{"pad":"${"x".repeat(50 << 20)}",`);
  assert.equal(big.parseDescribeAgentDealsByCache({ status: 200, body: padded }).TotalCount, 0);
  for (const limits of [{ maxBodyBytes: 0 }, { maxDepth: 1000 }, { maxDepth: -1 }]) {
    assert.equal(outcome(() => new TencentCloud({ secretId: "AKIDx", secretKey: "k", limits })).error.kind, "input");
  }
});

test("webhooks: oversized, deep and forged deliveries are typed errors", () => {
  const forged = outcome(() => dy.verifyWebhook({ headers: { "x-douyin-signature": "0".repeat(40) }, body: "{}" })).error;
  assert.equal(forged.kind, "signature");
  // Over the input body limit (8 MiB) it is refused as input; under it, by the client's limits.
  const huge = outcome(() => dy.verifyWebhook({ headers: { "x-douyin-signature": "0".repeat(40) }, body: "x".repeat(9 << 20) })).error;
  assert.deepEqual([huge.kind, huge.code, huge.path], ["input", "out_of_range", "$.body"]);
  const strict = new Douyin({ clientKey: "k", clientSecret: "s", limits: { maxBodyBytes: 1024 } });
  const big = outcome(() => strict.verifyWebhook({ headers: { "x-douyin-signature": "0".repeat(40) }, body: "x".repeat(4096) })).error;
  assert.deepEqual([big.kind, big.code], ["schema", "too_large"]);
  assert.equal(outcome(() => TencentCloud.verifyMarketNotification({ query: { signature: "x", timestamp: "1", eventId: "e" }, token: "t", now: NOW })).error.kind, "signature");
});

/** Every string reachable from `value`: own and inherited enumerable fields, recursively. */
function strings(value, out = [], seen = new Set()) {
  if (typeof value === "string") out.push(value);
  else if (value && typeof value === "object" && !seen.has(value)) {
    seen.add(value);
    for (const key of Object.keys(value)) strings(value[key], out, seen);
    if (value instanceof Error) out.push(value.message, String(value.stack), String(value));
  }
  return out;
}

test("no secret or token appears in anything quotakit produces", () => {
  const produced = [];
  const collect = (fn) => {
    const r = outcome(fn);
    produced.push(...strings(r.value ?? r.error), inspect(r.value ?? r.error, { depth: 10 }), JSON.stringify(r.value ?? r.error) ?? "");
  };
  for (const client of [tc, bd, pv, dy]) {
    produced.push(String(client), JSON.stringify(client), inspect(client, { depth: 10, showHidden: true }), client.toString());
  }
  // Explain output (canonical requests, strings to sign) and the requests themselves, minus
  // the headers that must carry a token to work (X-TC-Token, x-bce-security-token, access-token).
  // Douyin's client_token request is left out: its body must carry client_secret.
  const withoutTokenHeaders = (req) => {
    const headers = { ...req.headers };
    for (const name of ["X-TC-Token", "x-bce-security-token", "access-token"]) delete headers[name];
    return { ...req, headers };
  };
  const explain = { now: NOW, explain: true };
  for (const req of [
    tc.describeAgentDealsByCache({ Offset: 0, Limit: 1 }, explain),
    tc.signRequest({ service: "cvm", action: "DescribeInstances", version: "2017-03-12" }, explain),
    bd.listResourcePackages({}, explain),
    bd.signRequest({ method: "GET", path: "/v1/x" }, explain),
    pv.listPackageValidity({}, explain),
    dy.getUserServicePurchaseList({ open_id: "o", service_id: "s" }, explain),
  ]) {
    produced.push(...strings(withoutTokenHeaders(req)), JSON.stringify(withoutTokenHeaders(req)));
  }
  produced.push(...strings(pv.signParams({ a: "1" }, explain)).filter((s) => !/^[0-9A-F]{32}$/.test(s)));
  // Errors of every kind, with the secrets in play.
  collect(() => new TencentCloud({ secretId: "AKIDx", secretKey: `${SECRETS.tencentKey}\r\n` }));
  collect(() => new TencentCloud({ secretId: "AKIDx", secretKey: { nested: SECRETS.tencentKey } }));
  collect(() => new Baidu({ accessKeyId: "ak", secretAccessKey: SECRETS.baiduKey, sessionToken: 5 }));
  collect(() => new Douyin({ clientKey: "k", clientSecret: [SECRETS.douyinSecret] }));
  collect(() => new Polyv({ appId: "a", appSecret: SECRETS.polyvSecret.repeat(5000) }));
  collect(() => dy.setToken(`${SECRETS.douyinToken}\n`, NOW));
  collect(() => tc.describeAgentDealsByCache({ Offset: -1, Limit: 0, Extra: SECRETS.tencentKey }, { now: NOW }));
  collect(() => tc.parseDescribeAgentDealsByCache({ status: 200, body: '{"Response":{"Error":{"Code":"AuthFailure.SignatureFailure","Message":"bad"},"RequestId":"r"}}' }));
  collect(() => dy.parseClientToken({ status: 200, body: `{"data":{"access_token":"${SECRETS.douyinToken}","expires_in":"soon"}}` }, { now: NOW }));
  collect(() => dy.verifyWebhook({ headers: { "x-douyin-signature": "0".repeat(40) }, body: SECRETS.douyinSecret }));
  collect(() => pv.parseListPackageValidity({ status: 200, body: `{"code":200,"status":"success","data":{"contents":[{"appSecret":"${SECRETS.polyvSecret}","userId":5}]}}` }));
  collect(() => TencentCloud.verifyMarketNotification({ query: { signature: "x", timestamp: "1", eventId: "e" }, token: SECRETS.tencentToken, now: NOW }));
  // Bodies that fail to parse are quoted in `excerpt` and the message: a truncated listing
  // with a secret in its first bytes, an error page echoing one, a form-encoded token.
  collect(() => pv.parseListPackageValidity({ status: 200, body: `{"data":{"contents":[{"appSecret":"${SECRETS.polyvSecret}` }));
  collect(() => pv.parseListPackageValidity({ status: 502, body: `<html>appSecret = ${SECRETS.polyvSecret}</html>` }));
  collect(() => dy.parseClientToken({ status: 200, body: `{"data":{"access_token" : "${SECRETS.douyinToken}", "expires_in":` }, { now: NOW }));
  collect(() => dy.parseGetUserServicePurchaseList({ status: 500, body: `access_token=${SECRETS.douyinToken}&client_secret=${SECRETS.douyinSecret}` }));
  collect(() => pv.parseListPackageValidity({ status: 200, body: `{"code":500,"message":"{\\"appSecret\\":\\"${SECRETS.polyvSecret}\\"` }));
  collect(() => pv.parseListPackageValidity({ status: 502, body: `{"name":"app\\u0053ecret","value":"${SECRETS.polyvSecret}"` }));
  assert.ok(produced.length > 100, `only ${produced.length} strings collected`);
  for (const [name, secret] of Object.entries(SECRETS)) {
    // Any 8-character piece of a secret counts as a leak.
    for (let i = 0; i + 8 <= secret.length; i++) {
      const piece = secret.slice(i, i + 8);
      if (/^[a-z-]+$/.test(piece)) continue; // pieces of plain words ("-secret-") are not secret
      const leak = produced.find((s) => s.includes(piece));
      assert.equal(leak, undefined, `${name} piece ${JSON.stringify(piece)} leaked in: ${leak?.slice(0, 200)}`);
    }
  }
});
