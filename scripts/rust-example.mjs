// `make test` runs the Rust examples against a fresh vendor sandbox and checks the vendor's
// side of what they did:
// - examples/sandbox.rs (quotakit by hand, with ureq): every Tencent deal paged, and a Douyin
//   deduction sent twice with one out_trade_no counted once;
// - examples/entitlements.rs (quotakit's driver) against a sandbox that fails 30 % of
//   requests at random: every deal, pack and sub-account exactly once, and its deduction,
//   sent twice and resent after faults, counted once.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { loadSeed, startSandbox } from "../www-demo/sandbox/server.mjs";
import { CONFIRMED_LIST_PATH } from "../www-demo/sandbox/vendors/baidu.mjs";

const seed = loadSeed();
const C = seed.credentials;
const purchase = seed.douyin.purchases.find((p) => p.service_mode_id === "count_500" && p.remain_service_times > 2);
const env = (sandbox, extra = {}) => ({
  ...process.env,
  QUOTAKIT_SANDBOX_URL: sandbox.url,
  QUOTAKIT_TENCENT_SECRET_ID: C.tencent.secretId,
  QUOTAKIT_TENCENT_SECRET_KEY: C.tencent.secretKey,
  QUOTAKIT_BAIDU_ACCESS_KEY_ID: C.baidu.accessKeyId,
  QUOTAKIT_BAIDU_SECRET_ACCESS_KEY: C.baidu.secretAccessKey,
  QUOTAKIT_BAIDU_LIST_PATH: CONFIRMED_LIST_PATH,
  QUOTAKIT_POLYV_APP_ID: C.polyv.appId,
  QUOTAKIT_POLYV_APP_SECRET: C.polyv.appSecret,
  QUOTAKIT_DOUYIN_CLIENT_KEY: C.douyin.clientKey,
  QUOTAKIT_DOUYIN_CLIENT_SECRET: C.douyin.clientSecret,
  QUOTAKIT_DOUYIN_OPEN_ID: purchase.open_id,
  QUOTAKIT_DOUYIN_SERVICE_ID: purchase.service_id,
  QUOTAKIT_DOUYIN_SERVICE_MODE_ID: "count_500",
  ...extra,
});
const example = async (name, environment) => {
  const { stdout } = await promisify(execFile)("cargo", ["run", "--quiet", "--features", "http", "--example", name], { env: environment });
  process.stdout.write(stdout);
  return stdout;
};
const remaining = (sandbox) => () => sandbox.douyin.purchases.find((p) => p.open_id === purchase.open_id && p.service_mode_id === "count_500").remain_service_times;

// By hand.
{
  const sandbox = await startSandbox();
  try {
    const left = remaining(sandbox);
    const before = left();
    const stdout = await example("sandbox", env(sandbox));
    const total = seed.tencent.deals.length;
    assert.match(stdout, new RegExp(`tencent: ${total} of ${total} deals`));
    assert.equal((stdout.match(/douyin: deduction .* sent/g) ?? []).length, 2);
    assert.equal(left(), before - 1, "the deduction sent twice was counted once");
  } finally {
    await sandbox.close();
  }
}

// With the driver, at a 30 % fault rate (slow answers past the example's 1 s timeout too).
{
  const sandbox = await startSandbox({ randomFaults: { rate: 0.3, seed: 20261201, delayMs: 1500 } });
  try {
    const left = remaining(sandbox);
    const before = left();
    const stdout = await example("entitlements", env(sandbox, { QUOTAKIT_DOUYIN_OUT_TRADE_NO: `rust-entitlements-${Date.now()}` }));
    const line = (vendor) => {
      const m = new RegExp(`^${vendor}: (\\d+) entitlements, (\\d+) sources, (\\d+) holders$`, "m").exec(stdout);
      assert.ok(m, `${vendor}'s line`);
      return { entitlements: Number(m[1]), sources: Number(m[2]), holders: Number(m[3]) };
    };
    const tencent = line("tencent");
    assert.deepEqual([tencent.entitlements, tencent.sources], [seed.tencent.deals.length, seed.tencent.deals.length], "every deal exactly once");
    const baidu = line("baidu");
    assert.deepEqual([baidu.entitlements, baidu.sources], [seed.baidu.packs.length, seed.baidu.packs.length], "every pack exactly once");
    const polyv = line("polyv");
    assert.equal(polyv.holders, seed.polyv.accounts.length, "every sub-account");
    assert.equal(polyv.entitlements, polyv.sources, "none twice");
    assert.match(stdout, /^summary: \d+ customers, \d+ entitlements$/m);
    assert.equal(left(), before - 1, "the deduction sent twice, and resent after faults, was counted once");
    const stats = sandbox.faults.stats();
    const faults = Object.values(stats.faults).reduce((a, b) => a + b, 0);
    assert.ok(faults >= 5, `faults were injected: ${JSON.stringify(stats)}`);
    console.log(`rust driver at 30 % faults: ${stats.requests} requests, faults ${JSON.stringify(stats.faults)}`);
  } finally {
    await sandbox.close();
  }
}

// The README's Rust program is examples/quickstart.rs, which clippy and cargo build check.
{
  const { readFileSync } = await import("node:fs");
  const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
  const shown = /## Rust\n[\s\S]*?```rust\n([\s\S]*?)```/.exec(readme)?.[1];
  assert.equal(shown, readFileSync(new URL("../examples/quickstart.rs", import.meta.url), "utf8"), "the README shows examples/quickstart.rs as it is");
  console.log("README's Rust program: examples/quickstart.rs");
}
console.log("rust examples: ok");
