// The admin console's page. Vendor data comes from this console's own backend (/api/*),
// which holds the credentials; the signature inspector and the response validator run
// quotakit's WebAssembly right here in the browser, with keys the operator types in.
import init, { Baidu, Douyin, Polyv, TencentCloud } from "/quotakit/web.mjs";
import { SAMPLES, VECTORS } from "/samples.mjs";

const $ = (selector, root = document) => root.querySelector(selector);
const $$ = (selector, root = document) => [...root.querySelectorAll(selector)];
const esc = (value) => String(value ?? "").replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const fmt = new Intl.NumberFormat("en-US");
const money = new Intl.NumberFormat("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const GB = 1024 ** 3;
const gb = (bytes) => `${(bytes / GB).toFixed(1)} GB`;

// ---- plumbing: API calls, status lines, bars --------------------------------------------------

class ApiError extends Error {
  constructor(error) {
    super(error.message);
    this.detail = error;
  }
}

async function api(path, init) {
  const res = await fetch(path, init);
  const body = await res.json().catch(() => ({ error: { kind: "http", message: `HTTP ${res.status} from the console backend` } }));
  if (!res.ok || body.error) throw new ApiError(body.error ?? { kind: "http", message: `HTTP ${res.status}` });
  return body;
}

/** Shows a loading line, runs `work`, then an error line with the vendor's details or nothing. */
async function withStatus(view, message, work) {
  const status = $(".status", view);
  status.className = "status loading";
  status.textContent = message;
  view.setAttribute("aria-busy", "true");
  try {
    const result = await work();
    status.className = "status";
    status.textContent = "";
    return result;
  } catch (e) {
    status.className = "status error";
    status.textContent = describeError(e);
    return undefined;
  } finally {
    view.removeAttribute("aria-busy");
  }
}

function describeError(e) {
  // quotakit's messages already name the vendor, operation, code, path and request id.
  const d = e.detail ?? e;
  return `${d.message ?? String(e)}${d.retryable ? " — retryable: try again" : ""}`;
}

// The console's Content-Security-Policy forbids inline style attributes, so bars carry their
// width as data-used and get it through the CSSOM, which the policy allows.
new MutationObserver(() => {
  for (const span of document.querySelectorAll(".bar > span[data-used]")) {
    span.style.width = `${span.dataset.used}%`;
    delete span.dataset.used;
  }
}).observe(document.body, { childList: true, subtree: true });

/**
 * A bar `usedPct` % full with `label`, in `level` ("ok", "warn", "bad"). The level comes from
 * quotakit's alerts; the page judges nothing itself.
 */
function bar(usedPct, label, level = "ok") {
  if (!Number.isFinite(usedPct)) return `<span class="bar-label">${esc(label)}</span>`;
  const used = Math.max(0, Math.min(100, Math.round(usedPct)));
  return `<div class="bar ${level}" role="meter" aria-valuemin="0" aria-valuemax="100" aria-valuenow="${used}" title="${used}% used"><span data-used="${used}"></span></div>` +
    `<span class="bar-label ${level === "bad" ? "bad" : ""}">${esc(label)}</span>`;
}

/** The bar level of a `summarize()` row: its alerts, as colours. */
const alertLevel = (alerts) => (alerts.includes("low") || alerts.includes("exhausted") ? "bad" : alerts.includes("expiring") ? "warn" : "ok");

/** A `summarize()` row as a bar: used of granted, what is left, in the row's alert colour. */
function unitBar(u, format) {
  const label = u.remaining === null ? "—" : u.granted === null ? `${format(u.remaining)} left` : `${format(u.remaining)} of ${format(u.granted)} left`;
  return bar(u.granted > 0 && u.used !== null ? (100 * u.used) / u.granted : NaN, label, alertLevel(u.alerts));
}

/**
 * The UTC day of a time in ms. A Date holds ±8.64e15 ms and a vendor's number may go beyond
 * it; then this throws, naming `field` and the value, instead of "Invalid time value".
 */
function isoDay(ms, field) {
  const date = new Date(ms);
  if (Number.isNaN(date.getTime())) throw new RangeError(`${field} ${ms} is beyond the times a date can hold (±8.64e15 ms)`);
  return date.toISOString().slice(0, 10);
}

/**
 * The table rows of `items`, each from `render`. An item whose rendering throws becomes one
 * error row, named by `name` and saying what was wrong: one bad row never blanks a view.
 */
function tableRows(items, render, { columns, name }) {
  return items.map((item) => {
    try {
      return render(item);
    } catch (e) {
      return `<tr class="row-error"><td colspan="${columns}">Cannot show ${esc(name(item))}: ${esc(e.message)}</td></tr>`;
    }
  }).join("");
}

const formValues = (form) => Object.fromEntries([...new FormData(form)].map(([k, v]) => [k, String(v)]));
const query = (values) => new URLSearchParams(Object.entries(values).filter(([, v]) => v !== "" && v !== undefined)).toString();

let config = { customers: [], douyinCustomers: [], tiers: {}, targets: {} };
const customerByUin = () => new Map(config.customers.map((c) => [c.tencentUin, c.name]));

// ---- Customers (quotakit's summarize over every vendor) -----------------------------------------

const customersView = $("#view-customers");
const VENDOR_VIEW = { douyin: "douyin", tencent: "tencent", baidu: "baidu", polyv: "polyv" };
const yuan = (fen) => `${fen < 0 ? "−" : ""}¥${money.format(Math.abs(fen) / 100)}`;
const AMOUNT = { cny_fen: yuan, gigabytes: (n) => `${fmt.format(n)} G`, requests: (n) => `${fmt.format(n)} calls`, bytes: gb, minutes: (n) => `${fmt.format(n)} min`, uses: (n) => `${fmt.format(n)} uses`, items: (n) => `${fmt.format(n)} items`, concurrent: (n) => fmt.format(n), access: (n) => fmt.format(n) };

async function loadCustomers() {
  const data = await withStatus(customersView, "Reading every vendor…", () => api("/api/customers"));
  if (!data) return;
  const badge = (alert) => `<span class="badge ${alert === "expired" ? "" : alert === "expiring" ? "warn" : "bad"}">${esc(alert)}</span>`;
  const day = (ms) => (ms === null ? "—" : isoDay(ms, "the end time"));
  // Customers in the provider's records first, then holders it does not know.
  const customers = [...data.summary.customers].sort((a, b) => Number(!data.names[a.customer]) - Number(!data.names[b.customer]));
  $("#customers-list").innerHTML = customers.map((c) => {
    const vendors = [...new Set(c.holders.map((h) => h.vendor))];
    const rows = tableRows(c.units, (u) => {
      const vendor = u.entitlements[0].vendor;
      const states = [...new Set(u.entitlements.map((e) => e.state))].join(", ");
      return `<tr data-unit="${esc(u.unit)}" data-alerts="${esc(u.alerts.join(" "))}">
        <td><a href="#${VENDOR_VIEW[vendor]}">${esc(vendor)}</a></td>
        <td>${esc(u.product.name ?? u.product.id ?? "—")}</td><td>${esc(u.unit)}</td>
        <td class="wide">${unitBar(u, AMOUNT[u.unit] ?? String)}</td>
        <td>${day(u.soonestEnd)}</td><td>${esc(states)}</td><td>${u.alerts.map(badge).join(" ")}${remindButton(u)}</td></tr>`;
    }, { columns: 7, name: (u) => `${u.product?.name ?? u.product?.id ?? "a product"} (${u.unit})` });
    return `<article class="customer" data-customer="${esc(c.customer)}">
      <h2>${esc(data.names[c.customer] ?? c.customer)} <span class="muted">${esc(vendors.join(" · "))}</span> ${c.alerts.map(badge).join(" ")}</h2>
      <div class="table-wrap"><table>
        <thead><tr><th>Vendor</th><th>Product</th><th>Unit</th><th class="wide">Left</th><th>Ends</th><th>State</th><th>Alerts</th></tr></thead>
        <tbody>${rows}</tbody>
      </table></div></article>`;
  }).join("") || `<p class="muted">No entitlements.</p>`;
}
/** A "Remind" button on a Tencent usage plan that runs low or out. */
const remindButton = (u) => u.unit === "requests" && (u.alerts.includes("low") || u.alerts.includes("exhausted"))
  ? ` <button type="button" data-remind data-instance="${esc(u.entitlements[0].source.id)}">Remind</button>`
  : "";

customersView.addEventListener("click", async (event) => {
  if (event.target.closest("[data-action=reload]")) return loadCustomers();
  const button = event.target.closest("[data-remind]");
  if (!button) return;
  button.disabled = true;
  button.textContent = "Reminding…";
  const body = JSON.stringify({ instanceId: button.dataset.instance });
  const done = await withStatus(customersView, "Asking Tencent to remind the customer…", () =>
    api("/api/tencent/remind", { method: "POST", headers: { "content-type": "application/json" }, body }));
  button.textContent = !done ? "Remind" : done.status === "sent" ? `Reminded (${done.flowId})` : done.status === "already" ? `Already reminded (${done.level})` : "Not low now";
  button.disabled = Boolean(done);
});

// ---- Douyin ------------------------------------------------------------------------------------

const douyinView = $("#view-douyin");

/** Douyin's names of a service_market_order event's `order_event`. */
const ORDER_EVENTS = { 1: "paid (用户支付订单)", 2: "accepted (服务商接单)", 3: "implementation confirmed (服务商确认实施订单)", 4: "confirmed by the user (用户确认订单)", 5: "cancelled (取消订单)" };

async function loadDouyin() {
  // Order events come from this console's own record: they show even when Douyin does not answer.
  const orders = await api("/api/douyin/orders").catch(() => ({ events: [] }));
  const data = await withStatus(douyinView, "Loading purchases from Douyin…", () => api("/api/douyin/purchases"));
  $("#douyin-orders tbody").innerHTML = tableRows(orders.events, (e) => {
    const snapshot = e.order.order_snapshot ?? {};
    return `<tr data-msg-id="${esc(e.msgId ?? "")}"><td>${esc(new Date(e.receivedAt).toISOString().replace("T", " ").slice(0, 19))}</td>` +
      `<td>${esc(e.customer ?? e.openId ?? "—")}</td><td class="mono">${esc(e.order.order_id)}</td>` +
      `<td data-order-event="${esc(e.order.order_event)}">${esc(ORDER_EVENTS[e.order.order_event] ?? e.order.order_event)}</td>` +
      `<td>${esc(snapshot.service_name ?? "—")}<span class="sub mono">${esc(snapshot.service_mode_id ?? "")}</span></td></tr>`;
  }, { columns: 5, name: (e) => `order ${e.order?.order_id}` }) || `<tr><td colspan="5" class="muted">No order events yet: Douyin posts them to /webhooks/douyin.</td></tr>`;
  if (!data) return;
  $("#douyin-purchases tbody").innerHTML = tableRows(data.purchases, (p) => {
    const counted = p.remain_service_times !== undefined && p.remain_service_times !== null;
    const sold = p.tier?.times;
    const remaining = counted
      ? bar(sold ? (100 * (sold - p.remain_service_times)) / sold : NaN, `${fmt.format(p.remain_service_times)}${sold ? ` of ${fmt.format(sold)}` : ""} uses left`)
      : bar(NaN, p.expire_time > 0 ? "time-based" : "permanent");
    const valid = p.expire_time > 0 ? `until ${isoDay(p.expire_time, "expire_time")}` : "—";
    const action = counted
      ? `<button type="button" data-deduct data-open-id="${esc(p.openId)}" data-mode="${esc(p.service_mode_id)}" ${p.remain_service_times > 0 ? "" : "disabled"}>Deduct 1</button>`
      : "";
    return `<tr data-row="${esc(p.openId)}|${esc(p.service_mode_id)}"><td>${esc(p.customer)}</td>` +
      `<td>${esc(p.specification_title)}<span class="sub mono">${esc(p.service_mode_id)}</span></td>` +
      `<td class="wide" data-remaining="${counted ? p.remain_service_times : ""}">${remaining}</td><td>${valid}</td><td>${action}</td></tr>`;
  }, { columns: 5, name: (p) => `${p.customer}'s ${p.service_mode_id}` }) || `<tr><td colspan="5" class="muted">No purchases.</td></tr>`;
}

douyinView.addEventListener("click", async (event) => {
  if (event.target.closest("[data-action=reload]")) return loadDouyin();
  const button = event.target.closest("[data-deduct]");
  if (!button) return;
  button.disabled = true;
  button.textContent = "Deducting…";
  // One out_trade_no per click: if this request is resent, Douyin deducts once.
  const body = JSON.stringify({ openId: button.dataset.openId, serviceModeId: button.dataset.mode, outTradeNo: `console-${crypto.randomUUID()}` });
  const done = await withStatus(douyinView, "Deducting one use…", () =>
    api("/api/douyin/deduct", { method: "POST", headers: { "content-type": "application/json" }, body }));
  if (done) await loadDouyin();
  else {
    button.disabled = false;
    button.textContent = "Deduct 1";
  }
});

// ---- Tencent -----------------------------------------------------------------------------------

const tencentView = $("#view-tencent");
let tencentOffset = 0;

async function loadTencent() {
  const form = $("form", tencentView);
  const values = formValues(form);
  const limit = Number(values.limit);
  const data = await withStatus(tencentView, "Loading deals from Tencent Cloud…", () =>
    api(`/api/tencent/deals?${query({ ...values, offset: tencentOffset })}`));
  if (!data) return;
  const names = customerByUin();
  const statusClass = (s) => (["4", "2"].includes(s) ? "ok" : ["6", "13", "7"].includes(s) ? "bad" : "warn");
  $("tbody", tencentView).innerHTML = tableRows(data.AgentDealSet, (d) => `<tr>
    <td class="mono">${esc(d.DealName)}</td>
    <td>${esc(names.get(d.OwnerUin) ?? d.OwnerUin)}<span class="sub mono">${esc(d.OwnerUin)}</span></td>
    <td>${esc(d.GoodsName)}<span class="sub">${esc(d.SubGoodsName ?? "")}</span></td>
    <td><span class="badge ${statusClass(d.Status)}">${esc(d.DealStatus)}</span></td>
    <td class="num">${money.format((d.GoodsPrice?.RealTotalCost ?? 0) / 100)}</td>
    <td>${esc(d.CreatTime)}</td></tr>`, { columns: 6, name: (d) => `deal ${d.DealName}` }) || `<tr><td colspan="6" class="muted">No deals match.</td></tr>`;
  const pages = Math.max(1, Math.ceil(data.TotalCount / limit));
  const page = Math.floor(tencentOffset / limit) + 1;
  $(".page-info", tencentView).textContent = `page ${page} of ${pages} · ${fmt.format(data.TotalCount)} deals`;
  $("[data-page=prev]", tencentView).disabled = page <= 1;
  $("[data-page=next]", tencentView).disabled = page >= pages;
}

$("form", tencentView).addEventListener("change", () => {
  tencentOffset = 0;
  loadTencent();
});
tencentView.addEventListener("click", (event) => {
  const step = event.target.closest("[data-page]")?.dataset.page;
  if (!step) return;
  const limit = Number(formValues($("form", tencentView)).limit);
  tencentOffset = Math.max(0, tencentOffset + (step === "next" ? limit : -limit));
  loadTencent();
});

// ---- Baidu -------------------------------------------------------------------------------------

const baiduView = $("#view-baidu");

async function loadBaidu() {
  const data = await withStatus(baiduView, "Loading resource packs from Baidu…", () =>
    api(`/api/baidu/packs?${query({ ...formValues($("form", baiduView)), pageSize: 100 })}`));
  if (!data) return;
  const statusClass = { USING: "ok", CONFIRMED: "ok", FINISHED: "", CANCELED: "bad", NEED_PURCHASE: "warn" };
  $("tbody", baiduView).innerHTML = tableRows(data.data, (p) => `<tr>
    <td class="mono">${esc(p.resourcePackId)}</td><td>${esc(p.name)}</td>
    <td class="wide">${bar((100 * p.countUsage) / p.count, `${p.countUsage} of ${p.count} used`)}</td>
    <td><span class="badge ${statusClass[p.status] ?? ""}">${esc(p.status)}</span></td>
    <td>${esc(p.expireTime.slice(0, 10))}</td></tr>`, { columns: 5, name: (p) => `pack ${p.resourcePackId}` }) || `<tr><td colspan="5" class="muted">No packs match.</td></tr>`;
}
$("form", baiduView).addEventListener("change", loadBaidu);

// ---- Polyv -------------------------------------------------------------------------------------

const polyvView = $("#view-polyv");
let polyvPage = 1;
async function loadPolyv() {
  const { email } = formValues($("form", polyvView));
  const data = await withStatus(polyvView, "Loading sub-accounts from Polyv…", () =>
    api(`/api/polyv/accounts?${query({ email: email.trim(), page: polyvPage, pageSize: 20 })}`));
  if (!data) return;
  const cell = (u, format, none) => (u ? unitBar(u, format) : `<span class="bar-label">${none}</span>`);
  $("tbody", polyvView).innerHTML = tableRows(data.contents, (a) => `<tr><td>${esc(a.email)}<span class="sub">${esc(a.memo)}</span></td>
      <td><span class="badge ${a.status === "normal" ? "ok" : "bad"}">${esc(a.status)}</span></td>
      <td class="wide">${cell(a.units.minutes, (n) => `${fmt.format(n)} min`, "no minutes package")}</td>
      <td class="wide">${cell(a.units.flow, gb, "no flow package")}</td>
      <td class="wide">${cell(a.units.space, gb, "no space package")}</td></tr>`, { columns: 5, name: (a) => `sub-account ${a.email}` }) || `<tr><td colspan="5" class="muted">No sub-accounts match.</td></tr>`;
  $(".page-info", polyvView).textContent = `page ${data.pageNumber} of ${Math.max(1, data.totalPages)} · ${data.totalItems} accounts`;
  $("[data-page=prev]", polyvView).disabled = data.pageNumber <= 1;
  $("[data-page=next]", polyvView).disabled = data.pageNumber >= data.totalPages;
}
$("form", polyvView).addEventListener("change", () => {
  polyvPage = 1;
  loadPolyv();
});
$("form", polyvView).addEventListener("submit", (event) => event.preventDefault());
polyvView.addEventListener("click", (event) => {
  const step = event.target.closest("[data-page]")?.dataset.page;
  if (!step) return;
  polyvPage = Math.max(1, polyvPage + (step === "next" ? 1 : -1));
  loadPolyv();
});

// ---- Signature inspector (in-browser wasm) -----------------------------------------------------

const inspectorView = $("#view-inspector");
const INSPECTOR_FIELDS = {
  tc3: [["secretId", "SecretId"], ["secretKey", "SecretKey", "password"], ["service", "Service"], ["action", "Action"],
    ["version", "Version"], ["timestamp", "Timestamp (s)", "number"], ["contentType", "Content-Type", ["application/json", "application/json; charset=utf-8"]],
    ["endpoint", "Endpoint (blank: https://{service}.tencentcloudapi.com)"], ["payload", "Payload (exact JSON text)", "textarea"]],
  bce: [["accessKeyId", "AccessKeyId"], ["secretAccessKey", "SecretAccessKey", "password"], ["endpoint", "Endpoint"],
    ["method", "Method", ["GET", "POST", "PUT", "DELETE", "HEAD"]], ["path", "Path"], ["timestamp", "Timestamp (s)", "number"],
    ["expirationPeriodInSeconds", "Valid for (s)", "number"], ["query", "Query (JSON object)", "textarea"],
    ["headers", "Headers (JSON object)", "textarea"]],
  polyv: [["appId", "appId"], ["appSecret", "appSecret", "password"], ["signatureMethod", "Method", ["MD5", "SHA256"]],
    ["timestamp", "Timestamp (ms)", "number"], ["params", "Parameters (JSON object of strings)", "textarea"]],
};
let scheme = "tc3";

function renderInspectorForm() {
  const form = $("#inspector-form");
  const defaults = VECTORS[scheme].blank;
  form.innerHTML = INSPECTOR_FIELDS[scheme].map(([name, label, type]) => {
    const value = esc(defaults[name] ?? "");
    const control = Array.isArray(type)
      ? `<select name="${name}">${type.map((o) => `<option ${o === defaults[name] ? "selected" : ""}>${esc(o)}</option>`).join("")}</select>`
      : type === "textarea" ? `<textarea name="${name}" rows="4" spellcheck="false">${value}</textarea>`
      : `<input name="${name}" type="${type ?? "text"}" value="${value}" spellcheck="false">`;
    return `<label class="${type === "textarea" ? "full" : ""}">${esc(label)} ${control}</label>`;
  }).join("") + `<div class="full actions"><button type="submit">Sign</button>
    <button type="button" data-action="vector">Load the official vector</button>
    <span class="muted" data-out="expected"></span></div>`;
  $("#inspector-out").hidden = true;
}

function fillInspector(values) {
  for (const [name, value] of Object.entries(values)) {
    const field = $(`#inspector-form [name="${name}"]`);
    if (field) field.value = value;
  }
}

const parseJsonField = (text, name) => {
  try {
    return text.trim() === "" ? {} : JSON.parse(text);
  } catch (e) {
    throw new Error(`${name} is not valid JSON: ${e.message}`);
  }
};

/** Signs with the form's values; returns { explain, sent } for display. */
function signInspector(v) {
  // Seconds for TC3 and BCE, milliseconds for Polyv; blank means now.
  const blank = v.timestamp.trim() === "";
  const timestamp = scheme === "polyv" ? (blank ? Date.now() : Number(v.timestamp)) : (blank ? Math.floor(Date.now() / 1000) : Number(v.timestamp));
  if (scheme === "tc3") {
    const client = new TencentCloud({ secretId: v.secretId, secretKey: v.secretKey, ...(v.endpoint.trim() && { endpoint: v.endpoint.trim() }) });
    const req = client.signRequest({ service: v.service, action: v.action, version: v.version, payload: v.payload, contentType: v.contentType },
      { now: timestamp * 1000, explain: true });
    return { explain: req.explain, sent: `${req.method} ${req.url}\n${Object.entries(req.headers).map(([k, x]) => `${k}: ${x}`).join("\n")}\n\n${req.body}` };
  }
  if (scheme === "bce") {
    const client = new Baidu({ accessKeyId: v.accessKeyId, secretAccessKey: v.secretAccessKey, endpoint: v.endpoint, expirationPeriodInSeconds: Number(v.expirationPeriodInSeconds) });
    const req = client.signRequest({ method: v.method, path: v.path, query: parseJsonField(v.query, "Query"), headers: parseJsonField(v.headers, "Headers") },
      { now: timestamp * 1000, explain: true });
    return { explain: req.explain, sent: `${req.method} ${req.url}\n${Object.entries(req.headers).map(([k, x]) => `${k}: ${x}`).join("\n")}` };
  }
  const client = new Polyv({ appId: v.appId, appSecret: v.appSecret, signatureMethod: v.signatureMethod });
  const out = client.signParams(parseJsonField(v.params, "Parameters"), { now: timestamp, explain: true });
  return { explain: out.explain, sent: `?${out.query}` };
}

$("#inspector-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const status = $(".status", inspectorView);
  try {
    const { explain, sent } = signInspector(formValues(event.currentTarget));
    for (const key of ["canonicalRequest", "stringToSign", "signedHeaders", "signature"]) $(`[data-out=${key}]`, inspectorView).textContent = explain[key] ?? "";
    $("[data-out=sent]", inspectorView).textContent = sent;
    $("#inspector-out").hidden = false;
    const expected = $("[data-out=expected]", inspectorView).dataset.signature;
    const matches = expected?.toLowerCase() === explain.signature.toLowerCase();
    status.className = expected ? `status ${matches ? "ok" : "error"}` : "status";
    status.textContent = expected ? (matches ? "Matches the official vector's signature." : `Differs from the official vector's signature ${expected}.`) : "";
  } catch (e) {
    $("#inspector-out").hidden = true;
    status.className = "status error";
    // The message names the first issue; list the others under it.
    status.textContent = [e.message, ...(e.issues ?? []).slice(1).map((i) => `${i.path}: expected ${i.expected}, got ${i.received}`)].join("\n");
  }
});
inspectorView.addEventListener("click", (event) => {
  const tab = event.target.closest("[data-scheme]");
  if (tab) {
    scheme = tab.dataset.scheme;
    $$("[data-scheme]", inspectorView).forEach((b) => b.setAttribute("aria-selected", String(b === tab)));
    renderInspectorForm();
    $(".status", inspectorView).textContent = "";
    $(".status", inspectorView).className = "status";
  }
  if (event.target.closest("[data-action=vector]")) {
    const vector = VECTORS[scheme].official;
    fillInspector(vector.fields);
    const note = $("[data-out=expected]", inspectorView);
    note.dataset.signature = vector.signature;
    note.textContent = `${vector.source}: expect ${vector.signature.slice(0, 16)}…`;
  }
});
$("#inspector-form").addEventListener("input", (event) => {
  if (event.target.name) delete $("[data-out=expected]", inspectorView).dataset.signature;
});

// ---- Response validator (in-browser wasm) ------------------------------------------------------

const validatorView = $("#view-validator");
const DUMMY = {
  tencent: () => new TencentCloud({ secretId: "AKIDEXAMPLE", secretKey: "example" }),
  baidu: () => new Baidu({ accessKeyId: "example", secretAccessKey: "example" }),
  polyv: () => new Polyv({ appId: "example", appSecret: "example" }),
  douyin: () => new Douyin({ clientKey: "example", clientSecret: "example" }),
};

function setupValidator() {
  const select = $("select[name=operation]", validatorView);
  select.innerHTML = Object.entries(SAMPLES).map(([key, s]) => `<option value="${key}">${esc(s.label)}</option>`).join("");
  loadSample();
}
function loadSample() {
  const sample = SAMPLES[$("select[name=operation]", validatorView).value];
  $("textarea[name=body]", validatorView).value = JSON.stringify(sample.body, null, 2);
  $("input[name=status]", validatorView).value = "200";
}

/** Pretty JSON as HTML, each value tagged with its path segments so issues can be marked. */
function jsonHtml(value, segments = [], indent = "") {
  const tag = (html) => `<span data-segments="${esc(JSON.stringify(segments))}">${html}</span>`;
  if (Array.isArray(value)) {
    if (value.length === 0) return tag("[]");
    const inner = value.map((v, i) => `${indent}  ${jsonHtml(v, [...segments, i], `${indent}  `)}`).join(",\n");
    return tag(`[\n${inner}\n${indent}]`);
  }
  if (value && typeof value === "object") {
    const entries = Object.entries(value);
    if (entries.length === 0) return tag("{}");
    const inner = entries.map(([k, v]) => `${indent}  ${esc(JSON.stringify(k))}: ${jsonHtml(v, [...segments, k], `${indent}  `)}`).join(",\n");
    return tag(`{\n${inner}\n${indent}}`);
  }
  return tag(esc(JSON.stringify(value)));
}

$("#validator-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const { operation, status, body } = formValues(event.currentTarget);
  const sample = SAMPLES[operation];
  const out = $("#validator-out");
  const client = DUMMY[sample.vendor]();
  const parse = client[`parse${sample.operation[0].toUpperCase()}${sample.operation.slice(1)}`].bind(client);
  let parsed;
  try {
    parsed = JSON.parse(body);
  } catch {
    parsed = undefined;
  }
  const statusLine = $(".status", validatorView);
  try {
    const result = parse({ status: Number(status), headers: { "content-type": "application/json" }, body });
    statusLine.className = "status ok";
    statusLine.textContent = `Valid ${sample.label} response.`;
    $("[data-out=title]", out).textContent = "Typed result";
    $("[data-out=issues]", out).innerHTML = "";
    $("[data-out=json]", out).innerHTML = jsonHtml(result);
  } catch (e) {
    statusLine.className = "status error";
    statusLine.textContent = describeError(e);
    $("[data-out=title]", out).textContent = e.kind === "schema" && parsed !== undefined ? "The body, with the broken fields marked" : "The body";
    $("[data-out=issues]", out).innerHTML = (e.issues ?? []).map((i) =>
      `<li><code>${esc(i.path)}</code> ${esc(i.code)}: expected ${esc(i.expected)}, got ${esc(i.received)}</li>`).join("");
    $("[data-out=json]", out).innerHTML = parsed === undefined ? esc(body) : jsonHtml(parsed);
    const node = (segments) => $(`[data-out=json] [data-segments="${CSS.escape(JSON.stringify(segments))}"]`, out);
    for (const issue of e.issues ?? []) {
      const here = node(issue.pathSegments);
      if (here) {
        here.classList.add("bad-field");
        here.title = `${issue.code}: expected ${issue.expected}`;
        continue;
      }
      // A missing field has no node: note it at the end of the object that lacks it.
      const parent = node(issue.pathSegments.slice(0, -1));
      if (parent) parent.insertAdjacentHTML("beforeend", `<span class="missing-field"> ← missing ${esc(JSON.stringify(issue.pathSegments.at(-1)))}</span>`);
    }
  }
  out.hidden = false;
});
validatorView.addEventListener("change", (event) => {
  if (event.target.name === "operation") loadSample();
});
validatorView.addEventListener("click", (event) => {
  if (event.target.closest("[data-action=sample]")) loadSample();
});

// ---- routing and start-up ----------------------------------------------------------------------

const loaders = { customers: loadCustomers, douyin: loadDouyin, tencent: loadTencent, baidu: loadBaidu, polyv: loadPolyv };
const loaded = new Set();

function show() {
  const view = (location.hash.slice(1) || "customers").replace(/[^a-z]/g, "");
  const name = $(`#view-${view}`) ? view : "customers";
  $$(".view").forEach((section) => { section.hidden = section.id !== `view-${name}`; });
  $$("#tabs a").forEach((a) => (a.dataset.view === name ? a.setAttribute("aria-current", "page") : a.removeAttribute("aria-current")));
  if (loaders[name] && !loaded.has(name)) {
    loaded.add(name);
    loaders[name]();
  }
}

async function start() {
  await init();
  config = await api("/api/config").catch((e) => {
    document.body.insertAdjacentHTML("afterbegin", `<div class="status error">${esc(describeError(e))}</div>`);
    return config;
  });
  const targets = Object.entries(config.targets).map(([v, t]) => `${v}: ${t}`).join(" · ");
  $("#targets").textContent = targets;
  const owner = $("select[name=owner]", tencentView);
  owner.insertAdjacentHTML("beforeend", config.customers.map((c) => `<option value="${esc(c.tencentUin)}">${esc(c.name)}</option>`).join(""));
  renderInspectorForm();
  setupValidator();
  window.addEventListener("hashchange", show);
  show();
  document.documentElement.dataset.ready = "true";
}

start();
