// Differential test: each Tencent action quotakit builds with a typed builder, against the
// full Tencent Cloud Node SDK's own service client for it (tests/tencent-sdk/), on random
// inputs (non-ASCII, quotes, backslashes; quotakit refuses control characters in
// text). The SDK sends to its own host (market. or partners.tencentcloudapi.com) through an
// agent that connects to a local server, which records what it got; quotakit builds the same
// call at the SDK's timestamp with its default endpoint, and the body and the Authorization
// must be the same, byte for byte.
import assert from "node:assert/strict";
import { Agent, createServer } from "node:http";
import { connect } from "node:net";
import { createRequire } from "node:module";
import test from "node:test";
import { TencentCloud } from "quotakit";
import { rng } from "./lib.mjs";

const require = createRequire(new URL("../tencent-sdk/", import.meta.url));
const sdkClient = (service, version) => require(`tencentcloud-sdk-nodejs/tencentcloud/services/${service}/${version}/${service}_client.js`).Client;
const CLIENTS = { market: sdkClient("market", "v20191010"), partners: sdkClient("partners", "v20180321") };

// Not U+2028/U+2029: the SDK's json-bigint escapes them where JSON.stringify and quotakit
// write them as they are, so the bodies differ in spelling, not in meaning.
const PIECES = ["a", "Z", "0", " ", "\"", "\\", "/", "é", "测", "试", "😀", "&", "=", "%", "<", "\u00a0"];
const text = (next) => Array.from({ length: 1 + Math.floor(next() * 12) }, () => PIECES[Math.floor(next() * PIECES.length)]).join("");
const integer = (max) => (next) => Math.floor(next() * (max + 1));
const between = (min, max) => (next) => min + Math.floor(next() * (max - min + 1));
const texts = (next) => Array.from({ length: 1 + Math.floor(next() * 3) }, () => text(next));
const oneOf = (...values) => (next) => values[Math.floor(next() * values.length)];
const time = (next) => `2026-0${between(1, 9)(next)}-1${between(0, 9)(next)} 0${between(0, 9)(next)}:3${between(0, 9)(next)}:00`;
/** The V2 deal listings' fields, with their owners' (`OwnerUins` of `describeAgentPayDealsV2`) in the model's place. */
const listing = (owners) => ({ Offset: integer(10_000), Limit: between(1, 100), CreatTimeRangeStart: time, CreatTimeRangeEnd: () => "2026-12-01 00:00:00", Order: integer(1), Status: between(1, 12), ...owners, DealNames: texts, BigDealIds: texts });

/**
 * Each action: its service, quotakit's name, and a value for each of its input's fields, in
 * the model's order. Optional fields are left out of one input in three.
 */
const ACTIONS = {
  GetUsagePlanUsageAmount: { service: "market", op: "getUsagePlanUsageAmount", fields: { InstanceId: text } },
  FlowProductRemind: { service: "market", op: "flowProductRemind", fields: Object.fromEntries(["ProviderUin", "SignId", "ResourceId", "TotalFlow", "LeftFlow", "FlowUnit"].map((f) => [f, text])), required: 6 },
  DescribeAgentSelfPayDealsV2: { service: "partners", op: "describeAgentSelfPayDealsV2", fields: { OwnerUin: text, ...listing({}) }, required: 3 },
  DescribeAgentPayDealsV2: { service: "partners", op: "describeAgentPayDealsV2", fields: listing({ OwnerUins: texts }), required: 2 },
  DescribeAgentDealsPriceDetailByDealName: { service: "partners", op: "describeAgentDealsPriceDetailByDealName", fields: { DealCreatYear: between(2013, 2026), DealNames: texts, OwnerUin: text }, required: 2 },
  DescribeClientBalanceNew: { service: "partners", op: "describeClientBalanceNew", fields: { ClientUin: text } },
  DescribeAgentBills: { service: "partners", op: "describeAgentBills", fields: { SettleMonth: (next) => `20${between(18, 26)(next)}-${String(between(1, 12)(next)).padStart(2, "0")}`, ClientUin: text, PayMode: oneOf("prepay", "postpay"), OrderId: text, ClientRemark: text, Offset: integer(10_000), Limit: between(1, 100) }, required: 1 },
};

/** A random input of `action`: every required field, and each optional one two times in three. */
function randomInput(next, { fields, required = 1 }) {
  const all = Object.entries(fields);
  const input = {};
  all.forEach(([name, value], i) => {
    // Field order matters to the body: the SDK and quotakit both write the model's order.
    if (i < required || next() < 2 / 3) input[name] = value(next);
  });
  return input;
}

test("every new Market and Partners action is signed as the full Tencent SDK signs it, on 150 random inputs each", async () => {
  const received = [];
  const server = createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk) => { body += chunk; });
    req.on("end", () => {
      received.push({ headers: req.headers, body });
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ Response: { RequestId: "r" } }));
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  // The SDK signs the host without a port (and sends it with one), so it talks to its own
  // default host, port 80, through an agent whose every connection goes to the local server:
  // nothing leaves the machine.
  const agent = new Agent();
  agent.createConnection = () => connect({ host: "127.0.0.1", port: server.address().port });
  try {
    const next = rng(22);
    for (const [action, spec] of Object.entries(ACTIONS)) {
      const { service, op } = spec;
      const endpoint = `${service}.tencentcloudapi.com`;
      for (let i = 0; i < 150; i++) {
        const secretId = `AKID${Math.floor(next() * 1e12)}`;
        const secretKey = `fake-key-${Math.floor(next() * 1e12)}-测试`;
        const input = randomInput(next, spec);
        const sdk = new CLIENTS[service]({ credential: { secretId, secretKey }, profile: { httpProfile: { endpoint, protocol: "http://", reqMethod: "POST", agent } } });
        received.length = 0;
        await sdk[action](input);
        const [got] = received;
        const timestamp = Number(got.headers["x-tc-timestamp"]);
        const ours = new TencentCloud({ secretId, secretKey })[op](input, { now: timestamp * 1000 });
        assert.equal(ours.url, `https://${endpoint}/`);
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
