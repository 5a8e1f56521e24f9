// The built package through require() (CommonJS): the "node" + "require" export condition.
const { test } = require("node:test");
const assert = require("node:assert/strict");
const { TencentCloud, QuotakitError } = require("quotakit");

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
