// The main job: what a provider's backend does with quotakit each day. It fetches a Douyin
// token, lists a customer's purchases, deducts usage idempotently, pages through every
// Tencent deal, lists Baidu and Polyv packages, and prints a summary.
//
// `make demo` runs it against the vendor sandbox (www-demo/main.mjs starts both). On its own,
// `node examples/demo.mjs` starts a sandbox for any vendor whose credentials are not in the
// environment; see the README, "Against the real vendors".
import { fileURLToPath } from "node:url";
import { configFromEnv, createBackend } from "../www-demo/backend.mjs";
import { loadSeed, startSandbox } from "../www-demo/sandbox/server.mjs";

const line = (title) => console.log(`\n── ${title} ${"─".repeat(Math.max(0, 66 - title.length))}`);
const yuan = (fen) => `¥${(fen / 100).toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
const pct = (n, d) => (d > 0 ? `${Math.round((100 * n) / d)}%` : "-");

/** Runs the job with `backend`; throws on the first failure, with quotakit's typed error. */
export async function runJob(backend) {
  console.log(`targets: ${Object.entries(backend.targets).map(([v, t]) => `${v} → ${t}`).join(", ")}`);

  line("Douyin: token, purchases, an idempotent deduction");
  const token = await backend.douyinToken();
  console.log(`client_token fetched; valid for ${Math.round(token.expiresIn / 60)} min (until ${new Date(token.expiresAt).toISOString()})`);
  const [customer] = backend.douyinCustomers;
  const purchases = await backend.douyinPurchases(customer.openId);
  console.log(`${customer.name} (${customer.openId}) has ${purchases.length} purchases:`);
  for (const p of purchases) {
    const left = p.remain_service_times !== undefined ? `${p.remain_service_times} uses left` : `valid until ${new Date(p.expire_time).toISOString().slice(0, 10)}`;
    console.log(`  ${p.specification_title.padEnd(14)} ${p.service_mode_id.padEnd(12)} ${left}`);
  }
  const counted = purchases.find((p) => p.remain_service_times > 0);
  if (counted) {
    const outTradeNo = `demo-${Date.now()}`;
    const deduct = { openId: customer.openId, serviceModeId: counted.service_mode_id, outTradeNo, count: 1 };
    await backend.douyinDeduct(deduct);
    await backend.douyinDeduct(deduct); // a resend after a lost answer: same out_trade_no
    const after = (await backend.douyinPurchases(customer.openId)).find((p) => p.service_mode_id === counted.service_mode_id);
    console.log(`deducted 1 from ${counted.service_mode_id} twice with out_trade_no ${outTradeNo}: ${counted.remain_service_times} → ${after.remain_service_times} (counted once)`);
  }

  line("Tencent Cloud Partners: every deal, 200 per page");
  const { deals, total } = await backend.allTencentDeals();
  const byStatus = new Map();
  for (const d of deals) byStatus.set(d.DealStatus, (byStatus.get(d.DealStatus) ?? 0) + 1);
  const paid = deals.filter((d) => ["2", "4"].includes(d.Status)).reduce((n, d) => n + (d.GoodsPrice?.RealTotalCost ?? 0), 0);
  const refunded = deals.filter((d) => d.ActionType === "refund").reduce((n, d) => n - (d.GoodsPrice?.RealTotalCost ?? 0), 0);
  console.log(`${deals.length} of ${total} deals in ${Math.ceil(total / 200)} pages; paid ${yuan(paid)}, refunded ${yuan(refunded)}`);
  console.log(`  ${[...byStatus].sort((a, b) => b[1] - a[1]).map(([s, n]) => `${s} ${n}`).join(" · ")}`);
  const owners = new Map(backend.customers.map((c) => [c.tencentUin, c.name]));
  const revenue = new Map();
  for (const d of deals.filter((x) => ["2", "4"].includes(x.Status))) revenue.set(d.OwnerUin, (revenue.get(d.OwnerUin) ?? 0) + d.GoodsPrice.RealTotalCost);
  for (const [uin, fen] of [...revenue].sort((a, b) => b[1] - a[1]).slice(0, 3)) console.log(`  top: ${owners.get(uin) ?? uin} ${yuan(fen)}`);

  line("Baidu TMS: resource packs");
  const packs = await backend.baiduPacks({ pageSize: 1000, orderBy: "expireTime", order: "asc" });
  const available = await backend.baiduPacks({ pageSize: 1000, condition: "AVAILABLE" });
  console.log(`${packs.totalCount} packs, ${available.totalCount} available`);
  for (const p of available.data.filter((x) => x.count - x.countUsage <= 1).slice(0, 5)) {
    console.log(`  nearly used up: ${p.resourcePackId} ${p.name} (${p.countUsage}/${p.count}), expires ${p.expireTime.slice(0, 10)}`);
  }

  line("Polyv: sub-accounts, 50 per page");
  const accounts = await backend.allPolyvAccounts();
  const minutesLeft = (a) => a.minutes.reduce((n, m) => n + m.available, 0);
  const low = accounts.filter((a) => a.plan && minutesLeft(a) < a.plan.minutes * 0.1);
  console.log(`${accounts.length} sub-accounts; ${low.length} have under 10% of their live minutes left:`);
  for (const a of low.slice(0, 6)) console.log(`  ${a.email.padEnd(28)} ${String(minutesLeft(a)).padStart(6)} of ${a.plan.minutes} min (${pct(minutesLeft(a), a.plan.minutes)})`);
  return { deals: deals.length, packs: packs.totalCount, accounts: accounts.length };
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
