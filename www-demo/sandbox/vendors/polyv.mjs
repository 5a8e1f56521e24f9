// Polyv live v4 as the sandbox plays it: GET /live/v4/group/user/package-validity/list pages
// the seeded sub-accounts (pageSize ≤ 50, filtered by `emails`). `sign` is verified by
// ../verify/polyv.mjs within 3 minutes of `timestamp`. Errors use the v4 envelope
// `{code, status: "error", success: false, requestId, error: {code, desc}, data: null}` with
// the messages Polyv documents ("invalid signature.", "invalid timestamp.",
// "application not found."). Like Polyv, each sub-account carries its own appSecret.
import { verifyPolyv } from "../verify/polyv.mjs";

export const LIST_PATH = "/live/v4/group/user/package-validity/list";
const MAX_PAGE_SIZE = 50;
const MAX_EMAILS = 100;

export function createPolyv({ seed, now, newRequestId }) {
  const secrets = new Map([[seed.credentials.polyv.appId, seed.credentials.polyv.appSecret]]);
  // `plan` is the provider's own record of what it sold, not part of Polyv's answer.
  const accounts = seed.polyv.accounts.map(({ plan, ...account }, i) => ({
    ...account, appSecret: `sandbox-subaccount-secret-${String(i).padStart(4, "0")}`,
  }));

  const answer = (json) => ({ status: 200, headers: { "content-type": "application/json;charset=UTF-8" }, json });
  const fail = (requestId, code, desc) => answer({ code, status: "error", success: false, requestId, error: { code, desc }, data: null });

  return {
    vendor: "polyv",
    accounts,
    operation(req) {
      return req.path === LIST_PATH ? "listPackageValidity" : null;
    },
    handle(req) {
      const requestId = newRequestId().replaceAll("-", "");
      if (req.method !== "GET") return fail(requestId, 405, "method not allowed.");
      const q = req.query;
      if (!q.get("appId")) return fail(requestId, 400, "appId is required.");
      const verdict = verifyPolyv(req.url, (id) => secrets.get(id), { nowMs: now() });
      switch (verdict.reason) {
        case "ok":
          break;
        case "unknown appId":
          return fail(requestId, 400, "application not found.");
        case "signature mismatch":
          return fail(requestId, 403, "invalid signature.");
        default: // expired, or not a 13-digit millisecond timestamp
          return fail(requestId, 400, "invalid timestamp.");
      }
      const pageNumber = Number(q.get("pageNumber") ?? 1);
      const pageSize = Number(q.get("pageSize") ?? 10);
      if (!Number.isInteger(pageNumber) || pageNumber < 1) return fail(requestId, 400, "pageNumber must be an integer ≥ 1.");
      if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) return fail(requestId, 400, `pageSize must be 1..${MAX_PAGE_SIZE}.`);
      const emails = q.get("emails") ? q.get("emails").split(",") : [];
      if (emails.length > MAX_EMAILS) return fail(requestId, 400, `at most ${MAX_EMAILS} emails.`);
      const rows = accounts.filter((a) => emails.length === 0 || emails.includes(a.email));
      return answer({
        code: 200, status: "success", requestId, success: true,
        data: {
          pageNumber, pageSize, totalPages: Math.ceil(rows.length / pageSize), totalItems: rows.length,
          contents: rows.slice((pageNumber - 1) * pageSize, pageNumber * pageSize),
        },
      });
    },
    corrupt(operation, json) {
      const first = json.data?.contents?.[0];
      if (first?.minutes?.length) {
        first.minutes[0].available = String(first.minutes[0].available);
        return "$.data.contents[0].minutes[0].available";
      }
      json.data.totalItems = String(json.data.totalItems);
      return "$.data.totalItems";
    },
  };
}
