// Differential test: each Tencent action quotakit builds with a typed builder, against the
// full Tencent Cloud Node SDK's own service client for it (tests/tencent-sdk/), on random
// inputs (non-ASCII, quotes, backslashes; quotakit refuses control characters in
// text). The SDK sends to its market.tencentcloudapi.com through an agent that connects to a
// local server, which records what it got; quotakit builds the same call at the SDK's
// timestamp with its default endpoint, and the body and the Authorization must be the same,
// byte for byte.
import assert from "node:assert/strict";
import { Agent, createServer } from "node:http";
import { connect } from "node:net";
import { createRequire } from "node:module";
import test from "node:test";
import { TencentCloud } from "quotakit";
import { rng } from "./lib.mjs";

const require = createRequire(new URL("../tencent-sdk/", import.meta.url));
const { Client: MarketClient } = require("tencentcloud-sdk-nodejs/tencentcloud/services/market/v20191010/market_client.js");

// Not U+2028/U+2029: the SDK's json-bigint escapes them where JSON.stringify and quotakit
// write them as they are, so the bodies differ in spelling, not in meaning.
const PIECES = ["a", "Z", "0", " ", "\"", "\\", "/", "é", "测", "试", "😀", "&", "=", "%", "<", "\u00a0"];
const text = (next) => Array.from({ length: 1 + Math.floor(next() * 12) }, () => PIECES[Math.floor(next() * PIECES.length)]).join("");

/** Each action: quotakit's name and its input's fields, in the model's order. */
const ACTIONS = {
  GetUsagePlanUsageAmount: { op: "getUsagePlanUsageAmount", fields: ["InstanceId"] },
  FlowProductRemind: { op: "flowProductRemind", fields: ["ProviderUin", "SignId", "ResourceId", "TotalFlow", "LeftFlow", "FlowUnit"] },
};

test("every new Market action is signed as the full Tencent SDK signs it, on 150 random inputs each", async () => {
  const received = [];
  const server = createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk) => { body += chunk; });
    req.on("end", () => {
      received.push({ headers: req.headers, body });
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ Response: { RequestId: "r", Success: "true", MaxRequestNum: 1, InUseRequestNum: 0, RemainingRequestNum: 1 } }));
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  // The SDK signs the host without a port (and sends it with one), so it talks to its own
  // default host, port 80, through an agent whose every connection goes to the local server:
  // nothing leaves the machine.
  const agent = new Agent();
  agent.createConnection = () => connect({ host: "127.0.0.1", port: server.address().port });
  const endpoint = "market.tencentcloudapi.com";
  try {
    const next = rng(22);
    for (const [action, { op, fields }] of Object.entries(ACTIONS)) {
      for (let i = 0; i < 150; i++) {
        const secretId = `AKID${Math.floor(next() * 1e12)}`;
        const secretKey = `fake-key-${Math.floor(next() * 1e12)}-测试`;
        const input = Object.fromEntries(fields.map((f) => [f, text(next)]));
        const sdk = new MarketClient({ credential: { secretId, secretKey }, profile: { httpProfile: { endpoint, protocol: "http://", reqMethod: "POST", agent } } });
        received.length = 0;
        await sdk[action](input);
        const [got] = received;
        const timestamp = Number(got.headers["x-tc-timestamp"]);
        const ours = new TencentCloud({ secretId, secretKey })[op](input, { now: timestamp * 1000 });
        assert.equal(ours.url, "https://market.tencentcloudapi.com/");
        assert.equal(ours.headers["X-TC-Action"], action);
        assert.equal(got.headers["x-tc-action"], action);
        assert.equal(ours.body, got.body, `${action} case ${i}: the body`);
        assert.equal(ours.headers.Authorization, got.headers.authorization, `${action} case ${i}: ${got.body}`);
      }
    }
  } finally {
    agent.destroy();
    server.close();
  }
});
