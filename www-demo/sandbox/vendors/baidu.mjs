// Baidu TMS as the sandbox plays it: POST /v1/tms/openapi/trademarks (the documented path;
// see the README's warning) lists the seeded resource packs, filtered and sorted. bce-auth-v1
// is verified by ../verify/bce.mjs within the request's expirationPeriodInSeconds; errors are
// BCE's `{requestId, code, message}` with the matching HTTP status and x-bce-request-id.
import { verifyBce } from "../verify/bce.mjs";

export const LIST_PATH = "/v1/tms/openapi/trademarks";
/**
 * The sandbox's stand-in for the listing's real path, once confirmed with Baidu: clients
 * that set `paths.listResourcePackages` to it are served the same listing, and quotakit may
 * retry them (it never retries the documented path, which is also order creation's).
 */
export const CONFIRMED_LIST_PATH = "/v1/tms/openapi/resourcepacks";
const STATUSES = ["NEED_PURCHASE", "CANCELED", "USING", "CONFIRMED", "FINISHED"];
const MAX_PAGE_SIZE = 1000;

export function createBaidu({ seed, now, newRequestId }) {
  const keys = new Map([[seed.credentials.baidu.accessKeyId, seed.credentials.baidu.secretAccessKey]]);
  const packs = seed.baidu.packs;

  const answer = (requestId, status, json) => ({
    status, headers: { "content-type": "application/json;charset=UTF-8", "x-bce-request-id": requestId }, json,
  });
  const fail = (requestId, status, code, message) => answer(requestId, status, { requestId, code, message });

  function authenticate(req) {
    if (!req.headers.authorization) return [403, "AccessDenied", "Access denied: the request carries no Authorization header."];
    const result = verifyBce(req, (ak) => keys.get(ak), { nowSeconds: Math.floor(now() / 1000) });
    switch (result.reason) {
      case "ok":
        return null;
      case "expired":
        return [400, "RequestExpired", "The request has expired: it arrived outside its expirationPeriodInSeconds."];
      case "unknown AccessKeyId":
        return [403, "InvalidAccessKeyId", "The Access Key ID you provided does not exist in our records."];
      case "signature mismatch":
        return [400, "SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided."];
      default:
        return [400, "InvalidHTTPAuthHeader", `The Authorization header is invalid: ${result.reason}.`];
    }
  }

  function list(p) {
    const bad = (message) => ({ error: [400, "InappropriateJSON", message] });
    const pageNo = p.pageNo ?? 1;
    const pageSize = p.pageSize ?? 10;
    if (!Number.isInteger(pageNo) || pageNo < 1) return bad("pageNo must be an integer ≥ 1.");
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) return bad(`pageSize must be 1..${MAX_PAGE_SIZE}.`);
    for (const key of ["status", "condition", "order", "orderBy"]) if (p[key] === "") delete p[key]; // the doc's example sends ""
    if (p.status !== undefined && !STATUSES.includes(p.status)) return bad(`status must be one of ${STATUSES.join(", ")}.`);
    if (p.condition !== undefined && p.condition !== "AVAILABLE") return bad("condition must be AVAILABLE.");
    if (p.order !== undefined && !["asc", "desc"].includes(p.order)) return bad("order must be asc or desc.");
    if (p.orderBy !== undefined && !["updateTime", "expireTime"].includes(p.orderBy)) return bad("orderBy must be updateTime or expireTime.");
    const nowIso = new Date(now()).toISOString();
    const available = (pack) => ["USING", "CONFIRMED"].includes(pack.status) && pack.countUsage < pack.count && pack.expireTime.slice(0, 19) > nowIso.slice(0, 19);
    const key = p.orderBy ?? "updateTime";
    const rows = packs
      .filter((pack) => (!p.status || pack.status === p.status) && (!p.condition || available(pack)))
      .sort((a, b) => (p.order === "asc" ? 1 : -1) * a[key].localeCompare(b[key]));
    return { ok: { data: rows.slice((pageNo - 1) * pageSize, pageNo * pageSize), pageNo, pageSize, totalCount: rows.length } };
  }

  return {
    vendor: "baidu",
    packs,
    operation(req) {
      return req.path === LIST_PATH || req.path === CONFIRMED_LIST_PATH ? "listResourcePackages" : null;
    },
    handle(req) {
      const requestId = newRequestId();
      if (req.method !== "POST") return fail(requestId, 405, "MethodNotAllowed", "The specified method is not allowed against this resource.");
      const denied = authenticate(req);
      if (denied) return fail(requestId, ...denied);
      let params;
      try {
        params = JSON.parse(req.body || "{}");
      } catch {
        return fail(requestId, 400, "MalformedJSON", "The JSON you provided was not well-formed.");
      }
      if (typeof params !== "object" || params === null || Array.isArray(params)) {
        return fail(requestId, 400, "MalformedJSON", "The body must be a JSON object.");
      }
      const result = list(params);
      return result.error ? fail(requestId, ...result.error) : answer(requestId, 200, result.ok);
    },
    corrupt(operation, json) {
      if (json.data?.length) {
        json.data[0].count = String(json.data[0].count);
        return "$.data[0].count";
      }
      json.totalCount = String(json.totalCount);
      return "$.totalCount";
    },
  };
}
