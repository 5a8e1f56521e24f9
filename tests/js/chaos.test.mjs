// Paginators and keyed writes under a flaky vendor: the sandbox injects faults at random
// (30 %, seeded, all five kinds) over a whole run, and `paginate(..., { retry })` must still
// get every Tencent deal (of each listing) and bill, Baidu pack and Polyv account (of both
// lists) exactly once, and Douyin deductions
// must be counted exactly once each. The figures of the run are printed.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { Baidu, Douyin, Polyv, TencentCloud } from "quotakit";
import { loadSeed, startSandbox } from "../../www-demo/sandbox/server.mjs";
import { CONFIRMED_LIST_PATH } from "../../www-demo/sandbox/vendors/baidu.mjs";

const seed = loadSeed();
const C = seed.credentials;
const RATE = 0.3;
let sandbox;
const newest = Math.max(...seed.tencent.deals.map((d) => Date.parse(`${d.CreatTime.replace(" ", "T")}+08:00`)));
before(async () => {
  sandbox = await startSandbox({ randomFaults: { rate: RATE, seed: 20261127, delayMs: 15 } });
});
after(() => sandbox.close());

/** `call()` options with retries, and a fetch that counts what is sent. */
function flaky() {
  const counter = { sent: 0 };
  const opts = {
    retry: { attempts: 10, baseDelayMs: 1, maxDelayMs: 4 },
    fetch: (url, init) => {
      counter.sent++;
      return fetch(url, init);
    },
  };
  return { counter, opts };
}

async function collect(pages, items, key) {
  const seen = [];
  let count = 0;
  for await (const page of pages) {
    count++;
    for (const record of page[items]) seen.push(record[key]);
  }
  return { seen, pages: count };
}

const exactlyOnce = (seen, expected, what) => {
  assert.equal(new Set(seen).size, seen.length, `${what}: none repeated`);
  assert.deepEqual([...seen].sort(), [...expected].sort(), `${what}: none missing`);
};

test(`every record exactly once at a ${RATE * 100} % fault rate`, async () => {
  const figures = [];
  const run = async (label, client, op, input, items, key, expected, size) => {
    const before = sandbox.faults.stats();
    const { counter, opts } = flaky();
    const { seen, pages } = await collect(client.paginate(op, input, opts), items, key);
    const after = sandbox.faults.stats();
    exactlyOnce(seen, expected, label);
    // The last page is known from the total or a short page: never one past the end.
    assert.equal(pages, Math.ceil(expected.length / size), `${label}: pages asked for`);
    const faults = Object.values(after.faults).reduce((a, b) => a + b, 0) - Object.values(before.faults).reduce((a, b) => a + b, 0);
    figures.push({ label, records: seen.length, pages, requests: counter.sent, faults, retries: counter.sent - pages });
    return faults;
  };
  const tc = new TencentCloud({ ...C.tencent, endpoint: sandbox.url });
  const bd = new Baidu({ ...C.baidu, endpoint: sandbox.url, paths: { listResourcePackages: CONFIRMED_LIST_PATH } });
  const pv = new Polyv({ ...C.polyv, endpoint: sandbox.url });
  let faults = 0;
  faults += await run("Tencent deals", tc, "describeAgentDealsByCache", { Offset: 0, Limit: 20 }, "AgentDealSet", "DealName", seed.tencent.deals.map((d) => d.DealName), 20);
  faults += await run("Baidu packs", bd, "listResourcePackages", { pageNo: 1, pageSize: 3 }, "data", "resourcePackId", seed.baidu.packs.map((p) => p.resourcePackId), 3);
  // The Partners V2 listings see the 15 days before the sandbox's newest deal.
  const recent = seed.tencent.deals.filter((d) => Date.parse(`${d.CreatTime.replace(" ", "T")}+08:00`) >= newest - 15 * 86_400_000);
  for (const owner of new Set(recent.filter((d) => d.PayerMode === 0).map((d) => d.OwnerUin))) {
    const selfPaid = recent.filter((d) => d.PayerMode === 0 && d.OwnerUin === owner).map((d) => d.DealName);
    faults += await run(`Tencent self-paid deals of ${owner}`, tc, "describeAgentSelfPayDealsV2", { OwnerUin: owner, Offset: 0, Limit: 1 }, "AgentPayDealSet", "DealName", selfPaid, 1);
  }
  faults += await run("Tencent agent-paid deals", tc, "describeAgentPayDealsV2", { Offset: 0, Limit: 1 }, "AgentPayDealSet", "DealName", recent.filter((d) => d.PayerMode === 1).map((d) => d.DealName), 1);
  const billed = seed.tencent.deals.filter((d) => [2, 4, 6, 13].includes(d.Status) && d.CreatTime.startsWith("2026-10"));
  faults += await run("Tencent bills", tc, "describeAgentBills", { SettleMonth: "2026-10", Offset: 0, Limit: 4 }, "AgentBillSet", "OrderId", billed.map((d) => d.DealName), 4);
  faults += await run("Polyv accounts", pv, "listPackageValidity", { pageSize: 7 }, "contents", "userId", seed.polyv.accounts.map((a) => a.userId), 7);
  faults += await run("Polyv sub-accounts' remains", pv, "listSubAccounts", { pageSize: 5 }, "contents", "userId", seed.polyv.accounts.map((a) => a.userId), 5);
  console.log(`chaos, ${RATE * 100} % faults: ${JSON.stringify(figures)}; sandbox ${JSON.stringify(sandbox.faults.stats())}`);
  assert.ok(faults > 10, `faults were injected (${faults})`);
});

test(`Douyin deductions are counted exactly once at a ${RATE * 100} % fault rate`, async () => {
  const dy = new Douyin({ ...C.douyin, endpoint: sandbox.url });
  const purchase = seed.douyin.purchases.find((p) => p.remain_service_times >= 20);
  const query = { open_id: purchase.open_id, service_id: purchase.service_id };
  const left = async () => {
    sandbox.faults.random(null);
    const list = await dy.call("getUserServicePurchaseList", query);
    sandbox.faults.random({ rate: RATE, seed: 7, delayMs: 15 });
    return list.purchase_info_list.find((p) => p.service_mode_id === purchase.service_mode_id).remain_service_times;
  };
  const start = await left();
  const { counter, opts } = flaky();
  const N = 15;
  for (let i = 0; i < N; i++) {
    await dy.call("decrUserRemainTimes", { ...query, service_mode_id: purchase.service_mode_id, out_trade_no: `chaos-${i}`, count: 1 }, opts);
  }
  assert.equal(await left(), start - N, "each deduction counted once, whatever was resent");
  console.log(`chaos, Douyin: ${N} deductions in ${counter.sent} requests (token fetches and resends included)`);
  assert.ok(counter.sent > N, "some were resent");
});

test("paginate refuses what is not a paged read, before sending anything", async () => {
  const dy = new Douyin({ ...C.douyin, endpoint: sandbox.url });
  const tc = new TencentCloud({ ...C.tencent, endpoint: sandbox.url });
  for (const [client, op] of [[dy, "decrUserRemainTimes"], [tc, "syncUserAndOrderInfo"], [tc, "nope"]]) {
    const pages = client.paginate(op, {}, { fetch: () => assert.fail("nothing is sent") });
    await assert.rejects(pages.next(), (e) => e.code === "unknown_operation" && e.kind === "input");
  }
  await assert.rejects(tc.paginate("describeAgentDealsByCache", null).next(), (e) => e.code === "invalid_type");
});
