// The built package through require() (CommonJS): the "node" + "require" export condition.
const { test } = require("node:test");
const assert = require("node:assert/strict");
const { Baidu, Douyin, Polyv, TencentCloud, QuotakitError } = require("quotakit");

test("require('quotakit') signs and validates", () => {
  assert.match(require.resolve("quotakit"), /node\.cjs$/);
  const tc = new TencentCloud({ secretId: "AKIDEXAMPLE", secretKey: "SECRETEXAMPLE" });
  const req = tc.describeAgentDealsByCache({ Offset: 0, Limit: 10 }, { now: 1_700_000_000_000 });
  assert.match(req.headers.Authorization, /Signature=64ac8ddc19c43d19ab786c61da8c1ccbabfd22c27843a62be2feec531fee282e$/);
  assert.throws(() => tc.parseDescribeAgentDealsByCache({ status: 502, body: "<html>bad gateway</html>" }),
    (e) => e instanceof QuotakitError && e.kind === "http" && e.retryable === true);
  const out = tc.parseSyncUserAndOrderInfo({ status: 200, body: '{"Response":{"RequestId":"r","Details":{"TotalCount":1}}}' });
  assert.equal(out.Details.TotalCount, 1);
  assert.equal(typeof tc.call, "function");
});

test("require('quotakit') has every vendor client", () => {
  const baidu = new Baidu({ accessKeyId: "a".repeat(32), secretAccessKey: "b".repeat(32) });
  assert.match(baidu.listResourcePackages({}, { now: Date.parse("2020-04-27T02:43:18Z") }).headers.Authorization, /f4052c64ab78f8428e29280f6b21565b05d9ff416561e334c093aebae8d030a2$/);
  const polyv = new Polyv({ appId: "g4rqgmmjuo", appSecret: "fsq2k5weced1h8vui657xtdva66whf0g" });
  assert.equal(polyv.signParams({ channelIds: "2477096,2272655", startDay: "2022-05-20", endDay: "2022-06-18" }, { now: 1660270926732 }).params.sign, "0D2BDA2FD04D93A2B8832B91FD973C4D");
  const douyin = new Douyin({ clientKey: "k", clientSecret: "s" });
  assert.equal(douyin.needsToken(), true);
  assert.throws(() => douyin.verifyWebhook({ headers: {}, body: "{}" }), (e) => e instanceof QuotakitError && e.kind === "signature");
});

test("require('quotakit/web') is CommonJS too, and its init takes the .wasm it is given", async () => {
  assert.match(require.resolve("quotakit/web"), /web\.cjs$/);
  const web = require("quotakit/web");
  const bytes = require("node:fs").readFileSync(require.resolve("quotakit/quotakit_bg.wasm"));
  await web.default(bytes);
  const tc = new web.TencentCloud({ secretId: "AKIDEXAMPLE", secretKey: "SECRETEXAMPLE" });
  assert.match(tc.describeAgentDealsByCache({ Offset: 0, Limit: 10 }, { now: 1_700_000_000_000 }).headers.Authorization, /Signature=64ac8ddc/);
});
