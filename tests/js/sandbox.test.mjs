// Every quotakit operation against the vendor sandbox (www-demo/sandbox/), through
// `client.call(...)` and the real fetch: the success paths with the sandbox's state, each
// signature/token failure with the vendor's own code, the documented limits, every injected
// fault, and the webhook senders. The sandbox verifies with its own node:crypto code, and
// requests signed by the vendors' SDKs (not quotakit) prove it accepts only right signatures.
import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { createServer, request } from "node:http";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { Baidu, Douyin, Polyv, TencentCloud, QuotakitError } from "quotakit";
import { startSandbox, loadSeed } from "../../www-demo/sandbox/server.mjs";
import { CONFIRMED_LIST_PATH as BAIDU_CONFIRMED_LIST_PATH, LIST_PATH as BAIDU_LIST_PATH } from "../../www-demo/sandbox/vendors/baidu.mjs";
import { thrown } from "./lib.mjs";

const require = createRequire(import.meta.url);
const seed = loadSeed();
const C = seed.credentials;
const SERVICE_ID = seed.douyin.services[0].service_id;
const customer = seed.customers[0];

let sandbox;
let clock = null; // when set, the sandbox's clock in ms
before(async () => {
  const started = performance.now();
  sandbox = await startSandbox({ now: () => clock ?? Date.now() });
  assert.ok(performance.now() - started < 1000, "the sandbox starts in well under a second");
});
after(() => sandbox.close());
beforeEach(() => {
  clock = null;
  sandbox.reset();
});

const clients = () => ({
  tc: new TencentCloud({ ...C.tencent, endpoint: sandbox.url }),
  bd: new Baidu({ ...C.baidu, endpoint: sandbox.url }),
  bdConfirmed: new Baidu({ ...C.baidu, endpoint: sandbox.url, paths: { listResourcePackages: BAIDU_CONFIRMED_LIST_PATH } }),
  pv: new Polyv({ ...C.polyv, endpoint: sandbox.url }),
  dy: new Douyin({ ...C.douyin, endpoint: sandbox.url }),
});
const rejected = async (promise) => {
  try {
    await promise;
  } catch (e) {
    assert.ok(e instanceof QuotakitError, `expected a QuotakitError, got ${e}`);
    return e;
  }
  assert.fail("expected the call to fail");
};
/** A fetch that adds the per-request fault header. */
const faulty = (kind) => (url, init) => fetch(url, { ...init, headers: { ...init.headers, "x-sandbox-fault": kind } });

// ---- success paths ---------------------------------------------------------------------------

test("Tencent: paging through every deal gives the seeded deals once each, newest first", async () => {
  const { tc } = clients();
  const seen = [];
  let total;
  for (let offset = 0; total === undefined || offset < total; offset += 100) {
    const page = await tc.call("describeAgentDealsByCache", { Offset: offset, Limit: 100 });
    total = page.TotalCount;
    seen.push(...page.AgentDealSet);
  }
  assert.equal(total, seed.tencent.deals.length);
  assert.deepEqual(new Set(seen.map((d) => d.DealName)).size, total);
  assert.ok(seen.every((d, i) => i === 0 || seen[i - 1].CreatTime >= d.CreatTime));
  const oldest = await tc.call("describeAgentDealsByCache", { Offset: 0, Limit: 1, Order: 1 });
  assert.equal(oldest.AgentDealSet[0].CreatTime, seen.at(-1).CreatTime);
});

test("Tencent: filters by Status, owner, time range and PayerMode", async () => {
  const { tc } = clients();
  const owner = customer.tencentUin;
  const expected = seed.tencent.deals.filter((d) => d.OwnerUin === owner && d.Status === 4 &&
    d.CreatTime >= "2026-07-01 00:00:00" && d.CreatTime <= "2026-09-01 00:00:00");
  const page = await tc.call("describeAgentDealsByCache", {
    Offset: 0, Limit: 200, Status: 4, OwnerUins: [owner],
    CreatTimeRangeStart: "2026-07-01 00:00:00", CreatTimeRangeEnd: "2026-09-01 00:00:00",
  });
  assert.ok(expected.length > 0);
  assert.equal(page.TotalCount, expected.length);
  assert.deepEqual(page.AgentDealSet.map((d) => d.DealName).sort(), expected.map((d) => d.DealName).sort());
  const agentPaid = await tc.call("describeAgentDealsByCache", { Offset: 0, Limit: 200, PayerMode: 1 });
  assert.equal(agentPaid.TotalCount, seed.tencent.deals.filter((d) => d.PayerMode === 1).length);
});

test("Tencent: SyncUserAndOrderInfo records orders, idempotently by OrderId", async () => {
  const { tc } = clients();
  const input = (OrderId) => ({
    UserInfo: { PaidCorpId: "wwcorp-sandbox", PaidCorpName: customer.name },
    OrderInfo: { OrderId, OrderStatus: 1, OrderType: 0, SuiteId: "s1", EditionId: "e1", EditionName: "标准版", Price: 9900, OrderTime: 1763800000, PaidTime: 1763800100 },
  });
  await tc.call("syncUserAndOrderInfo", input("wx-1"));
  await tc.call("syncUserAndOrderInfo", input("wx-1"));
  const res = await tc.call("syncUserAndOrderInfo", input("wx-2"));
  assert.equal(res.Details.TotalCount, 2);
  assert.equal(res.Details.MarketOrders.length, 2);
  assert.equal(sandbox.tencent.syncedOrders.length, 2);
  assert.equal(res.Info.Code, "0");
  assert.match(res.$metadata.requestId, /^[0-9a-f-]{36}$/);
});

test("Tencent: GetUsagePlanUsageAmount reads each paid deal's usage plan, signed and verified by the sandbox", async () => {
  const { tc } = clients();
  const paid = seed.tencent.deals.filter((d) => ![1, 7].includes(d.Status) && d.GoodsName.startsWith("云市场"));
  assert.ok(paid.length > 10);
  let usedUp = 0;
  // Within the sandbox's 20 calls a second: a few of each kind of plan.
  const sample = [0, 1, 2, 3, 4, 5].flatMap((k) => paid.filter((d) => Number(d.DealId) % 6 === k).slice(0, 2));
  for (const deal of sample) {
    const plan = await tc.call("getUsagePlanUsageAmount", { InstanceId: `ins-${deal.DealId}` });
    assert.equal(plan.MaxRequestNum, deal.GoodsNum * 1000);
    assert.equal(plan.InUseRequestNum + plan.RemainingRequestNum, plan.MaxRequestNum);
    assert.match(plan.$metadata.requestId, /^[0-9a-f-]{36}$/);
    usedUp += plan.RemainingRequestNum === 0 ? 1 : 0;
  }
  assert.ok(usedUp > 0, "some seeded plans are used up");
  const missing = await rejected(tc.call("getUsagePlanUsageAmount", { InstanceId: "ins-nope" }));
  assert.equal(missing.kind, "api");
  assert.equal(missing.code, "ResourceNotFound");
  assert.equal(missing.action, "GetUsagePlanUsageAmount");
  const forged = new TencentCloud({ secretId: seed.credentials.tencent.secretId, secretKey: "fake-wrong-secret", endpoint: sandbox.url });
  assert.equal((await rejected(forged.call("getUsagePlanUsageAmount", { InstanceId: `ins-${paid[0].DealId}` }))).code, "AuthFailure.SignatureFailure");
});

test("Tencent: FlowProductRemind records one reminder per call and is never resent", async () => {
  const { tc } = clients();
  const before = sandbox.tencent.reminders.length;
  const input = { ProviderUin: "100000000001", SignId: "sign-1", ResourceId: "market-g9sjptwqi", TotalFlow: "2000", LeftFlow: "200", FlowUnit: "Mb" };
  assert.equal(tc.safeToRepeat("flowProductRemind", input), false);
  const sent = await tc.call("flowProductRemind", input, { retry: true });
  assert.equal(sent.Success, "true");
  assert.match(sent.FlowId, /^flow-\d{6}$/);
  assert.equal(sandbox.tencent.reminders.length, before + 1);
  assert.deepEqual(sandbox.tencent.reminders.at(-1), { ...input, FlowId: sent.FlowId });
  // A failure after the request may have arrived is final, even with retry on: one attempt.
  sandbox.faults.add({ kind: "truncated", vendor: "tencent", operation: "FlowProductRemind", times: 1 });
  const cut = await rejected(tc.call("flowProductRemind", input, { retry: { attempts: 5, baseDelayMs: 1 } }));
  assert.deepEqual([cut.kind, cut.code, cut.retryable, cut.attempts], ["schema", "invalid_json", false, 1]);
  assert.ok(sandbox.tencent.reminders.length <= before + 2, "the truncated answer was not resent");
  const sentSoFar = sandbox.tencent.reminders.length;
  const incomplete = await rejected(tc.call("flowProductRemind", { ...input, FlowUnit: undefined }));
  assert.equal(incomplete.kind, "input");
  assert.equal(incomplete.path, "$.FlowUnit");
  assert.equal(sandbox.tencent.reminders.length, sentSoFar, "an input error sends nothing");
});

test("Tencent: a failed sync (Info.Code other than \"0\") is an api error with the code and request id, never resent", async () => {
  const { tc } = clients();
  const input = (PaidCorpId) => ({
    UserInfo: { PaidCorpId, PaidCorpName: customer.name },
    OrderInfo: { OrderId: "wx-conflict", OrderStatus: 1, OrderType: 0, SuiteId: "s1", EditionId: "e1", EditionName: "标准版", Price: 9900, OrderTime: 1763800000, PaidTime: 1763800100 },
  });
  await tc.call("syncUserAndOrderInfo", input("wwcorp-first"));
  const r = recording();
  const e = await rejected(tc.call("syncUserAndOrderInfo", input("wwcorp-second"), { fetch: r.fetch, retry: quick }));
  assert.deepEqual([e.kind, e.code, e.retryable, e.path, e.operation], ["api", "FailedOperation", false, "$.Response.Info.Code", "syncUserAndOrderInfo"]);
  assert.match(e.requestId, /^[0-9a-f-]{36}$/);
  assert.match(e.message, /已同步到其他企业/);
  assert.equal(r.sent.length, 1);
});

test("Tencent: Order takes any integer, 0 newest first and anything else oldest first", async () => {
  const { tc } = clients();
  const first = async (Order) => (await tc.call("describeAgentDealsByCache", { Offset: 0, Limit: 1, Order })).AgentDealSet[0].DealName;
  assert.equal(await first(7), await first(1));
  assert.notEqual(await first(0), await first(7));
});

test("Baidu: the doc's example body, with \"\" for condition, order and orderBy, lists every pack", async () => {
  const { bd } = clients();
  const all = await bd.call("listResourcePackages", { pageNo: 1, pageSize: 100, condition: "", order: "", orderBy: "" });
  assert.equal(all.data.length, sandbox.baidu.packs.length);
  assert.match(all.$metadata.requestId, /./);
});

test("Baidu: lists, filters and sorts the resource packs", async () => {
  const { bd } = clients();
  const all = await bd.call("listResourcePackages", { pageSize: 1000 });
  assert.equal(all.totalCount, seed.baidu.packs.length);
  const using = await bd.call("listResourcePackages", { status: "USING", orderBy: "expireTime", order: "asc", pageSize: 100 });
  assert.equal(using.totalCount, seed.baidu.packs.filter((p) => p.status === "USING").length);
  assert.ok(using.data.every((p, i) => p.status === "USING" && (i === 0 || using.data[i - 1].expireTime <= p.expireTime)));
  const available = await bd.call("listResourcePackages", { condition: "AVAILABLE", pageSize: 100 });
  assert.ok(available.data.every((p) => p.countUsage < p.count && ["USING", "CONFIRMED"].includes(p.status)));
  const page2 = await bd.call("listResourcePackages", { pageNo: 2, pageSize: 10 });
  assert.deepEqual(page2.data.map((p) => p.resourcePackId), all.data.slice(10, 20).map((p) => p.resourcePackId));
});

test("Polyv: pages sub-accounts 50 at a time, filters by email, and never returns appSecret", async () => {
  const { pv } = clients();
  const first = await pv.call("listPackageValidity", { pageSize: 50 });
  const second = await pv.call("listPackageValidity", { pageSize: 50, pageNumber: 2 });
  assert.equal(first.totalItems, seed.polyv.accounts.length);
  assert.equal(first.totalPages, 2);
  assert.equal(first.contents.length + second.contents.length, seed.polyv.accounts.length);
  const emails = [seed.customers[1].email, seed.customers[2].email];
  const some = await pv.call("listPackageValidity", { emails });
  assert.deepEqual(some.contents.map((a) => a.email).sort(), emails.sort());
  assert.ok(sandbox.polyv.accounts[0].appSecret, "the sandbox sends appSecret, as Polyv does");
  assert.ok(!JSON.stringify([first, second]).includes("sandbox-subaccount-secret"));
});

test("Douyin: token, purchases, idempotent deduction, insert and delete change the list", async () => {
  const { dy } = clients();
  const who = { open_id: customer.douyinOpenId, service_id: SERVICE_ID };
  const remaining = async (mode) =>
    (await dy.call("getUserServicePurchaseList", who)).purchase_info_list.find((p) => p.service_mode_id === mode)?.remain_service_times;
  assert.equal(dy.needsToken(), true);
  assert.equal(await remaining("count_500"), 42);
  assert.equal(dy.needsToken(), false);
  const deduct = { ...who, service_mode_id: "count_500", out_trade_no: "sandbox-test-1", count: 2 };
  await dy.call("decrUserRemainTimes", deduct);
  await dy.call("decrUserRemainTimes", deduct); // a resend: same out_trade_no, no second deduction
  assert.equal(await remaining("count_500"), 40);
  const reused = await rejected(dy.call("decrUserRemainTimes", { ...deduct, count: 3 }));
  assert.deepEqual([reused.kind, reused.code], ["api", "40009"]);
  const tooMany = await rejected(dy.call("decrUserRemainTimes", { ...deduct, out_trade_no: "sandbox-test-2", count: 41 }));
  assert.deepEqual([tooMany.kind, tooMany.code, tooMany.retryable], ["api", "40001", false]);
  assert.ok(tooMany.requestId, "logid is the request id");

  const before = (await dy.call("getUserServicePurchaseList", who)).purchase_info_list.length;
  const order = { ...who, service_mode_id: "count_500", out_trade_no: "ext-order-1" };
  await dy.call("insertPurchaseInfo", { ...order, purchase_time: Date.now(), period_type: 1, usage_times: 100 });
  const after = (await dy.call("getUserServicePurchaseList", who)).purchase_info_list;
  assert.equal(after.length, before + 1);
  assert.ok(after.some((p) => p.remain_service_times === 100));
  await dy.call("deletePurchaseInfo", order);
  assert.equal((await dy.call("getUserServicePurchaseList", who)).purchase_info_list.length, before);
  assert.equal((await rejected(dy.call("deletePurchaseInfo", order))).code, "40004");
});

// ---- signatures and tokens: quotakit's, the vendors' SDKs', and broken ones -------------------

test("Tencent: wrong key, unknown SecretId, stale clock and missing Authorization get Tencent's codes", async () => {
  const { tc } = clients();
  const codeOf = async (client, opts) => (await rejected(client.call("describeAgentDealsByCache", { Offset: 0, Limit: 1 }, opts))).code;
  assert.equal(await codeOf(new TencentCloud({ ...C.tencent, secretKey: "not-the-key", endpoint: sandbox.url })), "AuthFailure.SignatureFailure");
  assert.equal(await codeOf(new TencentCloud({ ...C.tencent, secretId: "AKIDunknown", endpoint: sandbox.url })), "AuthFailure.SecretIdNotFound");
  // Outside the window call() refuses before sending; sent anyway, the sandbox refuses too.
  const early = await rejected(tc.call("describeAgentDealsByCache", { Offset: 0, Limit: 1 }, { now: Date.now() - 6 * 60_000 }));
  assert.deepEqual([early.kind, early.path], ["input", "$.options.now"]);
  for (const skew of [-6 * 60_000, 6 * 60_000]) {
    const late = await raw(tc.describeAgentDealsByCache({ Offset: 0, Limit: 1 }, { now: Date.now() + skew }));
    assert.equal(thrown(() => tc.parseDescribeAgentDealsByCache(late)).code, "AuthFailure.SignatureExpire");
  }
  await tc.call("describeAgentDealsByCache", { Offset: 0, Limit: 1 }, { now: Date.now() - 4 * 60_000 }); // within ±5 min
  const req = tc.describeAgentDealsByCache({ Offset: 0, Limit: 1 });
  delete req.headers.Authorization;
  const missing = await raw(req);
  assert.equal(thrown(() => tc.parseDescribeAgentDealsByCache(missing)).code, "AuthFailure.InvalidAuthorization");
});

test("Tencent: requests signed by tencentcloud-sdk-nodejs pass only when their signature is right", async () => {
  const Sign = require("tencentcloud-sdk-nodejs-common/tencentcloud/common/sign.js").default;
  const { tc } = clients();
  // The SDK signs the URL's hostname without the port (Tencent's hosts never have one), so
  // these requests carry that Host; fetch cannot set Host, node:http can.
  const host = new URL(sandbox.url).hostname;
  const sdkRequest = (secretKey, payload, signedPayload = payload) => {
    const timestamp = Math.floor(Date.now() / 1000);
    const authorization = Sign.sign3({
      method: "POST", url: sandbox.url, payload: Buffer.from(signedPayload), timestamp, service: "partners",
      secretId: C.tencent.secretId, secretKey, multipart: false, boundary: "", headers: { "Content-Type": "application/json" },
    });
    return {
      method: "POST", url: `${sandbox.url}/`, body: payload,
      headers: { Authorization: authorization, "Content-Type": "application/json", Host: host, "X-TC-Action": "DescribeAgentDealsByCache", "X-TC-Version": "2018-03-21", "X-TC-Timestamp": String(timestamp) },
    };
  };
  const payload = JSON.stringify({ Offset: 0, Limit: 3, Order: 1 });
  const ok = tc.parseDescribeAgentDealsByCache(await rawHttp(sdkRequest(C.tencent.secretKey, payload)));
  assert.equal(ok.AgentDealSet.length, 3);
  const wrongKey = await rawHttp(sdkRequest("wrong", payload));
  assert.equal(thrown(() => tc.parseDescribeAgentDealsByCache(wrongKey)).code, "AuthFailure.SignatureFailure");
  const tampered = await rawHttp(sdkRequest(C.tencent.secretKey, payload.replace("3", "4"), payload));
  assert.equal(thrown(() => tc.parseDescribeAgentDealsByCache(tampered)).code, "AuthFailure.SignatureFailure");
});

test("Baidu: wrong key, expired, missing Authorization get BCE's codes and statuses", async () => {
  const codeOf = async (client, opts) => {
    const e = await rejected(client.call("listResourcePackages", {}, opts));
    return `${e.httpStatus} ${e.code}`;
  };
  assert.equal(await codeOf(new Baidu({ ...C.baidu, secretAccessKey: "wrong", endpoint: sandbox.url })), "400 SignatureDoesNotMatch");
  assert.equal(await codeOf(new Baidu({ ...C.baidu, accessKeyId: "unknown", endpoint: sandbox.url })), "403 InvalidAccessKeyId");
  const short = new Baidu({ ...C.baidu, endpoint: sandbox.url, expirationPeriodInSeconds: 60 });
  assert.equal(await codeOf(short, { now: Date.now() - 61_000 }), "400 RequestExpired");
  await short.call("listResourcePackages", {}, { now: Date.now() - 50_000 });
  const { bd } = clients();
  const req = bd.listResourcePackages({});
  delete req.headers.Authorization;
  const missing = await raw(req);
  const e = thrown(() => bd.parseListResourcePackages(missing));
  assert.deepEqual([e.httpStatus, e.code, e.requestId], [403, "AccessDenied", missing.headers["x-bce-request-id"]]);
});

test("Baidu: requests signed by @baiducloud/sdk pass only when their signature is right", async () => {
  const BceAuth = require("@baiducloud/sdk/src/auth.js");
  const { bd } = clients();
  const path = "/v1/tms/openapi/trademarks";
  const host = new URL(sandbox.url).host;
  const sdkRequest = (sk, body) => {
    const timestamp = Math.floor(Date.now() / 1000);
    const headers = { Host: host, "Content-Type": "application/json", "x-bce-date": new Date(timestamp * 1000).toISOString().replace(/\.\d{3}Z$/, "Z") };
    const authorization = new BceAuth(C.baidu.accessKeyId, sk).generateAuthorization("POST", path, {}, headers, timestamp, 1800, ["host", "content-type", "x-bce-date"]);
    return { method: "POST", url: `${sandbox.url}${path}`, headers: { ...headers, Authorization: authorization }, body };
  };
  const ok = bd.parseListResourcePackages(await raw(sdkRequest(C.baidu.secretAccessKey, '{"pageSize":2}')));
  assert.equal(ok.data.length, 2);
  const wrong = await raw(sdkRequest("wrong", '{"pageSize":2}'));
  assert.equal(thrown(() => bd.parseListResourcePackages(wrong)).code, "SignatureDoesNotMatch");
});

test("Polyv: wrong secret, unknown appId and a stale timestamp get Polyv's error envelope", async () => {
  const messageOf = async (client, opts) => {
    const e = await rejected(client.call("listPackageValidity", {}, opts));
    assert.equal(e.kind, "api");
    return `${e.code} ${e.message}`;
  };
  assert.match(await messageOf(new Polyv({ ...C.polyv, appSecret: "wrong", endpoint: sandbox.url })), /^403 .*invalid signature/);
  assert.match(await messageOf(new Polyv({ ...C.polyv, appId: "nosuchapp", endpoint: sandbox.url })), /application not found/);
  const { pv } = clients();
  for (const skew of [-181_000, 181_000]) {
    const late = await raw(pv.listPackageValidity({}, { now: Date.now() + skew }));
    assert.match(thrown(() => pv.parseListPackageValidity(late)).message, /invalid timestamp/);
  }
  await pv.call("listPackageValidity", {}, { now: Date.now() - 170_000 });
});

test("Polyv: a request signed by hand (MD5, not quotakit) passes only when its sign is right", async () => {
  const { pv } = clients();
  const signed = (secret) => {
    const params = { appId: C.polyv.appId, timestamp: String(Date.now()), pageSize: "5" };
    const plain = secret + Object.keys(params).sort().map((k) => k + params[k]).join("") + secret;
    params.sign = createHash("md5").update(plain).digest("hex").toUpperCase();
    return { method: "GET", url: `${sandbox.url}/live/v4/group/user/package-validity/list?${new URLSearchParams(params)}`, headers: {} };
  };
  assert.equal(pv.parseListPackageValidity(await raw(signed(C.polyv.appSecret))).contents.length, 5);
  const wrong = await raw(signed("wrong"));
  assert.match(thrown(() => pv.parseListPackageValidity(wrong)).message, /invalid signature/);
});

test("Douyin: wrong secret, missing, unknown and expired tokens get Douyin's codes", async () => {
  const who = { open_id: customer.douyinOpenId, service_id: SERVICE_ID };
  const bad = new Douyin({ ...C.douyin, clientSecret: "wrong", endpoint: sandbox.url });
  assert.equal((await rejected(bad.call("getUserServicePurchaseList", who))).code, "10013");
  const unknownKey = new Douyin({ ...C.douyin, clientKey: "awnosuchkey", endpoint: sandbox.url });
  assert.equal((await rejected(unknownKey.call("getUserServicePurchaseList", who))).code, "10003");
  const { dy } = clients();
  dy.setToken("clt.not-issued-by-the-sandbox", Date.now() + 3600_000);
  const unknownToken = await raw(dy.getUserServicePurchaseList(who));
  assert.equal(thrown(() => dy.parseGetUserServicePurchaseList(unknownToken)).code, "2190002");
  // call() answers 2190002 by fetching a new token and sending once more.
  assert.ok((await dy.call("getUserServicePurchaseList", who)).purchase_info_list.length > 0);
  assert.notEqual(dy.getUserServicePurchaseList(who).headers["access-token"], "clt.not-issued-by-the-sandbox");
  const req = dy.getUserServicePurchaseList(who);
  delete req.headers["access-token"];
  const missing = await raw(req);
  assert.equal(thrown(() => dy.parseGetUserServicePurchaseList(missing)).code, "2190002");
  // A token the sandbox issued, used after it expired (the client is told it is still good).
  const fresh = clients().dy;
  await fresh.call("getUserServicePurchaseList", who);
  clock = Date.now() + 7201_000;
  const expired = fresh.getUserServicePurchaseList(who).headers["access-token"];
  fresh.setToken(expired, clock + 3600_000);
  const stale = await raw(fresh.getUserServicePurchaseList(who, { now: clock }));
  assert.equal(thrown(() => fresh.parseGetUserServicePurchaseList(stale)).code, "2190008");
  // ... which call() also recovers from, with a token issued at the sandbox's new time.
  assert.ok((await fresh.call("getUserServicePurchaseList", who, { now: clock })).purchase_info_list.length > 0);
  assert.notEqual(fresh.getUserServicePurchaseList(who, { now: clock }).headers["access-token"], expired);
});

test("Douyin: the stable endpoint returns one token while it is valid; plain ones replace each other", async () => {
  const tokenOf = async (tokenEndpoint) => {
    const dy = new Douyin({ ...C.douyin, tokenEndpoint, endpoint: sandbox.url });
    return dy.parseClientToken(await raw(dy.clientToken())).accessToken;
  };
  assert.equal(await tokenOf("stable"), await tokenOf("stable"));
  const [a, b, c] = [await tokenOf("plain"), await tokenOf("plain"), await tokenOf("plain")];
  assert.equal(new Set([a, b, c]).size, 3);
  const use = async (token) => {
    const dy = new Douyin({ ...C.douyin, endpoint: sandbox.url });
    dy.setToken(token, Date.now() + 3600_000);
    // Judged by the sandbox alone: call() would fetch a new token on 2190008.
    const answer = await raw(dy.getUserServicePurchaseList({ open_id: customer.douyinOpenId, service_id: SERVICE_ID }));
    try {
      dy.parseGetUserServicePurchaseList(answer);
      return "ok";
    } catch (e) {
      return e.code;
    }
  };
  assert.equal(await use(a), "ok"); // replaced, but within the 5-minute grace
  clock = Date.now() + 301_000;
  assert.deepEqual([await use(a), await use(c)], ["2190008", "ok"]);
});

// ---- documented limits ------------------------------------------------------------------------

test("limits the sandbox enforces even when the client does not: Limit ≤ 200, pageSize ≤ 50", async () => {
  const { tc, pv } = clients();
  const over = await raw(tc.signRequest({ service: "partners", action: "DescribeAgentDealsByCache", version: "2018-03-21", payload: { Offset: 0, Limit: 201 } }));
  assert.equal(thrown(() => tc.parseDescribeAgentDealsByCache(over)).code, "InvalidParameterValue");
  assert.equal(thrown(() => tc.describeAgentDealsByCache({ Offset: 0, Limit: 201 })).kind, "input"); // quotakit stops it first
  const { query } = pv.signParams({ pageSize: "51" });
  const big = await raw({ method: "GET", url: `${sandbox.url}/live/v4/group/user/package-validity/list?${query}`, headers: {} });
  assert.match(thrown(() => pv.parseListPackageValidity(big)).message, /pageSize must be 1\.\.50/);
});

test("Tencent: over 20 requests in a second are answered RequestLimitExceeded, which is retryable", async () => {
  const { tc } = clients();
  const results = await Promise.all(Array.from({ length: 30 }, () =>
    tc.call("describeAgentDealsByCache", { Offset: 0, Limit: 1 }).then(() => "ok", (e) => e)));
  const limited = results.filter((r) => r !== "ok");
  assert.ok(results.filter((r) => r === "ok").length <= 20);
  assert.ok(limited.length >= 10);
  for (const e of limited) assert.deepEqual([e.kind, e.code, e.retryable], ["api", "RequestLimitExceeded", true]);
});

test("Tencent Partners: the V2 listings, price details, balances and bills, signed and verified by the sandbox", async () => {
  const { tc } = clients();
  const time = (d) => Date.parse(`${d.CreatTime.replace(" ", "T")}+08:00`);
  const newest = Math.max(...seed.tencent.deals.map(time));
  const recent = seed.tencent.deals.filter((d) => time(d) >= newest - 15 * 86_400_000);
  const owner = recent.find((d) => d.PayerMode === 0).OwnerUin;
  const self = await tc.call("describeAgentSelfPayDealsV2", { OwnerUin: owner, Offset: 0, Limit: 100 });
  assert.deepEqual(self.AgentPayDealSet.map((d) => d.DealName).sort(), recent.filter((d) => d.PayerMode === 0 && d.OwnerUin === owner).map((d) => d.DealName).sort());
  const agent = await tc.call("describeAgentPayDealsV2", { Offset: 0, Limit: 100 });
  assert.deepEqual(agent.AgentPayDealSet.map((d) => d.PayerMode), recent.filter((d) => d.PayerMode === 1).map(() => "1"));
  // Tencent's 15-day rule: a range may not start before it.
  const old = await rejected(tc.call("describeAgentPayDealsV2", { Offset: 0, Limit: 5, CreatTimeRangeStart: "2026-05-01 00:00:00" }));
  assert.deepEqual([old.kind, old.code, old.action], ["api", "InvalidParameter", "DescribeAgentPayDealsV2"]);
  const [first] = seed.tencent.deals;
  const prices = await tc.call("describeAgentDealsPriceDetailByDealName", { DealCreatYear: 2026, DealNames: [first.DealName, "20260101000000000000000"] });
  assert.deepEqual(prices.DealList.map((d) => [d.DealName, d.SubProductPriceDetail[0].RealTotalCost]), [[first.DealName, first.RealTotalCost]]);
  assert.deepEqual((await tc.call("describeAgentDealsPriceDetailByDealName", { DealCreatYear: 2025, DealNames: [first.DealName] })).DealList, [], "another year's: none");
  const balances = [];
  for (const uin of new Set(seed.tencent.deals.map((d) => d.OwnerUin))) balances.push((await tc.call("describeClientBalanceNew", { ClientUin: uin })).Balance);
  assert.ok(balances.some((b) => b === 0) && balances.some((b) => b < 0) && balances.some((b) => b > 0), "zero, owing and positive balances");
  const stranger = await rejected(tc.call("describeClientBalanceNew", { ClientUin: "100000000009" }));
  assert.equal(stranger.code, "UnauthorizedOperation");
  const bills = await tc.call("describeAgentBills", { SettleMonth: "2026-10" });
  assert.equal(bills.AgentBillSet.length, bills.TotalCount);
  assert.ok(bills.AgentBillSet.every((b) => b.SettleMonth === "2026-10" && Number.isInteger(b.Amt)));
  const forged = new TencentCloud({ secretId: seed.credentials.tencent.secretId, secretKey: "fake-wrong-secret", endpoint: sandbox.url });
  assert.equal((await rejected(forged.call("describeAgentBills", { SettleMonth: "2026-10" }))).code, "AuthFailure.SignatureFailure");
});

test("Polyv group accounts: the package list and creation, signed and verified by the sandbox; a new account shows once Polyv has made it", async () => {
  const { pv } = clients();
  const list = await pv.call("listSubAccounts", { pageSize: 100 });
  assert.equal(list.totalItems, seed.polyv.accounts.length);
  for (const key of ["appSecret", "vodSecretKey", "vodBakSecretKey", "writeToken", "readToken"]) {
    assert.ok(list.contents.every((a) => !(key in a)), `${key} is left out`);
  }
  const input = { email: "created@sub.example", password: "created123", contacts: "新建", phone: "13700000000", maxChannels: 2, minutes: 300 };
  assert.equal(pv.safeToRepeat("createSubAccount", input), false);
  const request = pv.createSubAccount(input);
  assert.equal(request.method, "POST");
  assert.deepEqual(JSON.parse(request.body), input, "the body is the input; only the URL is signed");
  assert.deepEqual([...new URL(request.url).searchParams.keys()].sort(), ["appId", "sign", "timestamp"]);
  const created = await pv.call("createSubAccount", input, { retry: true });
  assert.match(created.appSecret, /^sandbox-created-secret-/);
  const lookUp = () => pv.call("listSubAccounts", { emails: [input.email] });
  assert.equal((await lookUp()).totalItems, 0, "not yet: creation is asynchronous");
  await new Promise((resolve) => setTimeout(resolve, 1600));
  const [account] = (await lookUp()).contents;
  assert.deepEqual([account.userId, account.remainMinutes, account.maxChannels], [created.userId, 300, 2]);
  const again = await rejected(pv.call("createSubAccount", input));
  assert.deepEqual([again.kind, again.retryable], ["api", false]);
  const forged = new Polyv({ appId: seed.credentials.polyv.appId, appSecret: "fake-wrong-secret", endpoint: sandbox.url });
  assert.equal((await rejected(forged.call("createSubAccount", { ...input, email: "other@sub.example" }))).code, "403");
  sandbox.polyv.created.length = 0;
});

// ---- faults -----------------------------------------------------------------------------------

// The last column: whether a transient failure may be retried. Writes without an idempotency
// key, and Baidu's listing at its documented path (also order creation's), never are.
const OPERATIONS = [
  ["tencent", "tc", "describeAgentDealsByCache", { Offset: 0, Limit: 5 }, true],
  ["tencent", "tc", "syncUserAndOrderInfo", { UserInfo: { PaidCorpId: "wwf", PaidCorpName: "f" }, OrderInfo: { OrderId: "f1", OrderStatus: 1, OrderType: 0, SuiteId: "s", EditionId: "e", EditionName: "n", Price: 1, OrderTime: 1, PaidTime: 1 } }, false],
  ["tencent", "tc", "getUsagePlanUsageAmount", { InstanceId: `ins-${seed.tencent.deals.find((d) => ![1, 7].includes(d.Status) && d.GoodsName.startsWith("云市场")).DealId}` }, true],
  ["tencent", "tc", "flowProductRemind", { ProviderUin: "100000000001", SignId: "s", ResourceId: "market-f", TotalFlow: "2000", LeftFlow: "200", FlowUnit: "Mb" }, false],
  ["tencent", "tc", "describeAgentSelfPayDealsV2", { OwnerUin: seed.tencent.deals.at(-1).OwnerUin, Offset: 0, Limit: 5 }, true],
  ["tencent", "tc", "describeAgentPayDealsV2", { Offset: 0, Limit: 5 }, true],
  ["tencent", "tc", "describeAgentDealsPriceDetailByDealName", { DealCreatYear: 2026, DealNames: [seed.tencent.deals[0].DealName] }, true],
  ["tencent", "tc", "describeClientBalanceNew", { ClientUin: seed.tencent.deals[0].OwnerUin }, true],
  ["tencent", "tc", "describeAgentBills", { SettleMonth: "2026-10", Limit: 5 }, true],
  ["baidu", "bd", "listResourcePackages", {}, false],
  ["baidu", "bdConfirmed", "listResourcePackages", {}, true],
  ["polyv", "pv", "listPackageValidity", {}, true],
  ["polyv", "pv", "listSubAccounts", { pageSize: 5 }, true],
  ["polyv", "pv", "createSubAccount", { email: "fault@sub.example", password: "fault1234", contacts: "f", phone: "13900000000", maxChannels: 1 }, false],
  ["douyin", "dy", "getUserServicePurchaseList", { open_id: customer.douyinOpenId, service_id: SERVICE_ID }, true],
  ["douyin", "dy", "decrUserRemainTimes", { open_id: customer.douyinOpenId, service_id: SERVICE_ID, service_mode_id: "count_500", out_trade_no: "fault-1", count: 1 }, true],
  ["douyin", "dy", "insertPurchaseInfo", { open_id: "o", service_id: SERVICE_ID, service_mode_id: "count_500", out_trade_no: "fault-2", purchase_time: 1763800000000, period_type: 1, usage_times: 5 }, false],
  ["douyin", "dy", "deletePurchaseInfo", { open_id: "o", service_id: SERVICE_ID, service_mode_id: "count_500", out_trade_no: "fault-2" }, false],
];

for (const [vendor, key, op, input, retryable] of OPERATIONS) {
  test(`faults on ${vendor} ${op}${key === "bdConfirmed" ? " at a confirmed path" : ""}: each is classified (per request and by config)`, async () => {
    const client = clients()[key];
    assert.equal(client.safeToRepeat(op, input), retryable);
    const expectations = {
      "5xx": (e) => assert.deepEqual([e.kind, e.httpStatus, e.retryable], ["http", 503, retryable]),
      html: (e) => assert.deepEqual([e.kind, e.httpStatus, e.retryable], ["http", 502, retryable]),
      truncated: (e) => assert.deepEqual([e.kind, e.code, e.retryable], ["schema", "invalid_json", retryable]),
    };
    // A Douyin client fetches its token first: get it now, so that the faults strike the
    // operation itself and not the token request.
    if (vendor === "douyin") await client.call("getUserServicePurchaseList", { open_id: customer.douyinOpenId, service_id: SERVICE_ID });
    // deletePurchaseInfo needs its row back before each call (insert is idempotent), and
    // createSubAccount its e-mail free.
    const prepare = () => {
      if (op === "createSubAccount") sandbox.polyv.created.length = 0;
      return op === "deletePurchaseInfo" && client.call("insertPurchaseInfo", { ...input, purchase_time: 1763800000000, period_type: 1, usage_times: 5 });
    };
    for (const [kind, check] of Object.entries(expectations)) {
      await prepare();
      check(await rejected(client.call(op, input, { fetch: faulty(kind) })));
      await prepare();
      // Tencent's operations are its action names; the others' are quotakit's.
      const operation = vendor === "tencent" ? op[0].toUpperCase() + op.slice(1) : op;
      sandbox.faults.add({ kind, vendor, operation, times: 1 });
      check(await rejected(client.call(op, input)));
    }
    // wrong-type: the error's path is the field the sandbox retyped.
    let corrupted;
    const spy = async (url, init) => {
      const res = await faulty("wrong-type")(url, init);
      corrupted = res.headers.get("x-sandbox-corrupted");
      return res;
    };
    await prepare();
    const e = await rejected(client.call(op, input, { fetch: spy }));
    assert.deepEqual([e.kind, e.code, e.path], ["schema", "invalid_type", corrupted]);
    // slow: the caller's limits fire. One attempt's timeoutMs is retryable where the
    // operation is safe to repeat; the call's deadline (a timeout signal) and an abort are final.
    const slow = (url, init) => faulty("slow;delay=1000")(url, init);
    const timedOut = await rejected(client.call(op, input, { fetch: slow, timeoutMs: 150 }));
    assert.deepEqual([timedOut.kind, timedOut.code, timedOut.retryable], ["http", "timeout", retryable]);
    const late = await rejected(client.call(op, input, { fetch: slow, signal: AbortSignal.timeout(150) }));
    assert.deepEqual([late.kind, late.code, late.retryable], ["http", "deadline", false]);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const aborted = await rejected(client.call(op, input, { fetch: slow, signal: controller.signal }));
    assert.deepEqual([aborted.kind, aborted.code, aborted.retryable], ["http", "aborted", false]);
    // and with no fault the same call works
    await prepare();
    await client.call(op, input);
  });
}

test("timeoutMs: a slow first answer is resent and succeeds within the caller's deadline", async () => {
  const { tc } = clients();
  // The first answer takes 1.5 s; each attempt may wait 300 ms; the whole call 5 s.
  sandbox.faults.add({ kind: "slow", vendor: "tencent", operation: "DescribeAgentDealsByCache", times: 1, delayMs: 1500 });
  const r = recording();
  const started = Date.now();
  const page = await tc.call("describeAgentDealsByCache", { Offset: 0, Limit: 5 }, {
    fetch: r.fetch, retry: quick, timeoutMs: 300, signal: AbortSignal.timeout(5000),
  });
  const took = Date.now() - started;
  assert.equal(page.AgentDealSet.length, 5);
  assert.equal(r.sent.length, 2, "sent twice: the slow attempt, then its resend");
  assert.ok(took >= 300 && took < 1500, `took ${took} ms: the resend did not wait for the slow answer`);
  // Without retries the attempt's timeout is the error, which says how many attempts it made.
  sandbox.faults.add({ kind: "slow", vendor: "tencent", operation: "DescribeAgentDealsByCache", times: 1, delayMs: 1500 });
  const e = await rejected(tc.call("describeAgentDealsByCache", { Offset: 0, Limit: 5 }, { timeoutMs: 300 }));
  assert.deepEqual([e.code, e.retryable, e.attempts], ["timeout", true, 1]);
  // Every attempt slow: the retries give up, and the error says after how many.
  sandbox.faults.add({ kind: "slow", vendor: "tencent", operation: "DescribeAgentDealsByCache", times: 3, delayMs: 1500 });
  const tired = await rejected(tc.call("describeAgentDealsByCache", { Offset: 0, Limit: 5 }, { timeoutMs: 200, retry: quick }));
  assert.deepEqual([tired.code, tired.attempts], ["timeout", 3]);
  assert.match(tired.message, /gave up after 3 attempts/);
  // A deadline shorter than the slow answer ends the call, final, with no resend after it.
  sandbox.faults.add({ kind: "slow", vendor: "tencent", operation: "DescribeAgentDealsByCache", times: 1, delayMs: 1500 });
  const late = recording();
  const over = await rejected(tc.call("describeAgentDealsByCache", { Offset: 0, Limit: 5 }, { fetch: late.fetch, retry: quick, signal: AbortSignal.timeout(200) }));
  assert.deepEqual([over.code, over.retryable, late.sent.length], ["deadline", false, 1]);
  sandbox.faults.clear();
});

test("a write that is not safe to repeat says why it is not retryable", async () => {
  const { dy } = clients();
  await dy.call("getUserServicePurchaseList", { open_id: customer.douyinOpenId, service_id: SERVICE_ID });
  const input = { open_id: customer.douyinOpenId, service_id: SERVICE_ID, service_mode_id: "m", out_trade_no: "not-resent-1", purchase_time: 1763800000000, period_type: 1, usage_times: 5 };
  const e = await rejected(dy.call("insertPurchaseInfo", input, { fetch: faulty("5xx"), retry: quick }));
  assert.deepEqual([e.retryable, e.attempts], [false, 1]);
  assert.match(e.message, /not retryable: insertPurchaseInfo is not safe to repeat; the first attempt may have acted/);
  const lost = await rejected(dy.call("insertPurchaseInfo", input, { fetch: async () => { throw new TypeError("socket hang up"); }, retry: quick }));
  assert.deepEqual([lost.code, lost.retryable, lost.attempts], ["network", false, 1]);
  assert.match(lost.message, /not retryable: insertPurchaseInfo is not safe to repeat/);
});

test("faults switched on over HTTP, limited by `times`, cleared by reset", async () => {
  const { pv } = clients();
  const post = (path, body, method = "POST") => fetch(`${sandbox.url}/__sandbox/${path}`, { method, headers: { "content-type": "application/json" }, body: JSON.stringify(body) }).then((r) => r.json());
  assert.match((await post("faults", { kind: "meltdown" })).error, /kind must be one of/);
  await post("faults", { kind: "html", vendor: "polyv", times: 2 });
  assert.equal((await rejected(pv.call("listPackageValidity", {}))).httpStatus, 502);
  assert.equal((await rejected(pv.call("listPackageValidity", {}))).httpStatus, 502);
  await pv.call("listPackageValidity", {});
  await post("faults", { kind: "5xx" });
  assert.equal((await rejected(pv.call("listPackageValidity", {}))).httpStatus, 503);
  await post("reset", {});
  await pv.call("listPackageValidity", {});
});

test("DELETE /__sandbox/faults clears the faults with no body and no content type, as curl -X DELETE sends it", async () => {
  sandbox.faults.add({ kind: "5xx", vendor: "polyv" });
  sandbox.faults.add({ kind: "html" });
  const res = await rawHttp({ method: "DELETE", url: `${sandbox.url}/__sandbox/faults`, headers: {} });
  assert.deepEqual([res.status, JSON.parse(res.body)], [200, []]);
  assert.deepEqual(sandbox.faults.list(), []);
  sandbox.faults.add({ kind: "5xx" });
  assert.equal((await fetch(`${sandbox.url}/__sandbox/faults`, { method: "DELETE" })).status, 200);
  assert.deepEqual(sandbox.faults.list(), []);
});

test("a sandbox bug is a 500 with neither stack nor file path; the stack goes to the log", async () => {
  const logged = [];
  const own = await startSandbox({ log: (line) => logged.push(line) });
  try {
    own.tencent.operation = () => {
      throw new TypeError(`cannot read ${fileURLToPath(import.meta.url)}`);
    };
    const res = await fetch(`${own.url}/any/vendor/path`);
    const body = await res.text();
    assert.equal(res.status, 500);
    assert.match(body, /sandbox bug/);
    assert.doesNotMatch(body, /TypeError|\.mjs|\/work\/|file:|\bat /);
    assert.match(logged.join("\n"), /TypeError: cannot read [^]*sandbox\.test\.mjs:\d+/, "the stack is in the log");
  } finally {
    await own.close();
  }
});

test("the sandbox refuses to listen beyond loopback: it asks no token", async () => {
  for (const host of ["0.0.0.0", "::", "192.168.1.10"]) {
    await assert.rejects(startSandbox({ host }), /listens only on loopback, not .*SSH tunnel/s, host);
  }
  const cli = spawnSync(process.execPath, [fileURLToPath(new URL("../../www-demo/sandbox/server.mjs", import.meta.url)), "--host", "0.0.0.0", "--port", "0"], { encoding: "utf8", timeout: 10_000 });
  assert.equal(cli.status, 2, cli.stderr);
  assert.match(cli.stderr, /listens only on loopback, not 0\.0\.0\.0/);
  assert.doesNotMatch(cli.stdout, /vendor sandbox on/);
});

// ---- webhooks ---------------------------------------------------------------------------------

async function receiver(handle) {
  const server = createServer((req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      const { status, body, headers } = handle({ url: req.url, headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      res.writeHead(status, { "content-type": "application/json", ...headers }).end(body);
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${server.address().port}/hook`, close: () => new Promise((r) => server.close(r)) };
}

test("Douyin webhooks from the sandbox verify with quotakit; a tampered one does not", async () => {
  const { dy } = clients();
  const events = [];
  const hook = await receiver(({ headers, body }) => {
    try {
      const event = dy.verifyWebhook({ headers, body });
      events.push(event);
      return { status: 200, body: event.reply ?? "{}" };
    } catch (e) {
      return { status: 401, body: JSON.stringify({ kind: e.kind, code: e.code }) };
    }
  });
  try {
    const order = await sandbox.sendDouyinWebhook(hook.url, { open_id: customer.douyinOpenId, service_mode_id: "count_500", order_event: 1 });
    assert.equal(order.status, 200);
    assert.equal(events[0].event, "service_market_order");
    assert.equal(events[0].content.order_snapshot.service_mode_id, "count_500");
    assert.equal(events[0].msgId, order.sent.headers["msg-id"]);
    const challenge = await sandbox.sendDouyinWebhook(hook.url, { envelope: { event: "verify_webhook", client_key: "", content: { challenge: 12345 } } });
    assert.deepEqual([challenge.status, JSON.parse(challenge.body)], [200, { challenge: 12345 }]);
    const forged = await sandbox.sendDouyinWebhook(hook.url, { open_id: customer.douyinOpenId, tamper: true });
    assert.deepEqual([forged.status, JSON.parse(forged.body).kind], [401, "signature"]);
    assert.equal(events.length, 2);
  } finally {
    await hook.close();
  }
});

test("webhooks are not delivered through a redirect: a 307, 308, 302 or 303 is a failed delivery, and its target is never hit", async () => {
  // The redirect's target, on another loopback port: it records whether anything reached it.
  const hits = [];
  const trap = createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    res.end("{}");
  });
  await new Promise((resolve) => trap.listen(0, "127.0.0.1", resolve));
  const trapUrl = `http://127.0.0.1:${trap.address().port}/stolen`;
  try {
    for (const status of [307, 302, 303, 308]) {
      const redirector = await receiver(() => ({ status, body: "", headers: { location: trapUrl } }));
      try {
        await assert.rejects(sandbox.sendDouyinWebhook(redirector.url, { open_id: customer.douyinOpenId }), (e) => {
          assert.equal(e.status, 502);
          assert.match(e.message, new RegExp(`answered ${status}, a redirect`));
          return true;
        });
        await assert.rejects(sandbox.sendTencentNotification(redirector.url, { token: "t" }), /a redirect/);
        const viaHttp = await fetch(`${sandbox.url}/__sandbox/webhooks/douyin`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ url: redirector.url, open_id: customer.douyinOpenId }) });
        assert.equal(viaHttp.status, 502);
        assert.match((await viaHttp.json()).error, /not delivered.*a redirect/);
      } finally {
        await redirector.close();
      }
    }
    assert.deepEqual(hits, [], "the redirect's target was never hit");
    // A receiver that is not there is a failed delivery too, not a sandbox bug.
    const closed = await receiver(() => ({ status: 200, body: "{}" }));
    await closed.close();
    const gone = await fetch(`${sandbox.url}/__sandbox/webhooks/douyin`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ url: closed.url, open_id: "x" }) });
    assert.equal(gone.status, 502);
    assert.equal((await gone.json()).error, `the webhook was not delivered to ${closed.url}: ECONNREFUSED`);
  } finally {
    await new Promise((resolve) => trap.close(resolve));
  }
});

test("Tencent Market notifications from the sandbox verify with quotakit; a wrong token does not", async () => {
  const token = "sandbox-delivery-token";
  const hook = await receiver(({ url, body }) => {
    const q = Object.fromEntries(new URL(url, "http://x").searchParams);
    try {
      TencentCloud.verifyMarketNotification({ query: { signature: q.signature, timestamp: q.timestamp, eventId: q.eventId }, token, now: Date.now() });
      return { status: 200, body: JSON.stringify({ ok: true, action: JSON.parse(body).action }) };
    } catch (e) {
      return { status: 401, body: JSON.stringify({ kind: e.kind }) };
    }
  });
  try {
    const ok = await sandbox.sendTencentNotification(hook.url, { token, payload: { action: "createInstance", orderId: "m-1" } });
    assert.deepEqual([ok.status, JSON.parse(ok.body)], [200, { ok: true, action: "createInstance" }]);
    const wrong = await sandbox.sendTencentNotification(hook.url, { token: "another-token" });
    assert.deepEqual([wrong.status, JSON.parse(wrong.body).kind], [401, "signature"]);
    const stale = await sandbox.sendTencentNotification(hook.url, { token, timestamp: Math.floor(Date.now() / 1000) - 60 });
    assert.equal(stale.status, 401);
  } finally {
    await hook.close();
  }
});

/** Sends `req` with node:http, which (unlike fetch) sends the Host header it is given. */
function rawHttp({ method, url, headers, body }) {
  return new Promise((resolve, reject) => {
    const out = request(url, { method, headers }, (res) => {
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }));
    });
    out.on("error", reject);
    out.end(body);
  });
}

async function raw(req, extraHeaders = {}) {
  const res = await fetch(req.url, { method: req.method, headers: { ...req.headers, ...extraHeaders }, body: req.body });
  return { status: res.status, headers: Object.fromEntries(res.headers), body: await res.text() };
}

// ---- retries in call() ---------------------------------------------------------------------------

/** A fetch that records each request and can add headers to the sandbox's answers. */
function recording(addHeaders = () => ({})) {
  const sent = [];
  const fetchFn = async (url, init) => {
    sent.push({ url, headers: init.headers });
    const res = await fetch(url, init);
    const extra = addHeaders(res);
    if (Object.keys(extra).length === 0) return res;
    const headers = new Headers(res.headers);
    for (const [k, v] of Object.entries(extra)) headers.set(k, v);
    return new Response(await res.text(), { status: res.status, headers });
  };
  return { sent, fetch: fetchFn };
}
const quick = { attempts: 3, baseDelayMs: 5, maxDelayMs: 50 };

test("retries: off by default; opted in, a read survives two 5xx and each attempt is re-signed", async () => {
  const { pv } = clients();
  sandbox.faults.add({ kind: "5xx", vendor: "polyv", times: 1 });
  const once = recording();
  const e = await rejected(pv.call("listPackageValidity", {}, { fetch: once.fetch }));
  assert.deepEqual([e.kind, e.retryable, once.sent.length], ["http", true, 1]);

  sandbox.faults.add({ kind: "5xx", vendor: "polyv", times: 2 });
  const thrice = recording();
  const page = await pv.call("listPackageValidity", {}, { fetch: thrice.fetch, retry: quick, random: () => 1 });
  assert.ok(page.contents.length > 0);
  assert.equal(thrice.sent.length, 3);
  const stamps = thrice.sent.map((s) => new URL(s.url).searchParams.get("timestamp"));
  assert.equal(new Set(stamps).size, 3, `each attempt has its own timestamp: ${stamps}`);
});

test("retries: a Douyin deduction is resent after a fault that struck after Douyin acted, and counted once", async () => {
  const { dy } = clients();
  const who = { open_id: customer.douyinOpenId, service_id: SERVICE_ID };
  const left = async () => (await dy.call("getUserServicePurchaseList", who)).purchase_info_list.find((p) => p.service_mode_id === "count_500").remain_service_times;
  const before = await left();
  sandbox.faults.add({ kind: "truncated", vendor: "douyin", operation: "decrUserRemainTimes", times: 1 });
  const r = recording();
  await dy.call("decrUserRemainTimes", { ...who, service_mode_id: "count_500", out_trade_no: "retry-1", count: 1 }, { fetch: r.fetch, retry: quick });
  assert.equal(r.sent.length, 2);
  assert.equal(await left(), before - 1);
});

test("retries: writes without an idempotency key and non-retryable errors are never resent", async () => {
  const { dy, tc } = clients();
  const who = { open_id: customer.douyinOpenId, service_id: SERVICE_ID };
  await dy.call("getUserServicePurchaseList", who); // the token first
  sandbox.faults.add({ kind: "5xx", vendor: "douyin", operation: "insertPurchaseInfo", times: 1 });
  const r = recording();
  const insert = { ...who, service_mode_id: "count_500", out_trade_no: "retry-2", purchase_time: Date.now(), period_type: 1, duration: 1 };
  assert.equal((await rejected(dy.call("insertPurchaseInfo", insert, { fetch: r.fetch, retry: quick }))).retryable, false);
  assert.equal(r.sent.length, 1);
  const wrong = new TencentCloud({ ...C.tencent, secretKey: "wrong", endpoint: sandbox.url });
  const w = recording();
  assert.equal((await rejected(wrong.call("describeAgentDealsByCache", { Offset: 0, Limit: 1 }, { fetch: w.fetch, retry: quick }))).code, "AuthFailure.SignatureFailure");
  assert.equal(w.sent.length, 1);
  assert.equal((await rejected(tc.call("describeAgentDealsByCache", { Offset: 0, Limit: 1 }, { retry: { attempts: 0 } }))).code, "invalid_retry");
});

test("retries: Baidu's listing is sent once at its documented path (also order creation's), and retried at a confirmed one", async () => {
  const { bd, bdConfirmed } = clients();
  for (const fault of ["5xx", "truncated"]) {
    sandbox.faults.add({ kind: fault, vendor: "baidu", times: 1 });
    const documented = recording();
    const e = await rejected(bd.call("listResourcePackages", {}, { fetch: documented.fetch, retry: true, random: () => 0 }));
    assert.equal(e.retryable, false);
    assert.deepEqual(documented.sent.map((s) => new URL(s.url).pathname), [BAIDU_LIST_PATH], fault);
    sandbox.faults.clear();
    // A network failure (the request may have arrived) is not resent either.
    let attempts = 0;
    const broken = async () => { attempts++; throw new TypeError("fetch failed"); };
    assert.equal((await rejected(bd.call("listResourcePackages", {}, { fetch: broken, retry: true, random: () => 0 }))).code, "network");
    assert.equal(attempts, 1);
  }
  sandbox.faults.add({ kind: "5xx", vendor: "baidu", times: 1 });
  const confirmed = recording();
  const page = await bdConfirmed.call("listResourcePackages", {}, { fetch: confirmed.fetch, retry: true, random: () => 0 });
  assert.ok(page.data.length > 0);
  assert.deepEqual(confirmed.sent.map((s) => new URL(s.url).pathname), [BAIDU_CONFIRMED_LIST_PATH, BAIDU_CONFIRMED_LIST_PATH]);
});

test("retries: Retry-After is honoured, and one beyond maxDelayMs ends the retries", async () => {
  const { bdConfirmed: bd } = clients();
  sandbox.faults.add({ kind: "5xx", vendor: "baidu", times: 1 });
  const r = recording((res) => (res.status === 503 ? { "Retry-After": "1" } : {}));
  const started = Date.now();
  await bd.call("listResourcePackages", {}, { fetch: r.fetch, retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 2000 }, random: () => 0 });
  assert.ok(Date.now() - started >= 1000, "waited for Retry-After");
  assert.equal(r.sent.length, 2);
  sandbox.faults.add({ kind: "5xx", vendor: "baidu", times: 1 });
  const far = recording((res) => (res.status === 503 ? { "Retry-After": "120" } : {}));
  await rejected(bd.call("listResourcePackages", {}, { fetch: far.fetch, retry: quick }));
  assert.equal(far.sent.length, 1);
});

test("retries: aborting during the backoff ends the call as aborted", async () => {
  const { pv } = clients();
  sandbox.faults.add({ kind: "5xx", vendor: "polyv", times: 3 });
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 50);
  const e = await rejected(pv.call("listPackageValidity", {}, { retry: { attempts: 3, baseDelayMs: 5000, maxDelayMs: 5000 }, random: () => 1, signal: controller.signal }));
  assert.deepEqual([e.code, e.retryable], ["aborted", false]);
});

// ---- clock skew ------------------------------------------------------------------------------------

test("syncClock: a drifting clock is corrected per client from the vendor's Date; caches and 1970 are ignored", async () => {
  const { tc } = clients();
  const other = clients().tc;
  // This machine's clock runs 10 minutes slow: the sandbox refuses the signature.
  const slow = Date.now() - 10 * 60_000;
  const refused = await raw(tc.describeAgentDealsByCache({ Offset: 0, Limit: 1 }, { now: slow }));
  assert.equal(thrown(() => tc.parseDescribeAgentDealsByCache(refused)).code, "AuthFailure.SignatureExpire");
  const learned = tc.syncClock(refused, { now: slow });
  assert.ok(learned.applied && Math.abs(learned.offsetMs - 10 * 60_000) < 2000, JSON.stringify(learned));
  // The same slow clock now signs at the vendor's time and passes; another client is untouched.
  const ok = await raw(tc.describeAgentDealsByCache({ Offset: 0, Limit: 1 }, { now: slow }));
  assert.ok(tc.parseDescribeAgentDealsByCache(ok).TotalCount > 0);
  const untouched = await raw(other.describeAgentDealsByCache({ Offset: 0, Limit: 1 }, { now: slow }));
  assert.equal(thrown(() => other.parseDescribeAgentDealsByCache(untouched)).code, "AuthFailure.SignatureExpire");
  // A cached answer, a 1970 Date and a missing one change nothing.
  for (const headers of [{ ...ok.headers, age: "120" }, { date: "Thu, 01 Jan 1970 00:00:00 GMT" }, {}]) {
    const r = tc.syncClock({ ...ok, headers }, { now: slow });
    assert.equal(r.applied, false, r.reason);
    assert.equal(r.offsetMs, learned.offsetMs);
  }
  assert.equal(thrown(() => tc.syncClock({ status: 200 })).kind, "input");
});
