// A tiny consumer app: bundled by esbuild and Vite, run in workerd and Deno. It exercises
// a builder, a validator and an error, and reports what it saw as JSON.
import { Baidu, Douyin, Polyv, TencentCloud, QuotakitError } from "quotakit";

export function run() {
  const tc = new TencentCloud({ secretId: "AKIDEXAMPLE", secretKey: "SECRETEXAMPLE" });
  const req = tc.describeAgentDealsByCache({ Offset: 0, Limit: 10 }, { now: 1_700_000_000_000 });
  let error;
  try {
    tc.parseDescribeAgentDealsByCache({ status: 200, body: '{"Response":{"RequestId":"r","TotalCount":"x","AgentDealSet":[]}}' });
  } catch (e) {
    error = { isQuotakitError: e instanceof QuotakitError, kind: e.kind, path: e.path };
  }
  const parsed = tc.parseDescribeAgentDealsByCache({ status: 200, body: '{"Response":{"RequestId":"r","TotalCount":3,"AgentDealSet":[]}}' });
  const baidu = new Baidu({ accessKeyId: "a".repeat(32), secretAccessKey: "b".repeat(32) });
  const bce = baidu.listResourcePackages({}, { now: Date.parse("2020-04-27T02:43:18Z") }).headers.Authorization;
  const polyv = new Polyv({ appId: "g4rqgmmjuo", appSecret: "fsq2k5weced1h8vui657xtdva66whf0g" })
    .signParams({ channelIds: "2477096,2272655", startDay: "2022-05-20", endDay: "2022-06-18" }, { now: 1660270926732 }).params.sign;
  const douyin = new Douyin({ clientKey: "k", clientSecret: "s" });
  let webhook;
  try {
    douyin.verifyWebhook({ headers: { "X-Douyin-Signature": "0".repeat(40) }, body: "{}" });
  } catch (e) {
    webhook = e.kind;
  }
  return { authorization: req.headers.Authorization, error, totalCount: parsed.TotalCount, bce, polyv, webhook };
}

/** What every runtime must report. */
export const EXPECTED = {
  authorization: "TC3-HMAC-SHA256 Credential=AKIDEXAMPLE/2023-11-14/partners/tc3_request, SignedHeaders=content-type;host, Signature=64ac8ddc19c43d19ab786c61da8c1ccbabfd22c27843a62be2feec531fee282e",
  error: { isQuotakitError: true, kind: "schema", path: "$.Response.TotalCount" },
  totalCount: 3,
  bce: "bce-auth-v1/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/2020-04-27T02:43:18Z/1800/content-type;host;x-bce-date/f4052c64ab78f8428e29280f6b21565b05d9ff416561e334c093aebae8d030a2",
  polyv: "0D2BDA2FD04D93A2B8832B91FD973C4D",
  webhook: "signature",
};
