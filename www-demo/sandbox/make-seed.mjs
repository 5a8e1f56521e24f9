// Writes seed.json, the sandbox's starting state: a few fictional customer companies and
// what they bought on each platform. Run once and commit the output; the sandbox only reads
// seed.json. A fixed PRNG seed keeps the file the same on every run.
//
//   node www-demo/sandbox/make-seed.mjs
import { writeFileSync } from "node:fs";

let state = 20261123;
const rand = () => {
  state = (state + 0x6d2b79f5) | 0;
  let t = Math.imul(state ^ (state >>> 15), 1 | state);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = (xs) => xs[Math.floor(rand() * xs.length)];
const int = (lo, hi) => lo + Math.floor(rand() * (hi - lo + 1));
const digits = (n) => Array.from({ length: n }, () => int(0, 9)).join("");
const pad = (n) => String(n).padStart(2, "0");
const ymdhms = (ms) => {
  const d = new Date(ms + 8 * 3600_000); // Beijing time, as Tencent prints it
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
};
const ymd = (ms) => ymdhms(ms).slice(0, 10);
const DAY = 86_400_000;
const START = Date.UTC(2026, 4, 1); // 2026-05-01
const END = Date.UTC(2026, 10, 20); // 2026-11-20

const companies = [
  ["杭州云帆科技有限公司", "yunfan"], ["深圳市蓝鲸数据服务有限公司", "lanjing"],
  ["北京青禾教育科技有限公司", "qinghe"], ["成都锦程电商有限公司", "jincheng"],
  ["上海知味餐饮管理有限公司", "zhiwei"], ["广州星桥传媒有限公司", "xingqiao"],
  ["南京拾光文化传播有限公司", "shiguang"], ["武汉长江智造有限公司", "changjiang"],
  ["苏州木棉家居有限公司", "mumian"], ["厦门海屿旅行社有限公司", "haiyu"],
  ["西安秦川医疗器械有限公司", "qinchuan"], ["重庆山城物流有限公司", "shancheng"],
];

const customers = companies.map(([name, slug], i) => ({
  name,
  slug,
  tencentUin: `1000${digits(8)}`,
  douyinOpenId: `_000${slug.slice(0, 3)}${digits(4)}-${slug}OpenId${i}`,
  email: `ops@${slug}.example`,
}));

// ---- Douyin service market: one service with a trial, a count pack and a time plan -------
const SERVICE_ID = "7021602203591000001";
const douyin = {
  services: [{
    service_id: SERVICE_ID,
    service_name: "智能客服助手",
    modes: [
      { service_mode_id: "free", specification_type: 1, specification_title: "体验版", times: 10 },
      { service_mode_id: "count_500", specification_type: 2, specification_title: "次数包 500 次", times: 500 },
      { service_mode_id: "standard_1", specification_type: 3, specification_title: "标准版 包年", days: 365 },
    ],
  }],
  purchases: customers.flatMap((c, i) => {
    const rows = [{ open_id: c.douyinOpenId, service_mode_id: "free", remain_service_times: int(0, 10) }];
    if (i % 3 !== 2) rows.push({ open_id: c.douyinOpenId, service_mode_id: "count_500", remain_service_times: i === 0 ? 42 : int(0, 500) });
    if (i % 2 === 0) {
      const effective = START + int(0, 150) * DAY;
      rows.push({ open_id: c.douyinOpenId, service_mode_id: "standard_1", effective_time: effective, expire_time: effective + 365 * DAY });
    }
    return rows.map((r) => ({ service_id: SERVICE_ID, ...r }));
  }),
};

// ---- Tencent Partners: prepaid deals of the agent's customers ------------------------------
const goods = [
  ["企业微信 SaaS 智能客服", "标准版 按年", "176258"], ["企业微信 SaaS 智能客服", "旗舰版 按年", "176258"],
  ["云市场 电子签章", "500 份套餐", "182014"], ["云市场 短信通知", "10 万条", "190233"],
  ["云服务器 CVM", "S5.MEDIUM4 包年包月", "101"], ["云数据库 MySQL", "2 核 4 GB 包年包月", "102"],
];
const statuses = [
  ...Array(6).fill([4, "已发货", "purchase"]), ...Array(3).fill([4, "已发货", "renew"]), [4, "已发货", "upgrade"],
  [2, "已支付", "purchase"], [2, "已支付", "purchase"], [1, "未支付", "purchase"], [7, "已关单", "purchase"],
  [6, "已退款", "refund"], [13, "退款中", "refund"],
];
const deals = [];
for (let n = 0; n < 230; n++) {
  const c = customers[n % customers.length];
  const created = START + Math.floor(rand() * (END - START));
  const [goodsName, subGoodsName, category] = pick(goods);
  const [status, statusText, action] = pick(statuses);
  const price = pick([19900, 59900, 99900, 298000, 680000, 1200000]);
  const num = int(1, 3);
  const discount = pick([100, 100, 95, 90, 80]);
  deals.push({
    DealName: `${ymd(created).replaceAll("-", "")}${digits(15)}`,
    BigDealId: `${ymd(created).replaceAll("-", "")}${digits(15)}`,
    OwnerUin: c.tencentUin,
    GoodsName: goodsName,
    SubGoodsName: subGoodsName,
    GoodsCategoryId: category,
    GoodsNum: num,
    OriginalTotalCost: price * num,
    RealTotalCost: Math.round((price * num * discount) / 100) * (action === "refund" ? -1 : 1),
    Status: status,
    DealStatus: statusText,
    ActionType: action,
    PayerMode: n % 7 === 0 ? 1 : 0,
    ClientType: pick(["new", "old", "assign"]),
    CreatTime: ymdhms(created),
  });
}
deals.sort((a, b) => a.CreatTime.localeCompare(b.CreatTime));
deals.forEach((d, i) => { d.DealId = String(290644558 + i); });

// ---- Baidu TMS resource packs --------------------------------------------------------------
const packNames = [["快速注册包年10件套餐", 10], ["快速注册包年1件套餐", 1], ["商标监控 50 件", 50], ["驳回复审 5 件", 5]];
const packStatuses = ["USING", "USING", "USING", "CONFIRMED", "FINISHED", "CANCELED", "NEED_PURCHASE"];
const packs = Array.from({ length: 26 }, (_, i) => {
  const [name, count] = pick(packNames);
  const status = pick(packStatuses);
  const updated = START + Math.floor(rand() * (END - START));
  const expires = updated + int(30, 400) * DAY;
  const orderId = Array.from({ length: 32 }, () => "0123456789abcdef"[int(0, 15)]).join("");
  const used = status === "FINISHED" ? count : status === "USING" ? int(0, count) : 0;
  return {
    resourcePackId: `TRP-${Array.from({ length: 11 }, () => "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789"[int(0, 56)]).join("")}`,
    name, count, countUsage: used,
    expireTime: new Date(expires).toISOString().replace("Z", "+0000"),
    updateTime: new Date(updated).toISOString().replace("Z", "+0000"),
    orderId, associationId: orderId, source: i % 5 === 4 ? "GIFT" : "PURCHASE", status,
  };
});

// ---- Polyv sub-accounts with their remaining packages ---------------------------------------
const GB = 1024 ** 3;
const accounts = Array.from({ length: 63 }, (_, i) => {
  const c = customers[i % customers.length];
  const email = i < customers.length ? c.email : `live${String(i).padStart(2, "0")}@${c.slug}.example`;
  const plan = { minutes: pick([1000, 5000, 20000]), flow: pick([100, 500, 2000]) * GB, space: pick([50, 200]) * GB };
  const left = (total, k) => Math.round(total * (i % 9 === 0 ? rand() * 0.08 : k));
  const start = START + int(0, 60) * DAY;
  const period = (total) => [{ start: ymd(start), end: ymd(start + 365 * DAY), available: left(total, rand()) }];
  return {
    userId: digits(10), appId: `g${digits(9)}`, email, balance: String(int(0, 5000)),
    phone: `1${pick(["38", "39", "58", "86"])}${digits(8)}`, memo: c.name, contacts: pick(["王敏", "李强", "张伟", "陈静", "刘洋"]),
    chargeType: pick(["minutes", "minutes", "concurrent"]), concurrent: [],
    minutes: period(plan.minutes), flow: period(plan.flow), space: i % 4 === 3 ? [] : period(plan.space),
    expireType: "group", expireDate: null, status: i % 17 === 16 ? "frozen" : "normal",
    linkMicMinutes: int(0, 600), guideMinutes: int(0, 300), maxChannels: pick([5, 10, 20]), linkMicLimit: pick([0, 6, 16]),
    plan,
  };
});

const seed = {
  about: "Fictional customers for the quotakit vendor sandbox; written by make-seed.mjs. Credentials here are fake and work only against the sandbox.",
  credentials: {
    tencent: { secretId: "AKIDsandbox00000000000000000000000001", secretKey: "sandbox-tencent-secret-key-not-real-01" },
    baidu: { accessKeyId: "sandbox0000000000000000000000000a", secretAccessKey: "sandbox-baidu-secret-key-not-real-0001" },
    polyv: { appId: "sandboxapp", appSecret: "sandbox-polyv-app-secret-not-real-01" },
    douyin: { clientKey: "awsandbox00000001", clientSecret: "sandbox-douyin-client-secret-not-real" },
  },
  customers,
  douyin,
  tencent: { deals },
  baidu: { packs },
  polyv: { accounts },
};
writeFileSync(new URL("./seed.json", import.meta.url), JSON.stringify(seed, null, 1) + "\n");
console.log(`seed.json: ${customers.length} customers, ${douyin.purchases.length} Douyin purchases, ${deals.length} deals, ${packs.length} packs, ${accounts.length} Polyv accounts`);
