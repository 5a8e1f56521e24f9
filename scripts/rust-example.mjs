// `make test` runs examples/sandbox.rs (quotakit from Rust with ureq) against a fresh vendor
// sandbox and checks the vendor's side: every Tencent deal was paged, and the Douyin
// deduction the example sends twice with one out_trade_no was counted once.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { loadSeed, startSandbox } from "../www-demo/sandbox/server.mjs";

const seed = loadSeed();
const sandbox = await startSandbox();
try {
  const purchase = seed.douyin.purchases.find((p) => p.service_mode_id === "count_500" && p.remain_service_times > 0);
  const left = () => sandbox.douyin.purchases.find((p) => p.open_id === purchase.open_id && p.service_mode_id === "count_500").remain_service_times;
  const before = left();
  const { stdout } = await promisify(execFile)("cargo", ["run", "--quiet", "--features", "http", "--example", "sandbox"], {
    env: {
      ...process.env,
      QUOTAKIT_SANDBOX_URL: sandbox.url,
      QUOTAKIT_TENCENT_SECRET_ID: seed.credentials.tencent.secretId,
      QUOTAKIT_TENCENT_SECRET_KEY: seed.credentials.tencent.secretKey,
      QUOTAKIT_DOUYIN_CLIENT_KEY: seed.credentials.douyin.clientKey,
      QUOTAKIT_DOUYIN_CLIENT_SECRET: seed.credentials.douyin.clientSecret,
      QUOTAKIT_DOUYIN_OPEN_ID: purchase.open_id,
      QUOTAKIT_DOUYIN_SERVICE_ID: purchase.service_id,
      QUOTAKIT_DOUYIN_SERVICE_MODE_ID: "count_500",
    },
  });
  process.stdout.write(stdout);
  const total = seed.tencent.deals.length;
  assert.match(stdout, new RegExp(`tencent: ${total} of ${total} deals`));
  assert.equal((stdout.match(/douyin: deduction .* sent/g) ?? []).length, 2);
  assert.equal(left(), before - 1, "the deduction sent twice was counted once");
  console.log("rust example: ok");
} finally {
  await sandbox.close();
}
