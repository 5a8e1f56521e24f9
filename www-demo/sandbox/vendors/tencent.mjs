// Tencent Cloud API 3.0 as the sandbox plays it: POST / with X-TC-Action, TC3 verified by
// ../verify/tc3.mjs (±5 min), answers always HTTP 200 with `{"Response": …}` and errors in
// `Response.Error`, as Tencent does. Partners' DescribeAgentDealsByCache pages and filters the
// seeded deals (Limit ≤ 200, 20 requests per second per SecretId and action); Market's
// SyncUserAndOrderInfo records the orders it is sent; GetUsagePlanUsageAmount answers for the
// instance of every paid deal of a Cloud Market product (`ins-<DealId>`, a plan of 1,000 calls
// per item bought, used by an amount fixed by the deal); FlowProductRemind records the
// reminders it is asked for. Partners' V2 listings give the self-paid deals of one customer
// and the agent-paid deals, of the 15 days before the newest seeded deal (the sandbox's books
// close there, so that its data does not age out of Tencent's 15-day rule); the price details
// of deals by name and year; each customer's balance; and a month's payments (a bill per paid
// deal), paged.
import { verifyTc3 } from "../verify/tc3.mjs";

const ACTIONS = {
  DescribeAgentDealsByCache: { service: "partners", version: "2018-03-21" },
  SyncUserAndOrderInfo: { service: "market", version: "2019-10-10" },
  GetUsagePlanUsageAmount: { service: "market", version: "2019-10-10" },
  FlowProductRemind: { service: "market", version: "2019-10-10" },
  DescribeAgentSelfPayDealsV2: { service: "partners", version: "2018-03-21" },
  DescribeAgentPayDealsV2: { service: "partners", version: "2018-03-21" },
  DescribeAgentDealsPriceDetailByDealName: { service: "partners", version: "2018-03-21" },
  DescribeClientBalanceNew: { service: "partners", version: "2018-03-21" },
  DescribeAgentBills: { service: "partners", version: "2018-03-21" },
};
const RATE_LIMIT_PER_SECOND = 20;
/** How many reminders the sandbox keeps: it records what callers send, so it forgets the oldest. */
const MAX_RECORDS = 10_000;
const MAX_LIMIT = 200;
const MAX_LIMIT_V2 = 100;
const V2_WINDOW_MS = 15 * 86_400_000;
/** The partner's own UIN: the payer of agent-paid deals and the `Uin` of its bills. */
const AGENT_UIN = "700000000001";
/** The UIN the market books synced WeCom orders under (the provider's own, fictional). */
const MARKET_OWNER_UIN = "100000000001";

const problem = (code, message) => ({ code, message });

export function createTencent({ seed, now, newRequestId }) {
  const keys = new Map([[seed.credentials.tencent.secretId, seed.credentials.tencent.secretKey]]);
  const deals = seed.tencent.deals.map(renderDeal);
  const syncedOrders = [];
  const reminders = []; // the latest MAX_RECORDS
  let remindersSent = 0;
  // Usage plans meter the Cloud Market's API products (电子签章, 短信通知), not servers.
  const metered = deals.filter((d) => d.GoodsName.startsWith("云市场"));
  const plans = new Map(metered.flatMap((d) => d.ResourceIds.map((id) => [id, usagePlan(d)])));
  // The V2 listings count their 15 days back from the newest deal (ms, Beijing time).
  const booksClose = Math.max(...deals.map((d) => beijing(d.CreatTime)));
  const customers = new Set(deals.map((d) => d.OwnerUin));
  const bills = deals.filter((d) => ["2", "4", "6", "13"].includes(d.Status)).map(renderBill);
  const recentCalls = new Map(); // `${secretId} ${action}` → timestamps (ms) within the last second

  const answer = (Response) => ({ status: 200, headers: { "content-type": "application/json" }, json: { Response } });
  const fail = (requestId, { code, message }) => answer({ Error: { Code: code, Message: message }, RequestId: requestId });

  function authenticate(req, action) {
    if (!req.headers.authorization) return problem("AuthFailure.InvalidAuthorization", "Authorization header is missing.");
    const result = verifyTc3(req, (id) => keys.get(id), { nowSeconds: Math.floor(now() / 1000) });
    switch (result.reason) {
      case "ok":
        break;
      case "expired":
        return problem("AuthFailure.SignatureExpire", "Signature expired. Timestamp and server time differ by more than 5 minutes.");
      case "unknown SecretId":
        return problem("AuthFailure.SecretIdNotFound", "The SecretId is not found, please ensure that your SecretId is correct.");
      case "signature mismatch":
        return problem("AuthFailure.SignatureFailure", "The provided credentials could not be validated. Please check your signature is correct.");
      default:
        return problem("AuthFailure.InvalidAuthorization", `Authorization is invalid: ${result.reason}.`);
    }
    if (result.auth.service !== action.service) {
      return problem("AuthFailure.SignatureFailure", `The credential scope names service ${result.auth.service}, but this action belongs to ${action.service}.`);
    }
    return { secretId: result.auth.secretId };
  }

  function rateLimited(secretId, actionName) {
    const key = `${secretId} ${actionName}`;
    const t = now();
    const calls = (recentCalls.get(key) ?? []).filter((at) => at > t - 1000);
    calls.push(t);
    recentCalls.set(key, calls);
    return calls.length > RATE_LIMIT_PER_SECOND
      ? problem("RequestLimitExceeded", `Your current request times equals to \`${calls.length}\` in a second, which exceeds the frequency limit \`${RATE_LIMIT_PER_SECOND}\` for a second. Please reduce the frequency of calls.`)
      : null;
  }

  function describeAgentDealsByCache(p) {
    const bad = checkDealQuery(p);
    if (bad) return { error: bad };
    let rows = deals.filter((d) => selected(d, p) &&
      (p.PayerMode === undefined || Number(d.PayerMode) === p.PayerMode) &&
      (!p.CreatTimeRangeStart || d.CreatTime >= p.CreatTimeRangeStart));
    rows = p.Order ? rows : [...rows].reverse(); // 0 (default): newest first; any other: oldest first
    return { ok: { AgentDealSet: rows.slice(p.Offset, p.Offset + p.Limit), TotalCount: rows.length } };
  }

  function syncUserAndOrderInfo(p) {
    const order = p?.OrderInfo;
    if (typeof p?.UserInfo?.PaidCorpId !== "string" || typeof order?.OrderId !== "string") {
      return { error: problem("MissingParameter", "UserInfo.PaidCorpId and OrderInfo.OrderId are required.") };
    }
    const known = syncedOrders.find((o) => o.OrderId === order.OrderId);
    if (known && known.PaidCorpId !== p.UserInfo.PaidCorpId) {
      // A business failure: HTTP 200, no Response.Error, and Info.Code other than "0".
      return { ok: { Info: { Code: "FailedOperation", Message: `订单 ${order.OrderId} 已同步到其他企业` }, Details: null } };
    }
    if (!known) {
      syncedOrders.push({ ...order, PaidCorpId: p.UserInfo.PaidCorpId, MarketOrderId: String(10001 + syncedOrders.length) });
    }
    const mine = syncedOrders.filter((o) => o.PaidCorpId === p.UserInfo.PaidCorpId);
    return {
      ok: {
        Info: { Code: "0", Message: "success" }, // the SDK: "0 success"
        Details: { TotalCount: mine.length, OwnerUin: MARKET_OWNER_UIN, MarketOrders: mine.map((o) => o.MarketOrderId) },
      },
    };
  }

  function getUsagePlanUsageAmount(p) {
    if (typeof p.InstanceId !== "string" || p.InstanceId === "") {
      return { error: problem("InvalidParameter", "参数错误。InstanceId is required.") };
    }
    const plan = plans.get(p.InstanceId);
    return plan ? { ok: plan } : { error: problem("ResourceNotFound", `资源不存在。No instance ${p.InstanceId}.`) };
  }

  function flowProductRemind(p) {
    const fields = ["ProviderUin", "SignId", "ResourceId", "TotalFlow", "LeftFlow", "FlowUnit"];
    const missing = fields.find((f) => typeof p[f] !== "string" || p[f] === "");
    if (missing) return { error: problem("MissingParameter", `The request is missing a required parameter \`${missing}\`.`) };
    const FlowId = `flow-${String(++remindersSent).padStart(6, "0")}`;
    reminders.push({ ...Object.fromEntries(fields.map((f) => [f, p[f]])), FlowId });
    if (reminders.length > MAX_RECORDS) reminders.shift();
    return { ok: { Success: "true", FlowId, Info: "已经发送完成信息" } };
  }

  /** A V2 listing: the deals of `payerMode` ("0" self, "1" agent) that the query selects. */
  function listV2(p, payerMode) {
    const bad = checkDealQuery(p, MAX_LIMIT_V2);
    if (bad) return { error: bad };
    const start = p.CreatTimeRangeStart ? beijing(p.CreatTimeRangeStart) : booksClose - V2_WINDOW_MS;
    if (Number.isNaN(start)) return { error: problem("InvalidParameterValue", "CreatTimeRangeStart is not a date.") };
    if (start < booksClose - V2_WINDOW_MS) {
      return { error: problem("InvalidParameter", "参数错误。CreatTimeRangeStart must be within the last 15 days.") };
    }
    let rows = deals.filter((d) => selected(d, p) &&
      d.PayerMode === payerMode && beijing(d.CreatTime) >= start &&
      (p.OwnerUin === undefined || d.OwnerUin === p.OwnerUin));
    rows = p.Order ? rows : [...rows].reverse();
    return { ok: { AgentPayDealSet: rows.slice(p.Offset, p.Offset + p.Limit), TotalCount: rows.length } };
  }

  function describeAgentSelfPayDealsV2(p) {
    if (typeof p.OwnerUin !== "string" || p.OwnerUin === "") {
      return { error: problem("MissingParameter", "The request is missing a required parameter `OwnerUin`.") };
    }
    return listV2(p, "0");
  }

  function describeAgentDealsPriceDetailByDealName(p) {
    if (!Number.isInteger(p.DealCreatYear)) return { error: problem("MissingParameter", "The request is missing a required parameter `DealCreatYear`.") };
    if (!Array.isArray(p.DealNames) || p.DealNames.length === 0 || p.DealNames.length > 100 || !p.DealNames.every((n) => typeof n === "string")) {
      return { error: problem("InvalidParameter", "参数错误。DealNames must list 1 to 100 sub-order numbers.") };
    }
    // Unknown deals, or deals of another year or customer, are left out: not an error.
    const DealList = deals
      .filter((d) => p.DealNames.includes(d.DealName) && d.CreatTime.startsWith(`${p.DealCreatYear}-`) && (p.OwnerUin === undefined || d.OwnerUin === p.OwnerUin))
      .map(priceDetail);
    return { ok: { DealList } };
  }

  function describeClientBalanceNew(p) {
    if (typeof p.ClientUin !== "string" || p.ClientUin === "") {
      return { error: problem("MissingParameter", "The request is missing a required parameter `ClientUin`.") };
    }
    if (!customers.has(p.ClientUin)) return { error: problem("UnauthorizedOperation", `未授权操作。${p.ClientUin} is not a customer of this partner.`) };
    return { ok: balance(p.ClientUin) };
  }

  function describeAgentBills(p) {
    if (typeof p.SettleMonth !== "string" || !/^\d{4}-(0[1-9]|1[0-2])$/.test(p.SettleMonth)) {
      return { error: problem("InvalidParameter", "参数错误。SettleMonth must be YYYY-MM.") };
    }
    const rows = bills.filter((b) =>
      b.SettleMonth === p.SettleMonth &&
      (p.ClientUin === undefined || b.ClientUin === p.ClientUin) &&
      (p.PayMode === undefined || b.PayMode === p.PayMode) &&
      (p.OrderId === undefined || b.OrderId === p.OrderId) &&
      (p.ClientRemark === undefined || b.ClientRemark === p.ClientRemark));
    // Tencent documents no default Limit: the sandbox gives every row when none is asked for.
    for (const key of ["Offset", "Limit"]) {
      if (p[key] !== undefined && !(Number.isInteger(p[key]) && p[key] >= 0)) return { error: problem("InvalidParameterValue", `${key} must be an integer ≥ 0.`) };
    }
    const offset = p.Offset ?? 0;
    const limit = p.Limit ?? rows.length;
    return { ok: { TotalCount: rows.length, AgentBillSet: rows.slice(offset, offset + limit) } };
  }

  const HANDLERS = {
    DescribeAgentDealsByCache: describeAgentDealsByCache, SyncUserAndOrderInfo: syncUserAndOrderInfo, GetUsagePlanUsageAmount: getUsagePlanUsageAmount, FlowProductRemind: flowProductRemind,
    DescribeAgentSelfPayDealsV2: describeAgentSelfPayDealsV2, DescribeAgentPayDealsV2: (p) => listV2(p, "1"),
    DescribeAgentDealsPriceDetailByDealName: describeAgentDealsPriceDetailByDealName, DescribeClientBalanceNew: describeClientBalanceNew, DescribeAgentBills: describeAgentBills,
  };

  return {
    vendor: "tencent",
    syncedOrders,
    reminders,
    operation(req) {
      return req.method === "POST" && req.path === "/" && req.headers["x-tc-action"] ? req.headers["x-tc-action"] : null;
    },
    handle(req, operation) {
      const requestId = newRequestId();
      const action = Object.hasOwn(ACTIONS, operation) ? ACTIONS[operation] : undefined;
      if (!action) return fail(requestId, problem("InvalidAction", `The action ${operation} is not found in the sandbox.`));
      if (req.headers["x-tc-version"] !== action.version) {
        return fail(requestId, problem("NoSuchVersion", `The version ${req.headers["x-tc-version"]} of ${operation} does not exist; use ${action.version}.`));
      }
      const auth = authenticate(req, action);
      if (auth.code) return fail(requestId, auth);
      const limited = rateLimited(auth.secretId, operation);
      if (limited) return fail(requestId, limited);
      let params;
      try {
        params = JSON.parse(req.body || "{}");
      } catch {
        return fail(requestId, problem("InvalidParameter", "The request body is not valid JSON."));
      }
      if (params === null || typeof params !== "object" || Array.isArray(params)) {
        return fail(requestId, problem("InvalidParameter", "The request body must be a JSON object."));
      }
      const result = HANDLERS[operation](params);
      return result.error ? fail(requestId, result.error) : answer({ ...result.ok, RequestId: requestId });
    },
    corrupt(operation, json) {
      const R = json.Response;
      if (operation === "DescribeClientBalanceNew") {
        R.Balance = String(R.Balance);
        return "$.Response.Balance";
      }
      if (R?.AgentBillSet?.length) {
        R.AgentBillSet[0].Amt = String(R.AgentBillSet[0].Amt / 100);
        return "$.Response.AgentBillSet[0].Amt";
      }
      if (R?.AgentPayDealSet?.length) {
        R.AgentPayDealSet[0].Status = Number(R.AgentPayDealSet[0].Status);
        return "$.Response.AgentPayDealSet[0].Status";
      }
      if (R?.DealList?.length) {
        R.DealList[0].SubProductPriceDetail[0].TotalCost = String(R.DealList[0].SubProductPriceDetail[0].TotalCost);
        return "$.Response.DealList[0].SubProductPriceDetail[0].TotalCost";
      }
      if (operation === "GetUsagePlanUsageAmount") {
        json.Response.MaxRequestNum = String(json.Response.MaxRequestNum);
        return "$.Response.MaxRequestNum";
      }
      if (operation === "FlowProductRemind") {
        json.Response.Success = json.Response.Success === "true";
        return "$.Response.Success";
      }
      const set = json.Response?.AgentDealSet;
      if (set?.length) {
        set[0].GoodsPrice.RealTotalCost = String(set[0].GoodsPrice.RealTotalCost / 100);
        return "$.Response.AgentDealSet[0].GoodsPrice.RealTotalCost";
      }
      if (json.Response?.Details) {
        json.Response.Details.TotalCount = String(json.Response.Details.TotalCount);
        return "$.Response.Details.TotalCount";
      }
      json.Response.TotalCount = String(json.Response.TotalCount);
      return "$.Response.TotalCount";
    },
  };
}

/** Checks the documented rules of a deal listing's input (`Limit` ≤ `maxLimit`), as the server would. */
function checkDealQuery(p, maxLimit = MAX_LIMIT) {
  const integer = (v) => Number.isInteger(v) && v >= 0;
  if (!integer(p.Offset)) return problem("MissingParameter", "The request is missing a required parameter `Offset`.");
  if (!integer(p.Limit)) return problem("MissingParameter", "The request is missing a required parameter `Limit`.");
  if (p.Limit < 1 || p.Limit > maxLimit) return problem("InvalidParameterValue", `Limit must be between 1 and ${maxLimit}; got ${p.Limit}.`);
  for (const key of ["CreatTimeRangeStart", "CreatTimeRangeEnd"]) {
    if (p[key] !== undefined && !/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/.test(p[key])) {
      return problem("InvalidParameterValue", `${key} must be YYYY-MM-DD HH:mm:ss.`);
    }
  }
  for (const key of ["OwnerUins", "DealNames", "BigDealIds"]) {
    if (p[key] !== undefined && !(Array.isArray(p[key]) && p[key].every((x) => typeof x === "string"))) {
      return problem("InvalidParameter", `${key} must be a list of strings.`);
    }
  }
  return null;
}

/**
 * The usage plan of a paid deal's instance: 1,000 calls per item bought, of which a share
 * fixed by the deal's id is used (one in six is used up, one nearly).
 */
function usagePlan(deal) {
  const max = Number(deal.GoodsNum) * 1000;
  const share = [0, 0.35, 0.6, 0.5, 0.97, 1][Number(deal.DealId) % 6];
  const used = Math.round(max * share);
  return { MaxRequestNum: max, InUseRequestNum: used, RemainingRequestNum: max - used };
}

/** A seeded deal (only the facts) as Tencent's AgentDealNewElem. */
function renderDeal(d) {
  const created = d.CreatTime;
  const later = (minutes) => {
    const t = new Date(`${created.replace(" ", "T")}+08:00`).getTime() + minutes * 60_000;
    return new Date(t + 8 * 3600_000).toISOString().replace("T", " ").slice(0, 19);
  };
  const paid = ![1, 7].includes(d.Status);
  return {
    DealId: d.DealId, DealName: d.DealName, BigDealId: d.BigDealId, GoodsCategoryId: d.GoodsCategoryId,
    OwnerUin: d.OwnerUin, AppId: `25${d.OwnerUin.slice(-8)}`, GoodsNum: String(d.GoodsNum),
    GoodsPrice: { RealTotalCost: d.RealTotalCost, OriginalTotalCost: d.OriginalTotalCost },
    ProductInfo: [{ Name: d.GoodsName, Value: d.SubGoodsName }],
    Creater: d.OwnerUin, CreatTime: created, UpdateTime: later(3), PaymentMethod: "按年:年",
    Payer: d.PayerMode === 1 ? AGENT_UIN : d.OwnerUin, BillId: paid ? d.DealName : "",
    PayEndTime: paid ? later(2) : "0000-00-00 00:00:00", Status: String(d.Status), VoucherDecline: "0",
    PayerMode: String(d.PayerMode), GoodsName: d.GoodsName, SubGoodsName: d.SubGoodsName, ClientRemark: "",
    ClientType: d.ClientType, ProjectType: "platform", SalesUin: "0", DealStatus: d.DealStatus,
    ActionType: d.ActionType, ActivityId: "0", OverdueTime: later(15 * 24 * 60), ResourceIds: paid ? [`ins-${d.DealId}`] : [],
    RefundMap: d.ActionType === "refund" ? [{ DealName: d.BigDealId, RefundAmount: -d.RealTotalCost }] : [],
  };
}

/** Whether deal `d` is among those query `p` selects by status, owners, ids and end time (every listing's filters). */
function selected(d, p) {
  return (p.Status === undefined || Number(d.Status) === p.Status) &&
    (!p.OwnerUins?.length || p.OwnerUins.includes(d.OwnerUin)) &&
    (!p.DealNames?.length || p.DealNames.includes(d.DealName)) &&
    (!p.BigDealIds?.length || p.BigDealIds.includes(d.BigDealId)) &&
    (!p.CreatTimeRangeEnd || d.CreatTime <= p.CreatTimeRangeEnd);
}

/** `YYYY-MM-DD HH:mm:ss` in Beijing time, as ms since the epoch. */
const beijing = (text) => new Date(`${text.replace(" ", "T")}+08:00`).getTime();

/** A deal's price detail: one sub-product, its discount the ratio of what was paid. */
function priceDetail(d) {
  const { RealTotalCost, OriginalTotalCost } = d.GoodsPrice;
  const DiscountValue = OriginalTotalCost ? Math.round((RealTotalCost / OriginalTotalCost) * 1000) / 10 : 100;
  return { DealName: d.DealName, OwnerUin: d.OwnerUin, SubProductPriceDetail: [{ Name: d.SubGoodsName, DiscountValue, TotalCost: OriginalTotalCost, RealTotalCost }] };
}

/**
 * A customer's balance in 分, fixed by its UIN: one customer in five has nothing left, one in
 * five owes (a negative balance), the others have up to ¥5,000.
 */
function balance(uin) {
  const n = Number(uin.slice(-6));
  if (n % 5 === 0) return { Balance: 0, Cash: 0 };
  if (n % 5 === 1) return { Balance: -((n % 97) + 1) * 1_000, Cash: 0 };
  const Cash = (n * 7919) % 500_000;
  return { Balance: Cash + (n % 5 === 2 ? 20_000 : 0), Cash }; // some of it a gift
}

/** The payment of a paid deal (rendered), as Tencent's AgentBillElem: prepaid, in its month. */
function renderBill(d) {
  return {
    Uin: AGENT_UIN, OrderId: d.DealName, ClientUin: d.OwnerUin, ClientRemark: d.ClientRemark, PayTime: d.PayEndTime,
    GoodsType: d.GoodsName, PayMode: "prepay", SettleMonth: d.PayEndTime.slice(0, 7), Amt: d.GoodsPrice.RealTotalCost,
    PayerMode: d.PayerMode === "1" ? "agentpay" : "selfpay", ClientType: d.ClientType, ProjectType: d.ProjectType, ActivityId: d.ActivityId,
  };
}
