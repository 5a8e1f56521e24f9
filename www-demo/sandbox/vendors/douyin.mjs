// Douyin's open platform as the sandbox plays it: client_token (stable and plain), the four
// service-market operations on per-user purchases, and signed `service_market_order` webhooks.
//
// Tokens: the sandbox issues `clt.…` tokens that last 7200 s. `/oauth/stable_client_token/`
// returns the current token until it has under 5 minutes left; `/oauth/client_token/` issues
// a new one each time, keeps only the latest two valid (the older for 5 more minutes) and
// allows 500 calls per 5 minutes (then error 10020), as Douyin documents. Market calls need
// `access-token`: a missing or unknown token is 2190002 and an expired one 2190008 (Douyin's
// status-code table). Douyin publishes no per-endpoint market codes (vendors.md §1.2), so the
// business errors use sandbox codes, listed in MARKET_ERRORS.
import { createHash, randomBytes } from "node:crypto";

const TOKEN_TTL_MS = 7200_000;
const TOKEN_GRACE_MS = 300_000;
const PLAIN_TOKEN_LIMIT = 500;

/** Business errors the sandbox answers market calls with (its own codes; see above). */
export const MARKET_ERRORS = {
  badParameter: [10002, "参数错误"],
  tokenInvalid: [2190002, "access_token无效"],
  tokenExpired: [2190008, "access_token过期,请刷新或重新授权"],
  insufficient: [40001, "剩余次数不足"],
  notFound: [40004, "未找到订购关系"],
  outTradeNoReused: [40009, "out_trade_no 已用于不同的参数"],
};
/** Milliseconds per `period_type` of insertPurchaseInfo (1 day, 2 month, 3 year): a sandbox assumption. */
const PERIOD_MS = { 1: 86_400_000, 2: 30 * 86_400_000, 3: 365 * 86_400_000 };

export function createDouyin({ seed, now, newRequestId }) {
  const { clientKey, clientSecret } = seed.credentials.douyin;
  const services = new Map(seed.douyin.services.map((s) => [s.service_id, s]));
  const purchases = seed.douyin.purchases.map((p) => ({ ...p }));
  const tokens = new Map(); // token → expiresAt (ms)
  let stable = null; // { token, expiresAt }
  let plainCalls = []; // timestamps of /oauth/client_token/ calls
  const deductions = new Map(); // out_trade_no → the parameters it was first used with

  const json = (body) => ({ status: 200, headers: { "content-type": "application/json" }, json: body });
  const extra = (code, description) => ({ error_code: code, description, sub_error_code: 0, sub_description: "", logid: newRequestId().replaceAll("-", "").toUpperCase(), now: now() });
  const marketOk = (data = {}) => json({ data: { error_code: 0, description: "", ...data }, extra: extra(0, "") });
  const marketFail = ([code, description], detail) => json({
    data: { error_code: code, description: detail ? `${description}: ${detail}` : description },
    extra: extra(code, description),
  });
  const tokenFail = (code, description) => json({ data: { description, error_code: code }, message: "error" });

  function issueToken() {
    const token = `clt.${randomBytes(20).toString("hex")}${randomBytes(8).toString("base64url")}`;
    const expiresAt = now() + TOKEN_TTL_MS;
    tokens.set(token, expiresAt);
    return { token, expiresAt };
  }

  function clientToken(req, operation) {
    let p;
    try {
      p = JSON.parse(req.body || "{}");
    } catch {
      return tokenFail(10002, "参数错误: body is not JSON");
    }
    if (p === null || typeof p !== "object") return tokenFail(10002, "参数错误: body is not an object");
    if (p.grant_type !== "client_credential" || typeof p.client_key !== "string" || typeof p.client_secret !== "string") {
      return tokenFail(10002, "参数错误");
    }
    if (p.client_key !== clientKey) return tokenFail(10003, "client_key 不存在");
    if (p.client_secret !== clientSecret) return tokenFail(10013, "client_key or client_secret error");
    let issued;
    if (operation === "stableClientToken") {
      if (!stable || stable.expiresAt - now() < TOKEN_GRACE_MS) stable = issueToken();
      issued = stable;
    } else {
      plainCalls = plainCalls.filter((t) => t > now() - 300_000);
      if (plainCalls.length >= PLAIN_TOKEN_LIMIT) return tokenFail(10020, "请求太频繁,请稍后再试");
      plainCalls.push(now());
      // Older plain tokens: only the newest stays fully valid; the one before gets 5 minutes.
      for (const [token, expiresAt] of tokens) {
        if (token !== stable?.token) tokens.set(token, Math.min(expiresAt, now() + TOKEN_GRACE_MS));
      }
      issued = issueToken();
    }
    return json({
      data: { access_token: issued.token, description: "", error_code: 0, expires_in: Math.floor((issued.expiresAt - now()) / 1000) },
      message: "success",
    });
  }

  function tokenProblem(req) {
    const token = req.headers["access-token"];
    const expiresAt = token ? tokens.get(token) : undefined;
    if (expiresAt === undefined) return MARKET_ERRORS.tokenInvalid;
    if (expiresAt <= now()) return MARKET_ERRORS.tokenExpired;
    return null;
  }

  const render = (p) => {
    const service = services.get(p.service_id);
    const mode = service?.modes.find((m) => m.service_mode_id === p.service_mode_id);
    return {
      service_id: p.service_id, service_name: service?.service_name ?? "", service_status: 1,
      specification_type: mode?.specification_type ?? 2, specification_title: mode?.specification_title ?? p.service_mode_id,
      service_mode_id: p.service_mode_id,
      ...(p.remain_service_times !== undefined && { remain_service_times: p.remain_service_times }),
      ...(p.effective_time !== undefined && { effective_time: p.effective_time, expire_time: p.expire_time }),
    };
  };
  const str = (v) => typeof v === "string" && v.length > 0;

  const market = {
    getUserServicePurchaseList(req) {
      const open_id = req.query.get("open_id");
      const service_id = req.query.get("service_id");
      if (!str(open_id) || !str(service_id)) return marketFail(MARKET_ERRORS.badParameter, "open_id and service_id are required");
      const rows = purchases.filter((p) => p.open_id === open_id && p.service_id === service_id);
      return marketOk({ purchase_info_list: rows.map(render) });
    },
    decrUserRemainTimes(req, p) {
      if (!str(p.open_id) || !str(p.service_id) || !str(p.service_mode_id) || !str(p.out_trade_no) || !(Number.isInteger(p.count) && p.count > 0)) {
        return marketFail(MARKET_ERRORS.badParameter, "open_id, service_id, service_mode_id, out_trade_no and count > 0 are required");
      }
      const key = JSON.stringify([p.open_id, p.service_id, p.service_mode_id, p.count]);
      const earlier = deductions.get(p.out_trade_no);
      if (earlier !== undefined) return earlier === key ? marketOk() : marketFail(MARKET_ERRORS.outTradeNoReused, p.out_trade_no);
      const row = purchases.find((r) => r.open_id === p.open_id && r.service_id === p.service_id && r.service_mode_id === p.service_mode_id && r.remain_service_times !== undefined);
      if (!row) return marketFail(MARKET_ERRORS.notFound);
      if (row.remain_service_times < p.count) return marketFail(MARKET_ERRORS.insufficient, `${row.remain_service_times} left`);
      if (!p.is_test_env) row.remain_service_times -= p.count;
      deductions.set(p.out_trade_no, key);
      return marketOk();
    },
    insertPurchaseInfo(req, p) {
      const counted = Number.isInteger(p.usage_times) && p.usage_times > 0;
      const timed = Number.isInteger(p.duration) && p.duration > 0 && PERIOD_MS[p.period_type];
      if (!str(p.open_id) || !str(p.service_id) || !str(p.service_mode_id) || !str(p.out_trade_no) || !Number.isInteger(p.purchase_time) || !(counted || timed)) {
        return marketFail(MARKET_ERRORS.badParameter, "open_id, service_id, service_mode_id, out_trade_no, purchase_time and usage_times or duration are required");
      }
      if (!purchases.some((r) => r.out_trade_no === p.out_trade_no)) {
        purchases.push({
          open_id: p.open_id, service_id: p.service_id, service_mode_id: p.service_mode_id, out_trade_no: p.out_trade_no,
          ...(counted ? { remain_service_times: p.usage_times } : { effective_time: p.purchase_time, expire_time: p.purchase_time + p.duration * PERIOD_MS[p.period_type] }),
        });
      }
      return marketOk();
    },
    deletePurchaseInfo(req, p) {
      if (!str(p.out_trade_no)) return marketFail(MARKET_ERRORS.badParameter, "out_trade_no is required");
      const i = purchases.findIndex((r) => r.out_trade_no === p.out_trade_no && r.open_id === p.open_id && r.service_id === p.service_id && r.service_mode_id === p.service_mode_id);
      if (i < 0) return marketFail(MARKET_ERRORS.notFound);
      purchases.splice(i, 1);
      return marketOk();
    },
  };
  const ROUTES = {
    "POST /oauth/client_token/": "clientToken",
    "POST /oauth/stable_client_token/": "stableClientToken",
    "GET /market/service/user/purchase/list/": "getUserServicePurchaseList",
    "POST /market/service/user/remaintimes/decr/": "decrUserRemainTimes",
    "POST /market/service/user/insert/purchase/info/": "insertPurchaseInfo",
    "POST /market/service/user/delete/purchase/info/": "deletePurchaseInfo",
  };

  return {
    vendor: "douyin",
    purchases,
    clientKey,
    operation(req) {
      return ROUTES[`${req.method} ${req.path}`] ?? null;
    },
    handle(req, operation) {
      if (operation === "clientToken" || operation === "stableClientToken") return clientToken(req, operation);
      const denied = tokenProblem(req);
      if (denied) return marketFail(denied);
      let body = {};
      if (req.method === "POST") {
        try {
          body = JSON.parse(req.body);
        } catch {
          return marketFail(MARKET_ERRORS.badParameter, "body is not JSON");
        }
        if (typeof body !== "object" || body === null) return marketFail(MARKET_ERRORS.badParameter, "body is not an object");
      }
      return market[operation](req, body);
    },
    corrupt(operation, json) {
      if (json.data?.purchase_info_list?.length) {
        json.data.purchase_info_list[0].service_status = String(json.data.purchase_info_list[0].service_status);
        return "$.data.purchase_info_list[0].service_status";
      }
      if (json.data?.expires_in !== undefined) {
        json.data.expires_in = String(json.data.expires_in);
        return "$.data.expires_in";
      }
      json.data.description = 0;
      return "$.data.description";
    },
    /** The body and headers of a signed webhook delivery, as Douyin sends them. */
    signedWebhook(envelope) {
      const body = JSON.stringify(envelope);
      const signature = createHash("sha1").update(clientSecret).update(body).digest("hex");
      return { body, headers: { "content-type": "application/json", "x-douyin-signature": signature, "msg-id": newRequestId() } };
    },
    /** A `service_market_order` event for a purchase row, with `content` as a JSON string. */
    orderEvent({ open_id, service_mode_id, order_event = 1, order_id = `${now()}${Math.floor(Math.random() * 1e6)}` }) {
      const row = purchases.find((p) => p.open_id === open_id && (!service_mode_id || p.service_mode_id === service_mode_id));
      const snapshot = row ? { order_id, ...render(row) } : { order_id, service_mode_id };
      return {
        event: "service_market_order", client_key: clientKey, from_user_id: open_id,
        content: JSON.stringify({ order_id, order_event, order_snapshot: snapshot }),
      };
    },
  };
}
