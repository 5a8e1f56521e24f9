// Differential test: quotakit's TC3 against tencentcloud-sdk-nodejs-common's Sign.sign3 over
// random payloads (non-ASCII included) and random timestamps.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { TencentCloud } from "quotakit";
import { rng, randomValue } from "./lib.mjs";

const require = createRequire(import.meta.url);
const Sign = require("tencentcloud-sdk-nodejs-common/tencentcloud/common/sign.js").default;

test("Authorization equals the Tencent SDK's for 1000 random requests", () => {
  const next = rng(2026);
  const services = ["cvm", "partners", "market", "billing"];
  for (let i = 0; i < 1000; i++) {
    const secretId = `AKID${Math.floor(next() * 1e12)}`;
    const secretKey = `key-${Math.floor(next() * 1e12)}-测试`;
    const service = services[i % services.length];
    const timestamp = 946_684_800 + Math.floor(next() * 6e9);
    const payload = { Data: randomValue(next), Name: "名前" + i };
    const client = new TencentCloud({ secretId, secretKey });
    const req = client.signRequest({ service, action: "DescribeX", version: "2020-01-01", payload }, { now: timestamp * 1000 });
    const expected = Sign.sign3({
      method: "POST", url: `https://${service}.tencentcloudapi.com`, payload: Buffer.from(req.body, "utf8"),
      timestamp, service, secretId, secretKey, multipart: false, boundary: "", headers: { "Content-Type": "application/json" },
    });
    assert.equal(req.headers.Authorization, expected, `case ${i}: ${req.body}`);
    assert.deepEqual(JSON.parse(req.body), JSON.parse(JSON.stringify(payload)), `case ${i}: body meaning`);
  }
});
