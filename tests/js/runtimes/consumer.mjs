// A tiny consumer app: bundled by esbuild and Vite, run in workerd and Deno. It exercises
// a builder, a validator and an error, and reports what it saw as JSON.
import { TencentCloud, QuotakitError } from "quotakit";

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
  return { authorization: req.headers.Authorization, error, totalCount: parsed.TotalCount };
}

/** What every runtime must report. */
export const EXPECTED = {
  authorization: "TC3-HMAC-SHA256 Credential=AKIDEXAMPLE/2023-11-14/partners/tc3_request, SignedHeaders=content-type;host, Signature=64ac8ddc19c43d19ab786c61da8c1ccbabfd22c27843a62be2feec531fee282e",
  error: { isQuotakitError: true, kind: "schema", path: "$.Response.TotalCount" },
  totalCount: 3,
};
