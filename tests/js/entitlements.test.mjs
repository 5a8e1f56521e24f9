// client.entitlements(op, result) and summarize() from the package, on the same hand-computed
// vectors as tests/entitlements.rs (tests/vectors/entitlements/), through the table-read
// results users get (JSON.parse'd, $metadata and all).
import assert from "node:assert/strict";
import test from "node:test";
import { Baidu, Douyin, Polyv, TencentCloud, summarize } from "quotakit";
import { entitlementOptions, vectors } from "./lib.mjs";

const clients = {
  tencent: new TencentCloud({ secretId: "AKIDfake", secretKey: "fake-secret-not-real" }),
  baidu: new Baidu({ accessKeyId: "ak-example", secretAccessKey: "fake-secret-not-real" }),
  polyv: new Polyv({ appId: "fakeapp", appSecret: "fake-secret-not-real" }),
  douyin: new Douyin({ clientKey: "fakekey", clientSecret: "fake-secret-not-real" }),
};
const parseName = (op) => "parse" + op[0].toUpperCase() + op.slice(1);
const body = (v) => {
  if (!v.response) return JSON.stringify(v.body);
  const [dir, name] = v.response.split("/");
  return vectors(dir).find((x) => x.name === name).body;
};

// Baidu's holder is the client's own account: sign in as the vector's.
const clientFor = (v) => v.vendor === "baidu" ? new Baidu({ accessKeyId: v.holder, secretAccessKey: "fake-secret-not-real" }) : clients[v.vendor];

test("each conversion on the documented samples and edge cases", () => {
  for (const v of vectors("entitlements")) {
    const client = clientFor(v);
    const result = client[parseName(v.operation)]({ status: 200, body: body(v) });
    const got = client.entitlements(v.operation, result, entitlementOptions(v));
    assert.equal(got.length, v.expect.length, `${v.name}: how many`);
    got.forEach((e, i) => {
      for (const [key, want] of Object.entries(v.expect[i])) {
        const actual = key === "sourceId" ? e.source.id : key === "tier" ? e.product.tier : key === "productId" ? e.product.id
          : key === "holder" ? [e.holder.kind, e.holder.id] : e[key];
        assert.deepEqual(actual, want, `${v.name}: ${key} of ${e.source.id}`);
      }
    });
  }
});

test("summaries add up only like with like (the vectors' expected rows)", () => {
  const withSummary = vectors("entitlements").filter((v) => v.summary);
  assert.ok(withSummary.length >= 1);
  for (const v of withSummary) {
    const client = clientFor(v);
    const result = client[parseName(v.operation)]({ status: 200, body: body(v) });
    const summary = summarize(client.entitlements(v.operation, result, entitlementOptions(v)), { now: v.now });
    assert.equal(summary.customers.length, 1, v.name);
    const rows = summary.customers[0].units;
    assert.equal(rows.length, v.summary.length, `${v.name}: how many rows`);
    v.summary.forEach((want, i) => {
      for (const [key, value] of Object.entries(want)) {
        assert.deepEqual(key === "productId" ? rows[i].product.id : rows[i][key], value, `${v.name}: ${key} of row ${i}`);
      }
    });
  }
});

test("entitlements and summarize say which input is wrong", () => {
  const dy = clients.douyin;
  assert.throws(() => dy.entitlements("getUserServicePurchaseList", { purchase_info_list: [] }), (e) => e.path === "$.options.openId");
  const plan = { MaxRequestNum: 10, InUseRequestNum: 10, RemainingRequestNum: 0, RequestId: "r" };
  assert.throws(() => clients.tencent.entitlements("getUsagePlanUsageAmount", plan), (e) => e.path === "$.options.instanceId");
  assert.throws(() => clients.tencent.entitlements("getUsagePlanUsageAmount", { ...plan, MaxRequestNum: "10" }, { instanceId: "i" }), (e) => e.path === "$.MaxRequestNum");
  assert.throws(() => dy.entitlements("decrUserRemainTimes", {}, { openId: "o" }), (e) => e.code === "unknown_operation");
  assert.throws(() => clients.tencent.entitlements("describeAgentDealsByCache", { AgentDealSet: "x" }), (e) => e.kind === "input" && e.issues[0].path === "$.AgentDealSet");
  assert.throws(() => summarize([{ vendor: "x" }]), (e) => e.kind === "input" && e.issues.some((i) => i.path === "$.entitlements[0].source"));
  assert.throws(() => summarize([], { lowBelow: 2 }), (e) => e.issues[0].path === "$.options.lowBelow");
});

test("summarize: one row per customer across vendors, with alerts", () => {
  const now = Date.UTC(2022, 8, 20); // 2022-09-20: the first Baidu pack ends on the 25th
  const packs = clients.baidu.parseListResourcePackages({ status: 200, body: body({ response: "baidu/seed-list-resource-packages" }) });
  const tiers = clients.douyin.parseGetUserServicePurchaseList({ status: 200, body: body({ response: "douyin/seed-purchase-list" }) });
  const all = [
    ...clients.baidu.entitlements("listResourcePackages", packs, { now }),
    ...clients.douyin.entitlements("getUserServicePurchaseList", tiers, { now, openId: "o-acme" }),
  ];
  const summary = summarize(all, { now, customers: { "baidu:account:ak-example": "acme", "douyin:open_id:o-acme": "acme" } });
  assert.equal(summary.customers.length, 1);
  const [acme] = summary.customers;
  assert.deepEqual(acme.holders.map((h) => h.vendor), ["baidu", "douyin"]);
  const items = acme.units.find((u) => u.unit === "items");
  assert.deepEqual([items.granted, items.used, items.remaining, items.active], [10, 1, 9, 2]);
  assert.deepEqual(items.alerts, ["expiring"]);
  const access = acme.units.find((u) => u.unit === "access");
  assert.deepEqual(access.alerts, ["expired"]); // 标准版 ended on 2022-05-06
  assert.deepEqual(acme.alerts, ["expiring", "expired"]);
});
