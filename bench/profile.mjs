// Measures one build of pkg/ for the release-profile choice: .wasm size (raw, gzip) and the
// median time of a signed build and of a 200-deal validation. Usage: node bench/profile.mjs [pkgDir]
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { pathToFileURL } from "node:url";
import { resolve } from "node:path";

const dir = resolve(process.argv[2] ?? "pkg");
const { TencentCloud } = await import(pathToFileURL(`${dir}/node.mjs`).href);
const wasm = readFileSync(`${dir}/quotakit_bg.wasm`);
const tc = new TencentCloud({ secretId: "AKIDEXAMPLE", secretKey: "SECRETEXAMPLE" });
const fixture = JSON.parse(readFileSync(new URL("../tests/vectors/tencent/seed-describe-agent-deals-by-cache.json", import.meta.url), "utf8"));
const one = JSON.parse(fixture.body).Response.AgentDealSet[0];
const body200 = JSON.stringify({ Response: { RequestId: "r", TotalCount: 200, AgentDealSet: Array.from({ length: 200 }, () => one) } });

function median(fn, iterations, rounds = 7) {
  for (let i = 0; i < iterations; i++) fn();
  const times = [];
  for (let r = 0; r < rounds; r++) {
    const t = process.hrtime.bigint();
    for (let i = 0; i < iterations; i++) fn();
    times.push(Number(process.hrtime.bigint() - t) / iterations / 1000);
  }
  return times.sort((a, b) => a - b)[Math.floor(rounds / 2)];
}
const sign = median(() => tc.describeAgentDealsByCache({ Offset: 0, Limit: 10 }, { now: 1_700_000_000_000 }), 5000);
const parse = median(() => tc.parseDescribeAgentDealsByCache({ status: 200, body: body200 }), 50);
console.log(JSON.stringify({ wasmBytes: wasm.length, gzipBytes: gzipSync(wasm, { level: 9 }).length, signMicros: +sign.toFixed(2), parse200Micros: +parse.toFixed(1) }));
