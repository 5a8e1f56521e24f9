// The provider's backend: the one place that holds vendor credentials and calls the vendors
// with quotakit. `make demo`'s job and the console's /api routes both use it, so the same
// code runs against the sandbox and against the real vendors.
//
// Each vendor is configured from the environment (see the README, "Against the real
// vendors"); a vendor with no credentials in the environment uses the sandbox and the
// sandbox's fictional customers.
import { randomUUID } from "node:crypto";
import { Baidu, Douyin, Polyv, TencentCloud, summarize } from "quotakit";

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

  /** A Polyv page's entitlements, with what the provider sold each sub-account. */
  const polyvEntitlements = (page, now) => {
    const plans = new Map(page.contents.map((a) => [a.userId ?? a.appId ?? a.email, config.polyvPlans[a.email]]));
    return pv.entitlements("listPackageValidity", page, { now }).map((e) => sold(e, plans.get(e.holder.id)?.[e.product.id]));
  };

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

    /**
     * What every customer bought and has left, across all four vendors: each paged read
     * walked with `paginate()` (resent on failure where that is safe), each page converted
     * to entitlements by quotakit, and the provider's own records used to say which vendor
     * holder is which customer. Returns quotakit's `summarize()` with the customers' names.
     */
    async customerSummary({ now = Date.now() } = {}) {
      const opts = { fetch, signal: AbortSignal.timeout(60_000), retry: true };
      const entitlements = [];
      for await (const page of tc.paginate("describeAgentDealsByCache", { Offset: 0, Limit: 200 }, opts)) {
        entitlements.push(...tc.entitlements("describeAgentDealsByCache", page, { now }));
      }
      for await (const page of bd.paginate("listResourcePackages", { pageNo: 1, pageSize: 100 }, opts)) {
        entitlements.push(...bd.entitlements("listResourcePackages", page, { now }));
      }
      const customers = {};
      const names = { provider: "Our own Baidu TMS account" };
      customers[`baidu:account:${config.baidu.accessKeyId}`] = "provider";
      for (const c of config.customers) {
        names[c.slug] = c.name;
        customers[`tencent:uin:${c.tencentUin}`] = c.slug;
        customers[`douyin:open_id:${c.douyinOpenId}`] = c.slug;
      }
      for await (const page of pv.paginate("listPackageValidity", { pageSize: 50 }, opts)) {
        entitlements.push(...polyvEntitlements(page, now));
        for (const a of page.contents) {
          const owner = config.customers.find((c) => c.email === a.email);
          if (owner) customers[`polyv:sub_account:${a.userId ?? a.appId ?? a.email}`] = owner.slug;
        }
      }
      for (const c of douyinCustomers) {
        const list = await dy.call("getUserServicePurchaseList", { open_id: c.openId, service_id: serviceId }, opts);
        for (const e of dy.entitlements("getUserServicePurchaseList", list, { now, openId: c.openId })) {
          entitlements.push(sold(e, config.tiers[e.source.id]?.times));
        }
      }
      return { now, names, entitlements: entitlements.length, summary: summarize(entitlements, { now, customers }) };
    },

    baiduPacks(input) {
      return bd.call("listResourcePackages", input, withTimeout());
    },

    /**
     * A page of Polyv sub-accounts, each with the plan the provider sold it (if known) and
     * what quotakit's `summarize()` makes of its resources: `units` by product (`minutes`,
     * `flow`, `space`), each with what is left and its alerts.
     */
    async polyvAccounts(input, { now = Date.now() } = {}) {
      const page = await pv.call("listPackageValidity", input, withTimeout());
      const summary = summarize(polyvEntitlements(page, now), { now });
      const byHolder = new Map(summary.customers.map((c) => [c.customer, c]));
      return {
        ...page,
        contents: page.contents.map((a) => {
          const units = byHolder.get(`polyv:sub_account:${a.userId ?? a.appId ?? a.email}`)?.units ?? [];
          return { ...a, plan: config.polyvPlans[a.email] ?? null, units: Object.fromEntries(units.map((u) => [u.product.id, u])) };
        }),
      };
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

/**
 * `e` with what the provider sold (`granted`): Polyv and Douyin say what is left, not what
 * was sold; the provider's own records (the plan it sold each sub-account, the uses each
 * Douyin tier sells) do.
 */
function sold(e, granted) {
  if (!Number.isInteger(granted) || e.remaining === null) return e;
  return { ...e, granted, used: Math.max(0, granted - e.remaining) };
}

/**
 * A QuotakitError as the console's API returns it: everything but the secrets, of which it
 * has none. Any other error is the console's own bug, whose message may name files: the
 * browser gets only that it happened (the console logs the rest).
 */
export function errorBody(e) {
  if (e && e.name === "QuotakitError") {
    const { kind, code, message, vendor, operation, requestId, httpStatus, retryable, path, issues } = e;
    return { kind, code, message, vendor, operation, requestId, httpStatus, retryable, path, issues };
  }
  if (e?.kind === "input") return { kind: "input", message: String(e.message) };
  return { kind: "internal", message: "the console's backend failed; its log has the details" };
}
