// The provider's backend: the one place that holds vendor credentials and calls the vendors
// with quotakit. `make demo`'s job and the console's /api routes both use it, so the same
// code runs against the sandbox and against the real vendors.
//
// Each vendor is configured from the environment (see the README, "Against the real
// vendors"); a vendor with no credentials in the environment uses the sandbox and the
// sandbox's fictional customers.
import { randomUUID } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Baidu, Douyin, Polyv, TencentCloud, summarize } from "quotakit";

/** Where the demo keeps its record of reminders sent, unless QUOTAKIT_REMINDERS_FILE says. */
const REMINDERS_FILE = join(dirname(fileURLToPath(import.meta.url)), "../.cache/demo/reminders.json");

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
    // Tencent Cloud Market: which of the provider's goods are metered by a usage plan (their
    // GoodsCategoryIds; in the sandbox, its Cloud Market products), the provider's UIN, and
    // the record of reminders sent.
    meteredGoods: env.QUOTAKIT_TENCENT_METERED_GOODS !== undefined
      ? list(env.QUOTAKIT_TENCENT_METERED_GOODS)
      : [...new Set(seed.tencent.deals.filter((d) => d.GoodsName.startsWith("云市场")).map((d) => d.GoodsCategoryId))],
    providerUin: env.QUOTAKIT_TENCENT_PROVIDER_UIN ?? "100000000001",
    remindersFile: env.QUOTAKIT_REMINDERS_FILE ?? REMINDERS_FILE,
    tiers: Object.fromEntries(seed.douyin.services[0].modes.map((m) => [m.service_mode_id, m])),
    polyvPlans: Object.fromEntries(seed.polyv.accounts.map((a) => [a.email, a.plan])),
  };
}

/** The backend's operations, each one vendor call (or a loop of them) through quotakit. */
/** How many Douyin order events the console keeps (the oldest are forgotten). */
const MAX_ORDER_EVENTS = 200;

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

  /** Tencent allows 20 calls a second per action and SecretId: one call at most every 55 ms. */
  let lastTencentCall = 0;
  const tencentPace = async () => {
    const wait = lastTencentCall + 55 - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    lastTencentCall = Date.now();
  };

  /**
   * Reminds the customer of the usage plan summarized in `u` (a `requests` row of
   * `summarize`) at its alert level (`exhausted`, else `low`), and never twice for one plan
   * and level, in this run or a later one: the record (`config.remindersFile`) is written
   * before the send. A reminder messages a customer and is never resent, so one whose outcome
   * is unknown (the answer was lost) stays `pending` for a person to check, not sent again.
   * `{ status: "sent" | "already" | "not-alerting" | "failed", … }`.
   */
  const remindUnit = async (customer, u) => {
    const level = ["exhausted", "low"].find((a) => u.alerts.includes(a));
    const instance = u.entitlements[0].source.id;
    if (u.unit !== "requests" || !level) return { status: "not-alerting", customer, instance };
    const record = readRecord(config.remindersFile);
    const key = `${instance} ${level}`;
    if (record[key]) return { status: "already", customer, instance, level };
    record[key] = { customer, status: "pending", at: new Date().toISOString() };
    writeRecord(config.remindersFile, record);
    await tencentPace();
    try {
      const answer = await tc.call("flowProductRemind", {
        ProviderUin: config.providerUin, SignId: instance, ResourceId: instance,
        TotalFlow: String(u.granted), LeftFlow: String(u.remaining), FlowUnit: "次",
      }, withTimeout());
      record[key] = { ...record[key], status: "sent", flowId: answer.FlowId };
      return { status: "sent", customer, instance, level, left: u.remaining, flowId: answer.FlowId };
    } catch (error) {
      // Refused before it could act (bad input, a signature, an api error): it may be sent
      // again later. Otherwise it may have been sent: it stays pending.
      if (error.kind === "input" || error.kind === "api") delete record[key];
      return { status: "failed", customer, instance, level, error };
    } finally {
      writeRecord(config.remindersFile, record);
    }
  };

  /** Douyin's order events, newest first: at most MAX_ORDER_EVENTS, one per Msg-Id. */
  const orderEvents = [];

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
     * walked with `paginate()` (resent on failure where that is safe), the usage plan of each
     * Tencent instance our customers bought read with `getUsagePlanUsageAmount` and each
     * customer's Tencent balance with `describeClientBalanceNew`, each page converted
     * to entitlements by quotakit, and the provider's own records used to say which vendor
     * holder is which customer. Returns quotakit's `summarize()` with the customers' names.
     */
    async customerSummary({ now = Date.now() } = {}) {
      const opts = { fetch, signal: AbortSignal.timeout(60_000), retry: true };
      const entitlements = [];
      const instances = [];
      const customerOfUin = new Map(config.customers.map((c) => [c.tencentUin, c.slug]));
      for await (const page of tc.paginate("describeAgentDealsByCache", { Offset: 0, Limit: 200 }, opts)) {
        entitlements.push(...tc.entitlements("describeAgentDealsByCache", page, { now }));
        // The instances of metered goods our customers' deals bought: each has a usage plan.
        for (const deal of page.AgentDealSet) {
          const slug = customerOfUin.get(deal.OwnerUin);
          if (!slug || !config.meteredGoods.includes(deal.GoodsCategoryId)) continue;
          for (const id of deal.ResourceIds ?? []) instances.push({ id, slug });
        }
      }
      // Paced (and a rate-limited read is resent after its backoff anyway).
      const planOpts = { ...opts, retry: { attempts: 5, baseDelayMs: 250 } };
      for (const { id } of instances) {
        await tencentPace();
        const plan = await tc.call("getUsagePlanUsageAmount", { InstanceId: id }, planOpts);
        entitlements.push(...tc.entitlements("getUsagePlanUsageAmount", plan, { now, instanceId: id }));
      }
      // Each customer's Tencent balance: what it can still spend, in 分.
      // One customer Tencent will not answer for (no longer ours: UnauthorizedOperation)
      // costs that customer's balance, not the whole view.
      const unread = [];
      for (const c of config.customers.filter((c) => c.tencentUin)) {
        await tencentPace();
        try {
          const balance = await tc.call("describeClientBalanceNew", { ClientUin: c.tencentUin }, planOpts);
          entitlements.push(...tc.entitlements("describeClientBalanceNew", balance, { now, clientUin: c.tencentUin }));
        } catch (error) {
          if (error.kind !== "api") throw error;
          unread.push({ customer: c.name, source: "describeClientBalanceNew", code: error.code, message: error.message });
        }
      }
      for await (const page of bd.paginate("listResourcePackages", { pageNo: 1, pageSize: 100 }, opts)) {
        entitlements.push(...bd.entitlements("listResourcePackages", page, { now }));
      }
      const customers = {};
      const names = { provider: "Our own Baidu TMS account" };
      customers[`baidu:account:${config.baidu.accessKeyId}`] = "provider";
      for (const { id, slug } of instances) customers[`tencent:instance:${id}`] = slug;
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
      return { now, names, entitlements: entitlements.length, unread, summary: summarize(entitlements, { now, customers }) };
    },

    /**
     * One `flowProductRemind` for each Tencent usage plan that `summary` (from
     * `customerSummary`) marks `low` or `exhausted` ([`remindUnit`]).
     */
    async remindLowPlans(summary) {
      const sent = [];
      const failed = [];
      let already = 0;
      for (const c of summary.customers) {
        for (const u of c.units) {
          const outcome = await remindUnit(c.customer, u);
          if (outcome.status === "sent") sent.push(outcome);
          if (outcome.status === "failed") failed.push({ ...outcome, error: outcome.error.message });
          if (outcome.status === "already") already++;
        }
      }
      return { sent, already, failed };
    },

    /**
     * The console's "Remind": reads Tencent usage plan `instanceId` now and reminds its
     * customer if it runs low or out, unless that plan was reminded at that level before.
     * Throws the QuotakitError of a reminder Tencent refused or may not have received.
     */
    async remindPlan({ instanceId }) {
      if (typeof instanceId !== "string" || instanceId === "") {
        throw Object.assign(new Error("instanceId must be a non-empty string"), { kind: "input" });
      }
      const plan = await tc.call("getUsagePlanUsageAmount", { InstanceId: instanceId }, { ...withTimeout(), retry: true });
      const now = Date.now();
      const [unit] = summarize(tc.entitlements("getUsagePlanUsageAmount", plan, { now, instanceId }), { now }).customers[0].units;
      const outcome = await remindUnit("console", unit);
      if (outcome.status === "failed") throw outcome.error;
      return { status: outcome.status, level: outcome.level ?? null, left: unit.remaining, flowId: outcome.flowId ?? null };
    },

    /**
     * A Douyin webhook delivery (`{ headers, body }` as received): verified by its signature,
     * answered with the challenge when it is the URL check, and a `service_market_order`
     * event recorded once per `Msg-Id` (Douyin resends each push up to three times) and once
     * per order and event (a `Msg-Id` is not signed). Throws
     * quotakit's `signature` or `schema` error for a delivery that is forged or malformed.
     */
    receiveDouyinWebhook({ headers, body }) {
      const event = dy.verifyWebhook({ headers, body });
      if (event.reply) return { reply: event.reply };
      if (!event.order) return { status: "ignored", event: event.event };
      // By Msg-Id, as Douyin says; and by order and event, since Msg-Id is not signed (a
      // replayed body under a new Msg-Id, or a delivery without one, is still the same event).
      const { order_id, order_event } = event.order;
      const seen = orderEvents.some((e) => (event.msgId && e.msgId === event.msgId) || (e.order.order_id === order_id && e.order.order_event === order_event));
      if (seen) return { status: "duplicate", msgId: event.msgId ?? null };
      const customer = douyinCustomers.find((c) => c.openId === event.fromUserId)?.name ?? null;
      orderEvents.unshift({ msgId: event.msgId ?? null, receivedAt: Date.now(), openId: event.fromUserId ?? null, customer, order: event.order });
      orderEvents.length = Math.min(orderEvents.length, MAX_ORDER_EVENTS);
      return { status: "recorded", msgId: event.msgId ?? null };
    },

    /** The Douyin order events received, newest first. */
    douyinOrderEvents() {
      return { events: orderEvents };
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

/** The record of reminders sent: `{ "<instance> <level>": { customer, status, … } }`. */
function readRecord(file) {
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    if (e.code === "ENOENT") return {};
    throw e;
  }
}

function writeRecord(file, record) {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(record, null, 2) + "\n");
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
