// `make demo`: what a vendor's backend does with quotakit, end to end, with no network.
// It builds signed Tencent Cloud requests, shows how TC3 signed them, and validates the
// vendor's documented sample responses (and some broken ones) into typed results.
//
// Until the vendor sandbox lands, responses come from tests/vectors/tencent/, which hold the
// seeds' samples. Set TENCENT_SECRET_ID / TENCENT_SECRET_KEY to sign with your own key
// (nothing is sent either way).
import { readFileSync } from "node:fs";
import { TencentCloud, QuotakitError } from "quotakit";

const fixture = (name) =>
  JSON.parse(readFileSync(new URL(`../tests/vectors/tencent/${name}.json`, import.meta.url), "utf8"));

const tc = new TencentCloud({
  secretId: process.env.TENCENT_SECRET_ID ?? "AKIDEXAMPLE",
  secretKey: process.env.TENCENT_SECRET_KEY ?? "SECRETEXAMPLE",
});

const line = (title) => console.log(`\n── ${title} ${"─".repeat(Math.max(0, 70 - title.length))}`);

line("1. Build a signed DescribeAgentDealsByCache request");
const req = tc.describeAgentDealsByCache(
  { Offset: 0, Limit: 50, CreatTimeRangeStart: "2024-01-01 00:00:00", CreatTimeRangeEnd: "2024-03-01 00:00:00", Status: 4 },
  { explain: true },
);
console.log(`${req.method} ${req.url}`);
for (const [k, v] of Object.entries(req.headers)) console.log(`${k}: ${v}`);
console.log(`\n${req.body}`);

line("2. What was signed (explain: true; no secret in it)");
console.log("canonical request:\n" + req.explain.canonicalRequest.replace(/^/gm, "  "));
console.log("string to sign:\n" + req.explain.stringToSign.replace(/^/gm, "  "));

line("3. Validate the documented sample response");
const raw = (name) => {
  const f = fixture(name);
  return { status: f.status, headers: { "content-type": "application/json" }, body: f.body };
};
const deals = tc.parseDescribeAgentDealsByCache(raw("seed-describe-agent-deals-by-cache"));
console.log(`TotalCount ${deals.TotalCount}, request ${deals.RequestId}`);
for (const d of deals.AgentDealSet) {
  const yuan = (d.GoodsPrice?.RealTotalCost ?? 0) / 100;
  console.log(`  ${d.DealName}  ${d.GoodsName}  ${d.DealStatus}  ${yuan.toFixed(2)} CNY  owner ${d.OwnerUin}`);
}
const sync = tc.parseSyncUserAndOrderInfo(raw("tccli-sync-user-and-order-info"));
console.log(`SyncUserAndOrderInfo: ${sync.Details?.MarketOrders?.length ?? 0} market orders for ${sync.Details?.OwnerUin}`);

line("4. What goes wrong, as typed errors");
for (const name of ["auth-failure-signature", "rate-limited", "http-502-gateway-page", "html-with-200", "wrong-types-everywhere"]) {
  try {
    tc.parseDescribeAgentDealsByCache(raw(name));
  } catch (e) {
    if (!(e instanceof QuotakitError)) throw e;
    const where = e.path ? ` at ${e.path}` : "";
    console.log(`  ${name.padEnd(24)} kind=${e.kind.padEnd(6)} code=${String(e.code ?? "-").padEnd(30)} retryable=${e.retryable}${where}`);
    if (e.issues.length > 1) for (const i of e.issues) console.log(`      ${i.code} ${i.path}: expected ${i.expected}, got ${i.received}`);
  }
}
try {
  tc.describeAgentDealsByCache({ Offset: 0, Limit: 500 });
} catch (e) {
  console.log(`  bad input               kind=${e.kind}  ${e.message}`);
}
console.log("\nDone. Next: `make test` runs every test; README.md shows each runtime.");
