// Type-level tests of the published declarations, checked with `tsc --strict`. Each
// `@ts-expect-error` proves that a misuse fails to compile; tsc fails if it compiles.
import { TencentCloud, QuotakitError } from "quotakit";
import type {
  DealGoodsPriceNewElem, DescribeAgentDealsByCacheInput, DescribeAgentDealsByCacheResponse, HttpRequest, Issue,
  QuotakitErrorFields, SyncUserAndOrderInfoResponse, TencentCloudOperations,
} from "quotakit";

type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2) ? true : false;
const assertType = <T extends true>(_: T) => {};

const tc = new TencentCloud({ secretId: "AKIDEXAMPLE", secretKey: "SECRETEXAMPLE", region: "ap-guangzhou", language: "en-US" });
const req: HttpRequest = tc.describeAgentDealsByCache({ Offset: 0, Limit: 10, Status: 4, Order: 0 }, { now: 1, explain: true });
const method: string = req.method;
const headers: Record<string, string> = req.headers;
const canonical: string | undefined = req.explain?.canonicalRequest;

const out: DescribeAgentDealsByCacheResponse = tc.parseDescribeAgentDealsByCache({ status: 200, headers: {}, body: "{}" });
assertType<Equals<typeof out.TotalCount, number>>(true);
// A result is the vendor's JSON, checked: an optional field may hold the null it sent.
assertType<Equals<typeof out.AgentDealSet[0]["GoodsPrice"], DealGoodsPriceNewElem | null | undefined>>(true);
assertType<Equals<DealGoodsPriceNewElem["RealTotalCost"], number | null | undefined>>(true);
const cost: number | null | undefined = out.AgentDealSet[0]?.GoodsPrice?.RealTotalCost;
const sync: SyncUserAndOrderInfoResponse = tc.parseSyncUserAndOrderInfo({ status: 200, body: "{}" });
const orders: string[] | null | undefined = sync.Details?.MarketOrders;

async function viaCall(): Promise<number> {
  const r = await tc.call("describeAgentDealsByCache", { Offset: 0, Limit: 1 }, { fetch: globalThis.fetch });
  assertType<Equals<typeof r, TencentCloudOperations["describeAgentDealsByCache"][1]>>(true);
  // @ts-expect-error: not an operation
  await tc.call("describeNothing", {});
  // @ts-expect-error: the input of another operation
  await tc.call("describeAgentDealsByCache", { UserInfo: { PaidCorpId: "a", PaidCorpName: "b" } });
  await tc.call("describeAgentDealsByCache", { Offset: 0, Limit: 1 }, { retry: { attempts: 3, maxDelayMs: 1000 }, random: Math.random });
  await tc.call("describeAgentDealsByCache", { Offset: 0, Limit: 1 }, { retry: true });
  // @ts-expect-error: retry is a boolean or RetryOptions
  await tc.call("describeAgentDealsByCache", { Offset: 0, Limit: 1 }, { retry: "yes" });
  return r.TotalCount;
}

try {
  tc.describeAgentDealsByCache({ Offset: 0, Limit: 10 });
} catch (e) {
  if (e instanceof QuotakitError) {
    const fields: QuotakitErrorFields = e;
    const kind: "input" | "api" | "http" | "schema" | "signature" = e.kind;
    const retry: boolean = e.retryable;
    const issues: Issue[] = e.issues;
    const segments: (string | number)[] = issues[0]!.pathSegments;
    void [fields, kind, retry, segments];
  }
}

// @ts-expect-error: wrong field name (Limt)
tc.describeAgentDealsByCache({ Offset: 0, Limt: 10 });
// @ts-expect-error: a string where a number belongs
tc.describeAgentDealsByCache({ Offset: 0, Limit: "10" });
// @ts-expect-error: missing required field Limit
tc.describeAgentDealsByCache({ Offset: 0 });
// @ts-expect-error: undocumented Status value
tc.describeAgentDealsByCache({ Offset: 0, Limit: 1, Status: 99 });
// @ts-expect-error: TimeUnit is an enum
tc.syncUserAndOrderInfo({ OrderInfo: { Deals: { TimeUnit: "week" } } });
// @ts-expect-error: secretKey is required
new TencentCloud({ secretId: "x" });
// @ts-expect-error: secrets cannot be read back
tc.secretKey;
// @ts-expect-error: language is an enum
new TencentCloud({ secretId: "x", secretKey: "y", language: "fr" });
const input: DescribeAgentDealsByCacheInput = { Offset: 0, Limit: 1 };
void [method, headers, canonical, cost, orders, viaCall, input];

// ---- Baidu and Polyv ----
import { Baidu, Polyv } from "quotakit";
import type { ListResourcePackagesResponse, ListPackageValidityResponse, SignedParams } from "quotakit";

const baidu = new Baidu({ accessKeyId: "a", secretAccessKey: "b", paths: { listResourcePackages: "/v1/x" } });
baidu.listResourcePackages({ pageNo: 1, pageSize: 10, status: "USING", order: "asc", orderBy: "expireTime", condition: "AVAILABLE" });
const packs: ListResourcePackagesResponse = baidu.parseListResourcePackages({ status: 200, body: "{}" });
const left: number | null | undefined = packs.data[0]?.count;
baidu.signRequest({ method: "GET", path: "/v1/x", query: { a: "1" }, headers: { "x-bce-meta": "v" } });
// @ts-expect-error: status is an enum
baidu.listResourcePackages({ status: "DONE" });
// @ts-expect-error: wrong field name
baidu.listResourcePackages({ page: 1 });
// @ts-expect-error: PATCH is not signable here
baidu.signRequest({ method: "PATCH", path: "/x" });

const polyv = new Polyv({ appId: "a", appSecret: "b", signatureMethod: "SHA256" });
polyv.listPackageValidity({ emails: ["a@b.cn"], pageSize: 50, pageNumber: 1 });
const validity: ListPackageValidityResponse = polyv.parseListPackageValidity({ status: 200, body: "{}" });
// Optional fields may hold the null a vendor sent (results are its JSON, checked).
const minutes: number | null | undefined = validity.contents[0]?.minutes?.[0]?.available;
const signed: SignedParams = polyv.signParams({ channelId: "1" });
const sign: string | undefined = signed.params["sign"];
// @ts-expect-error: emails is a list, not a comma-joined string
polyv.listPackageValidity({ emails: "a@b.cn" });
// @ts-expect-error: signatureMethod is MD5 or SHA256
new Polyv({ appId: "a", appSecret: "b", signatureMethod: "SHA1" });
void [left, minutes, sign];

// ---- Douyin ----
import { Douyin } from "quotakit";
import type { PurchaseListData, WebhookEvent, ClientToken } from "quotakit";

const dy = new Douyin({ clientKey: "k", clientSecret: "s", tokenEndpoint: "stable" });
const tok: ClientToken = dy.parseClientToken({ status: 200, body: "{}" });
dy.setToken(tok.accessToken, tok.expiresAt);
const due: boolean = dy.needsToken();
const purchases: PurchaseListData = dy.parseGetUserServicePurchaseList({ status: 200, body: "{}" });
const remain: number | null | undefined = purchases.purchase_info_list?.[0]?.remain_service_times;
const hook: WebhookEvent = dy.verifyWebhook({ headers: {}, body: "" });
async function deduct() {
  await dy.call("decrUserRemainTimes", { open_id: "o", service_id: "s", service_mode_id: "m", out_trade_no: "t", count: 1 });
  // @ts-expect-error: count is a number
  await dy.call("decrUserRemainTimes", { open_id: "o", service_id: "s", service_mode_id: "m", out_trade_no: "t", count: "1" });
}
// @ts-expect-error: snake_case wire names, not camelCase
dy.deletePurchaseInfo({ openId: "o", service_id: "s", service_mode_id: "m", out_trade_no: "t" });
void [due, remain, hook, deduct];

// ---- Entitlements, summarize and paginators ----
import { summarize } from "quotakit";
import type { Entitlement, Summary, UnitSummary } from "quotakit";

const rights: Entitlement[] = [
  ...dy.entitlements("getUserServicePurchaseList", purchases, { openId: "o", now: 1 }),
  ...tc.entitlements("describeAgentDealsByCache", out),
  ...baidu.entitlements("listResourcePackages", packs),
  ...polyv.entitlements("listPackageValidity", validity, { now: 1 }),
];
assertType<Equals<Entitlement["state"], "active" | "exhausted" | "expired" | "not_started" | "pending" | "refunded" | "frozen" | "unknown">>(true);
assertType<Equals<Entitlement["endsAt"], number | null>>(true);
// @ts-expect-error: Douyin's purchase list does not name its user: openId is required
dy.entitlements("getUserServicePurchaseList", purchases);
// @ts-expect-error: a write has no entitlements
dy.entitlements("decrUserRemainTimes", purchases, { openId: "o" });
const summary: Summary = summarize(rights, { now: 1, customers: { "douyin:open_id:o": "acme" }, lowBelow: 0.2 });
const firstRow: UnitSummary | undefined = summary.customers[0]?.units[0];
const alerts: ("low" | "exhausted" | "expiring" | "expired")[] = summary.customers[0]?.alerts ?? [];
async function everyDeal(): Promise<number> {
  let n = 0;
  for await (const page of tc.paginate("describeAgentDealsByCache", { Offset: 0, Limit: 200 }, { retry: true })) {
    n += page.AgentDealSet.length;
    const id: string | null = page.$metadata.requestId;
    void id;
  }
  // @ts-expect-error: Douyin's writes are not paged
  dy.paginate("decrUserRemainTimes", {});
  return n;
}
void [firstRow, alerts, everyDeal];

// ---- Standard Schema and JSON Schema of results ----
import type { StandardSchemaV1 } from "quotakit";
const dealsSchema: StandardSchemaV1<unknown, DescribeAgentDealsByCacheResponse> = tc.schema("describeAgentDealsByCache");
const checked = dealsSchema["~standard"].validate({});
if (!(checked instanceof Promise) && !checked.issues) {
  const total: number = checked.value.TotalCount;
  void total;
}
const jsonSchemaOfPacks: Record<string, unknown> = baidu.jsonSchema("listResourcePackages");
const syncSchema: StandardSchemaV1<unknown, SyncUserAndOrderInfoResponse> = tc.schema("syncUserAndOrderInfo");
// Input models: the builder's own checks, typed as the builder's input.
const dealsInput: StandardSchemaV1<DescribeAgentDealsByCacheInput> = tc.schema("describeAgentDealsByCache", "input");
const inputJsonSchema: Record<string, unknown> = tc.jsonSchema("syncUserAndOrderInfo", "input");
// @ts-expect-error: a part is "result" or "input"
tc.schema("describeAgentDealsByCache", "output");
// @ts-expect-error: clientToken takes no input
dy.schema("clientToken", "input");
void [jsonSchemaOfPacks, syncSchema, dealsInput, inputJsonSchema];
