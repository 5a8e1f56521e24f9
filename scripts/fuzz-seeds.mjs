// Seeds the fuzz corpora (fuzz/corpus/<target>/) from tests/vectors/, the same files the
// Rust and JS tests read, plus one valid input per builder. Run by `make fuzz` and the fuzz
// smoke in `make test`; the fuzzers add what they find next to these seeds.
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(fileURLToPath(import.meta.url), "../..");
const vectors = join(root, "tests/vectors");
const corpus = (target) => {
  const dir = join(root, "fuzz/corpus", target);
  mkdirSync(dir, { recursive: true });
  return dir;
};
const STATUSES = [200, 400, 403, 429, 500, 502]; // as in fuzz_targets/responses.rs
const seed = (target, name, selector, text) =>
  writeFileSync(join(corpus(target), `seed-${name}`), Buffer.concat([Buffer.from([selector]), Buffer.from(text)]));

const builderInputs = [
  { Offset: 0, Limit: 20, OwnerUins: ["100000000001"], Status: 1, CreatTimeRangeStart: "2026-11-01 00:00:00", CreatTimeRangeEnd: "2026-11-20 00:00:00", Order: 0 },
  { UserInfo: { PaidCorpId: "wwcorp", PaidCorpName: "Demo" }, OrderInfo: { OrderId: "O1" } },
  { pageNo: 1, pageSize: 10, status: "USING", order: "asc", orderBy: "expireTime" },
  { emails: ["a@polyv.net"], pageSize: 50, pageNumber: 1 },
  { open_id: "o", service_id: "s", service_mode_id: "m", out_trade_no: "t", count: 1 },
  { open_id: "o", service_id: "s", service_mode_id: "m", out_trade_no: "t", purchase_time: 1763884800000, period_type: 1, duration: 1 },
  { secretId: "AKIDx", secretKey: "k", region: "ap-guangzhou", limits: { maxBodyBytes: 1024, maxDepth: 8 } },
  { clientKey: "k", clientSecret: "s", refreshMarginSeconds: 60 },
];
let n = 0;
for (const dir of readdirSync(vectors)) {
  for (const file of readdirSync(join(vectors, dir)).filter((f) => f.endsWith(".json"))) {
    const v = JSON.parse(readFileSync(join(vectors, dir, file), "utf8"));
    const name = `${dir}-${file.replace(/\.json$/, "")}`;
    if (typeof v.body === "string") {
      seed("responses", name, Math.max(0, STATUSES.indexOf(v.status)), v.body);
      seed("webhooks", name, 1, v.body);
      n += 2;
    }
    if (v.service && v.payload !== undefined) {
      const payload = (() => { try { return JSON.parse(v.payload); } catch { return v.payload; } })();
      seed("builders", name, 0, JSON.stringify({ service: v.service, action: "DescribeInstances", version: "2017-03-12", payload }));
      n++;
    }
    if (v.method && v.path) {
      seed("builders", name, 0, JSON.stringify({ method: v.method, path: v.path, headers: v.headers }));
      n++;
    }
    if (v.params) {
      seed("builders", name, 0, JSON.stringify(v.params));
      n++;
    }
  }
}
builderInputs.forEach((input, i) => seed("builders", `input-${i}`, 0, JSON.stringify(input)));
seed("webhooks", "tencent-notification", 0, "0f1e2d\n1763884800\nevent-1\ntoken");
console.log(`fuzz corpora seeded: ${n + builderInputs.length + 1} files from tests/vectors/`);
