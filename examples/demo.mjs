// The main job: what a provider's backend does with quotakit each day. It reports usage to
// Douyin (an idempotent deduction), then syncs what every customer bought and has left from
// all four vendors into one view: each paged read walked with paginate(), converted to
// entitlements and summarized per customer, with alerts. Last, it asks Tencent to remind each
// customer whose usage plan runs low, once per plan and level, across runs.
//
// `make demo` runs it against the vendor sandbox (www-demo/main.mjs starts both). On its own,
// `node examples/demo.mjs` starts a sandbox for any vendor whose credentials are not in the
// environment; see the README, "Against the real vendors".
import { fileURLToPath } from "node:url";
import { configFromEnv, createBackend } from "../www-demo/backend.mjs";
import { loadSeed, startSandbox } from "../www-demo/sandbox/server.mjs";

const line = (title) => console.log(`\n── ${title} ${"─".repeat(Math.max(0, 76 - title.length))}`);
const count = new Intl.NumberFormat("en-US");
const GIB = 2 ** 30;
/** An amount in its unit, for people. */
const amount = (value, unit) => (value === null ? "-" : unit === "bytes" ? `${(value / GIB).toFixed(1)} GiB`
  : unit === "cny_fen" ? `${value < 0 ? "-" : ""}¥${(Math.abs(value) / 100).toFixed(2)}` : unit === "gigabytes" ? `${count.format(value)} G` : count.format(value));
/**
 * A time in ms as its UTC day. A vendor's number may be beyond what a Date holds (±8.64e15
 * ms, about the year 275760), where toISOString() throws: one such row must not end the job.
 */
const day = (ms) => {
  if (ms === null) return "-";
  const date = new Date(ms);
  if (Number.isNaN(date.getTime())) return ms > 0 ? "far future" : "far past";
  return date.toISOString().slice(0, 10);
};

/** Runs the job with `backend`; throws on the first failure, with quotakit's typed error. */
export async function runJob(backend, { now = Date.now() } = {}) {
  console.log(`targets: ${Object.entries(backend.targets).map(([v, t]) => `${v} → ${t}`).join(", ")}`);

  line("Douyin: report usage with an idempotent deduction");
  const token = await backend.douyinToken();
  console.log(`client_token fetched; valid for ${Math.round(token.expiresIn / 60)} min`);
  const [customer] = backend.douyinCustomers;
  const purchases = await backend.douyinPurchases(customer.openId);
  const counted = purchases.find((p) => p.remain_service_times > 0);
  if (counted) {
    const outTradeNo = `demo-${now}`;
    const deduct = { openId: customer.openId, serviceModeId: counted.service_mode_id, outTradeNo, count: 1 };
    await backend.douyinDeduct(deduct);
    await backend.douyinDeduct(deduct); // a resend after a lost answer: same out_trade_no
    const after = (await backend.douyinPurchases(customer.openId)).find((p) => p.service_mode_id === counted.service_mode_id);
    console.log(`${customer.name}: deducted 1 use of ${counted.service_mode_id} twice with out_trade_no ${outTradeNo}: ` +
      `${counted.remain_service_times} → ${after.remain_service_times} (counted once)`);
  }

  line("Entitlements: every customer, across Tencent, Baidu, Polyv and Douyin");
  const { names, entitlements, summary, unread = [] } = await backend.customerSummary({ now });
  for (const u of unread) console.log(`not read: ${u.customer}'s ${u.source}: ${u.code} ${u.message}`);
  const alerting = summary.customers.filter((c) => c.alerts.length > 0);
  console.log(`${count.format(entitlements)} entitlements of ${summary.customers.length} customers at ${new Date(now).toISOString()}; ` +
    `${alerting.length} with alerts (low: under 10 % left; expiring: within 7 days)`);
  const columns = [["vendor", 7], ["product", 24], ["unit", 8], ["granted", 10], ["used", 10], ["left", 10], ["ends", 10], ["states", 22], ["alerts", 18]];
  // CJK characters take two columns in a terminal.
  const width = (text) => [...text].reduce((n, ch) => n + (ch.codePointAt(0) >= 0x2e80 ? 2 : 1), 0);
  const fit = (text, size) => {
    let out = "";
    for (const ch of String(text)) if (width(out + ch) <= size) out += ch;
    return out + " ".repeat(size - width(out));
  };
  const row = (cells) => `  ${cells.map((c, i) => fit(c, columns[i][1])).join(" ")}`.trimEnd();
  const states = (u) => {
    const n = new Map();
    for (const e of u.entitlements) n.set(e.state, (n.get(e.state) ?? 0) + 1);
    return [...n].map(([state, k]) => `${k} ${state}`).join(", ");
  };
  const named = summary.customers.filter((c) => names[c.customer]);
  // The states column is as wide as its longest list, so that no list is cut.
  const statesColumn = columns.find(([name]) => name === "states");
  for (const c of named) for (const u of c.units) statesColumn[1] = Math.max(statesColumn[1], width(states(u)));
  for (const c of named) {
    const vendors = [...new Set(c.holders.map((h) => h.vendor))].join(", ");
    console.log(`\n${names[c.customer]}  [${vendors}]${c.alerts.length ? `  ⚠ ${c.alerts.join(", ")}` : ""}`);
    console.log(row(columns.map(([name]) => name)));
    for (const u of c.units) {
      console.log(row([u.entitlements[0].vendor, u.product.name ?? u.product.id ?? "-", u.unit, amount(u.granted, u.unit),
        amount(u.used, u.unit), amount(u.remaining, u.unit), day(u.soonestEnd), states(u), u.alerts.join(", ")]));
    }
  }
  const others = summary.customers.filter((c) => !names[c.customer]);
  if (others.length) {
    const flagged = others.filter((c) => c.alerts.length);
    console.log(`\n${others.length} more holders are not in the provider's records; ${flagged.length} have alerts:`);
    for (const c of flagged.slice(0, 8)) console.log(`  ${c.customer.padEnd(36)} ⚠ ${c.alerts.join(", ")}`);
  }
  if (backend.remindLowPlans) {
    line("Tencent Cloud Market: remind customers whose usage plans run low");
    const { sent, already, failed } = await backend.remindLowPlans(summary);
    const shown = 5;
    for (const r of sent.slice(0, shown)) console.log(`  reminded ${names[r.customer] ?? r.customer}: plan ${r.instance} ${r.level}, ${count.format(r.left)} calls left (FlowId ${r.flowId})`);
    if (sent.length > shown) console.log(`  … and ${sent.length - shown} more`);
    for (const r of failed) console.log(`  not reminded ${names[r.customer] ?? r.customer}: plan ${r.instance} ${r.level}: ${r.error}`);
    console.log(`${sent.length} reminders sent; ${already} plans already reminded at their level (never twice)`);
  }
  return { entitlements, customers: summary.customers.length, alerting: alerting.length };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const sandbox = await startSandbox();
  try {
    await runJob(createBackend(configFromEnv(process.env, { sandboxUrl: sandbox.url, seed: loadSeed() })));
  } catch (e) {
    console.error(`\njob failed: ${e.message}${e.path ? ` at ${e.path}` : ""}`);
    process.exitCode = 1;
  } finally {
    await sandbox.close();
  }
}
