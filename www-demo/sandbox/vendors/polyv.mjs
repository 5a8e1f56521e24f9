// Polyv live v4 as the sandbox plays it: GET /live/v4/group/user/package-validity/list pages
// the seeded sub-accounts (pageSize ≤ 50, filtered by `emails`). `sign` is verified by
// ../verify/polyv.mjs within 3 minutes of `timestamp`. Errors use the v4 envelope
// `{code, status: "error", success: false, requestId, error: {code, desc}, data: null}` with
// the messages Polyv documents ("invalid signature.", "invalid timestamp.",
// "application not found."). Like Polyv, each sub-account carries its own appSecret.
// GET /live/v4/group/user/package/list pages the same sub-accounts as the group's list, with
// what each has left (remainMinutes, remainFlow in G, …) and its VOD keys (pageSize ≤ 100).
// POST /live/v4/group/user/create takes a JSON body that is not signed (only the URL's appId
// and timestamp are) and creates a sub-account that shows in the lists 1.5 s later, as Polyv's
// creation is asynchronous; an e-mail already taken is refused (the sandbox's choice: Polyv
// documents no such error), and so is a phone that holds three e-mails.
import { verifyPolyv } from "../verify/polyv.mjs";

export const LIST_PATH = "/live/v4/group/user/package-validity/list";
export const SUB_ACCOUNTS_PATH = "/live/v4/group/user/package/list";
export const CREATE_PATH = "/live/v4/group/user/create";
const MAX_PAGE_SIZE = 50;
const MAX_SUB_ACCOUNTS_PAGE_SIZE = 100;
const CREATION_DELAY_MS = 1_500;
const GIB = 2 ** 30;
const PATHS = { [LIST_PATH]: "listPackageValidity", [SUB_ACCOUNTS_PATH]: "listSubAccounts", [CREATE_PATH]: "createSubAccount" };
const MAX_EMAILS = 100;

export function createPolyv({ seed, now, newRequestId }) {
  const secrets = new Map([[seed.credentials.polyv.appId, seed.credentials.polyv.appSecret]]);
  // `plan` is the provider's own record of what it sold, not part of Polyv's answer.
  const accounts = seed.polyv.accounts.map(({ plan, ...account }, i) => ({
    ...account, appSecret: `sandbox-subaccount-secret-${String(i).padStart(4, "0")}`,
  }));

  const created = []; // { account, visibleAt }

  const answer = (json) => ({ status: 200, headers: { "content-type": "application/json;charset=UTF-8" }, json });
  const fail = (requestId, code, desc) => answer({ code, status: "error", success: false, requestId, error: { code, desc }, data: null });

  function create(requestId, text) {
    let body;
    try {
      body = JSON.parse(text || "");
    } catch {
      return fail(requestId, 400, "json format error");
    }
    const missing = ["email", "password", "contacts", "phone"].find((k) => typeof body?.[k] !== "string" || body[k] === "");
    if (missing) return fail(requestId, 400, `param should not be empty: ${missing}`);
    if (!Number.isInteger(body.maxChannels) || body.maxChannels < 0) return fail(requestId, 400, "param is not digit: maxChannels");
    if (!/^(?=.*\d)(?=.*[A-Za-z]).{8,32}$/.test(body.password)) return fail(requestId, 400, "param length is incorrect: password");
    const all = [...accounts, ...created.map((c) => c.account)];
    if (all.some((a) => a.email === body.email)) return fail(requestId, 400, "email already exists.");
    if (all.filter((a) => a.phone === body.phone).length >= 3) return fail(requestId, 400, "手机号不能绑定超过3个邮箱");
    const n = 6_900_000_000 + created.length;
    const account = {
      userId: String(n), appId: `gs${String(n).slice(-8)}`, email: body.email, balance: String(body.balance ?? 0), phone: body.phone, memo: body.memo ?? "",
      contacts: body.contacts, chargeType: "minutes", concurrent: [], minutes: [], flow: [], space: [], expireType: body.expireType ?? "group", expireDate: null,
      status: "normal", linkMicMinutes: 0, guideMinutes: 0, maxChannels: body.maxChannels, linkMicLimit: 0,
      appSecret: `sandbox-created-secret-${String(created.length).padStart(4, "0")}`,
    };
    // What it was given, in the package list's units (G: the page's default 100 each).
    const remains = { remainMinutes: body.minutes ?? 0, remainConcurrent: body.concurrent ?? 0, remainFlow: body.remainFlow ?? 100, remainSpace: body.remainSpace ?? 100 };
    created.push({ account, remains, visibleAt: now() + CREATION_DELAY_MS });
    return answer({ code: 200, status: "success", success: true, requestId, data: { appId: account.appId, appSecret: account.appSecret, userId: account.userId } });
  }

  return {
    vendor: "polyv",
    created,
    accounts,
    operation(req) {
      return Object.hasOwn(PATHS, req.path) ? PATHS[req.path] : null;
    },
    handle(req, operation) {
      const requestId = newRequestId().replaceAll("-", "");
      if (req.method !== (operation === "createSubAccount" ? "POST" : "GET")) return fail(requestId, 405, "method not allowed.");
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
      if (operation === "createSubAccount") return create(requestId, req.body);
      const maxPageSize = operation === "listSubAccounts" ? MAX_SUB_ACCOUNTS_PAGE_SIZE : MAX_PAGE_SIZE;
      const pageNumber = Number(q.get("pageNumber") ?? 1);
      const pageSize = Number(q.get("pageSize") ?? 10);
      if (!Number.isInteger(pageNumber) || pageNumber < 1) return fail(requestId, 400, "pageNumber must be an integer ≥ 1.");
      if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > maxPageSize) return fail(requestId, 400, `pageSize must be 1..${maxPageSize}.`);
      const emails = q.get("emails") ? q.get("emails").split(",") : [];
      if (emails.length > MAX_EMAILS) return fail(requestId, 400, `at most ${MAX_EMAILS} emails.`);
      const visible = [...accounts.map((account) => ({ account })), ...created.filter((c) => c.visibleAt <= now())];
      const listed = visible.map(({ account, remains }) => operation === "listSubAccounts" ? withRemains(account, remains) : account);
      const rows = listed.filter((a) => emails.length === 0 || emails.includes(a.email));
      return answer({
        code: 200, status: "success", requestId, success: true,
        data: {
          pageNumber, pageSize, totalPages: Math.ceil(rows.length / pageSize), totalItems: rows.length,
          contents: rows.slice((pageNumber - 1) * pageSize, pageNumber * pageSize),
        },
      });
    },
    corrupt(operation, json) {
      if (operation === "createSubAccount" && json.data) {
        json.data.userId = Number(json.data.userId);
        return "$.data.userId";
      }
      const first = json.data?.contents?.[0];
      if (operation === "listSubAccounts" && first) {
        first.remainMinutes = String(first.remainMinutes);
        return "$.data.contents[0].remainMinutes";
      }
      if (first?.minutes?.length) {
        first.minutes[0].available = String(first.minutes[0].available);
        return "$.data.contents[0].minutes[0].available";
      }
      json.data.totalItems = String(json.data.totalItems);
      return "$.data.totalItems";
    },
  };
}

/**
 * A sub-account as the package list gives it: what is left of each resource (`remains`, or
 * the sum of its packages, flow and space in whole G), and its VOD keys.
 */
function withRemains({ concurrent, minutes, flow, space, ...account }, remains) {
  const sum = (list) => list.reduce((n, r) => n + r.available, 0);
  return {
    ...account,
    ...(remains ?? { remainConcurrent: sum(concurrent), remainMinutes: sum(minutes), remainFlow: Math.floor(sum(flow) / GIB), remainSpace: Math.floor(sum(space) / GIB) }),
    vodSecretKey: `sandbox-vod-secret-${account.userId}`, vodBakSecretKey: `sandbox-vod-bak-${account.userId}`,
    writeToken: `sandbox-write-token-${account.userId}`, readToken: `sandbox-read-token-${account.userId}`,
  };
}
