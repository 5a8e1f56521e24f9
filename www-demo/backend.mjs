// The provider's backend: the one place that holds vendor credentials and calls the vendors
// with quotakit. `make demo`'s job and the console's /api routes both use it, so the same
// code runs against the sandbox and against the real vendors.
//
// Each vendor is configured from the environment (see the README, "Against the real
// vendors"); a vendor with no credentials in the environment uses the sandbox and the
// sandbox's fictional customers.
import { randomUUID } from "node:crypto";
import { Baidu, Douyin, Polyv, TencentCloud } from "quotakit";

/** Which vendors the environment configures for real; the rest go to `sandboxUrl`. */
export function configFromEnv(env, { sandboxUrl, seed }) {
  const real = (keys) => keys.every((k) => env[k]);
  const list = (value) => (value ? value.split(",").map((s) => s.trim()).filter(Boolean) : []);
  const sandbox = (vendor, extra = {}) => ({ ...seed.credentials[vendor], endpoint: sandboxUrl, sandbox: true, ...extra });
  const endpoint = (name) => (env[name] ? { endpoint: env[name] } : {});
  return {
    tencent: real(["QUOTAKIT_TENCENT_SECRET_ID", "QUOTAKIT_TENCENT_SECRET_KEY"])
      ? { secretId: env.QUOTAKIT_TENCENT_SECRET_ID, secretKey: env.QUOTAKIT_TENCENT_SECRET_KEY, ...endpoint("QUOTAKIT_TENCENT_ENDPOINT") }
      : sandbox("tencent"),
    baidu: real(["QUOTAKIT_BAIDU_ACCESS_KEY_ID", "QUOTAKIT_BAIDU_SECRET_ACCESS_KEY", "QUOTAKIT_BAIDU_LIST_PATH"])
      ? {
        accessKeyId: env.QUOTAKIT_BAIDU_ACCESS_KEY_ID, secretAccessKey: env.QUOTAKIT_BAIDU_SECRET_ACCESS_KEY,
        paths: { listResourcePackages: env.QUOTAKIT_BAIDU_LIST_PATH }, ...endpoint("QUOTAKIT_BAIDU_ENDPOINT"),
      }
      : sandbox("baidu"),
    polyv: real(["QUOTAKIT_POLYV_APP_ID", "QUOTAKIT_POLYV_APP_SECRET"])
      ? { appId: env.QUOTAKIT_POLYV_APP_ID, appSecret: env.QUOTAKIT_POLYV_APP_SECRET, ...endpoint("QUOTAKIT_POLYV_ENDPOINT") }
      : sandbox("polyv"),
    douyin: real(["QUOTAKIT_DOUYIN_CLIENT_KEY", "QUOTAKIT_DOUYIN_CLIENT_SECRET", "QUOTAKIT_DOUYIN_SERVICE_ID", "QUOTAKIT_DOUYIN_OPEN_IDS"])
      ? {
        clientKey: env.QUOTAKIT_DOUYIN_CLIENT_KEY, clientSecret: env.QUOTAKIT_DOUYIN_CLIENT_SECRET, ...endpoint("QUOTAKIT_DOUYIN_ENDPOINT"),
        serviceId: env.QUOTAKIT_DOUYIN_SERVICE_ID, openIds: list(env.QUOTAKIT_DOUYIN_OPEN_IDS),
      }
      : sandbox("douyin", { serviceId: seed.douyin.services[0].service_id }),
    // The provider's own records: who its customers are and what it sold them. In a real
    // deployment these come from its database; here, from the sandbox's seed.
    customers: seed.customers,
    tiers: Object.fromEntries(seed.douyin.services[0].modes.map((m) => [m.service_mode_id, m])),
    polyvPlans: Object.fromEntries(seed.polyv.accounts.map((a) => [a.email, a.plan])),
  };
}

/** The backend's operations, each one vendor call (or a loop of them) through quotakit. */
export function createBackend(config, { fetch = globalThis.fetch } = {}) {
  const strip = ({ sandbox, serviceId, openIds, ...options }) => options;
  const tc = new TencentCloud(strip(config.tencent));
  const bd = new Baidu(strip(config.baidu));
  const pv = new Polyv(strip(config.polyv));
  const dy = new Douyin(strip(config.douyin));
  const withTimeout = () => ({ fetch, signal: AbortSignal.timeout(10_000) });
  const serviceId = config.douyin.serviceId;
  const douyinCustomers = config.douyin.sandbox
    ? config.customers.map((c) => ({ name: c.name, openId: c.douyinOpenId }))
    : config.douyin.openIds.map((openId) => ({ name: openId, openId }));

  return {
    /** Where each vendor's calls go: "sandbox" or the real endpoint. */
    targets: Object.fromEntries(["tencent", "baidu", "polyv", "douyin"].map((v) => [v, config[v].sandbox ? "sandbox" : config[v].endpoint ?? "vendor default"])),
    customers: config.customers,
    tiers: config.tiers,
    douyinCustomers,

    /** Fetches a Douyin client_token explicitly (call() would do it on first use). */
    async douyinToken() {
      const req = dy.clientToken();
      const res = await fetch(req.url, { method: req.method, headers: req.headers, body: req.body, signal: AbortSignal.timeout(10_000) });
      const token = dy.parseClientToken({ status: res.status, headers: Object.fromEntries(res.headers), body: await res.text() });
      return { expiresAt: token.expiresAt, expiresIn: token.expiresIn };
    },

    /** One customer's purchases of the configured service. */
    async douyinPurchases(openId) {
      const res = await dy.call("getUserServicePurchaseList", { open_id: openId, service_id: serviceId }, withTimeout());
      return res.purchase_info_list.map((p) => ({ ...p, tier: config.tiers[p.service_mode_id] ?? null }));
    },

    /**
     * Deducts `count` uses. `outTradeNo` is the idempotency key: the browser makes one per
     * click, so a resend after a timeout cannot deduct twice.
     */
    async douyinDeduct({ openId, serviceModeId, outTradeNo = `qk-${randomUUID()}`, count = 1 }) {
      await dy.call("decrUserRemainTimes", { open_id: openId, service_id: serviceId, service_mode_id: serviceModeId, out_trade_no: outTradeNo, count }, withTimeout());
      return { outTradeNo };
    },

    /** One page of Tencent deals. */
    tencentDeals(input) {
      return tc.call("describeAgentDealsByCache", input, withTimeout());
    },

    /** Every deal matching `filters`, 200 (the documented maximum) at a time. */
    async allTencentDeals(filters = {}) {
      const deals = [];
      for (let offset = 0; ; offset += 200) {
        const page = await tc.call("describeAgentDealsByCache", { ...filters, Offset: offset, Limit: 200 }, withTimeout());
        deals.push(...page.AgentDealSet);
        if (page.AgentDealSet.length === 0 || deals.length >= page.TotalCount) return { deals, total: page.TotalCount };
      }
    },

    baiduPacks(input) {
      return bd.call("listResourcePackages", input, withTimeout());
    },

    /** A page of Polyv sub-accounts, each with the plan the provider sold it (if known). */
    async polyvAccounts(input) {
      const page = await pv.call("listPackageValidity", input, withTimeout());
      return { ...page, contents: page.contents.map((a) => ({ ...a, plan: config.polyvPlans[a.email] ?? null })) };
    },

    /** Every Polyv sub-account, 50 (the documented maximum) at a time. */
    async allPolyvAccounts() {
      const accounts = [];
      for (let pageNumber = 1; ; pageNumber++) {
        const page = await this.polyvAccounts({ pageNumber, pageSize: 50 });
        accounts.push(...page.contents);
        if (pageNumber >= page.totalPages) return accounts;
      }
    },
  };
}

/** A QuotakitError as the console's API returns it: everything but the secrets, of which it has none. */
export function errorBody(e) {
  if (e && e.name === "QuotakitError") {
    const { kind, code, message, vendor, operation, requestId, httpStatus, retryable, path, issues } = e;
    return { kind, code, message, vendor, operation, requestId, httpStatus, retryable, path, issues };
  }
  return { kind: e?.kind === "input" ? "input" : "internal", message: String(e?.message ?? e) };
}
