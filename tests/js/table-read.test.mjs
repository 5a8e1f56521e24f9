// The table-read path (one wasm pass, then JSON.parse) against the full reader it stands in
// front of, in JS: on every response vector and on random mutations of them, the two must
// both accept or both throw the same error, and an accepted result must carry everything
// the full reader's model does. tests/scan_differential.rs holds the core to the same
// verdict on ~60k more bodies; this checks the JS half (envelope, dropped fields, $metadata).
import assert from "node:assert/strict";
import test from "node:test";
import { Baidu, Douyin, Polyv, TencentCloud } from "quotakit";
import { like, outcome, rng, vectors } from "./lib.mjs";

const clients = {
  tencent: new TencentCloud({ secretId: "AKIDfake", secretKey: "fake-secret-not-real" }),
  baidu: new Baidu({ accessKeyId: "fakeak", secretAccessKey: "fake-secret-not-real" }),
  polyv: new Polyv({ appId: "fakeapp", appSecret: "fake-secret-not-real" }),
  douyin: new Douyin({ clientKey: "fakekey", clientSecret: "fake-secret-not-real" }),
};
const parseName = (op) => "parse" + op[0].toUpperCase() + op.slice(1);

/** Both readers on `raw`; returns whether the table path accepted it. */
function agree(vendor, op, raw, label) {
  const client = clients[vendor];
  const parse = client[parseName(op)];
  assert.equal(parse.tableRead, true, `${vendor}.${parseName(op)} is table-read`);
  const table = outcome(() => parse.call(client, raw));
  const full = outcome(() => parse.fullRead.call(client, raw));
  assert.deepEqual(Boolean(table.ok), Boolean(full.ok), `${label}: same verdict`);
  if (!table.ok) {
    assert.deepEqual(table.error, full.error, `${label}: same error`);
    return false;
  }
  assert.deepEqual(like(table.ok, full.ok), full.ok, `${label}: the result carries the model`);
  for (const [key, value] of Object.entries(table.ok)) {
    if (!(key in full.ok)) assert.ok(value === null || !/secret/i.test(key), `${label}: extra field ${key}`);
  }
  assert.ok(!JSON.stringify(table.ok).includes("appSecret"), `${label}: Polyv's appSecret is dropped`);
  return true;
}

const tableOps = { tencent: ["describeAgentDealsByCache"], baidu: ["listResourcePackages"], polyv: ["listPackageValidity"],
  douyin: ["getUserServicePurchaseList", "decrUserRemainTimes", "insertPurchaseInfo", "deletePurchaseInfo"] };

test("every response vector: the table path and the full reader agree", () => {
  let accepted = 0;
  for (const [vendor, ops] of Object.entries(tableOps)) {
    for (const v of vectors(vendor)) {
      for (const op of ops) {
        accepted += agree(vendor, op, { status: v.status, headers: v.headers, body: v.body }, `${v.name} as ${op}`) ? 1 : 0;
      }
    }
  }
  assert.ok(accepted >= 6, `the seed samples are accepted on the table path (${accepted})`);
});

test("random mutations of the vectors agree, and unusual raw values go to the full reader", () => {
  const next = rng(11);
  const pieces = ["", "\"", "\\", "}", ",", "0", "-1", "null", "1e999", "\\ud800", "\ud800", "9007199254740993", "[]", " "];
  let total = 0;
  for (const [vendor, ops] of Object.entries(tableOps)) {
    for (const v of vectors(vendor)) {
      for (let i = 0; i < 60; i++) {
        const at = Math.floor(next() * (v.body.length + 1));
        const cut = at + Math.floor(next() * 3);
        const body = v.body.slice(0, at) + pieces[Math.floor(next() * pieces.length)] + v.body.slice(cut);
        for (const op of ops) agree(vendor, op, { status: v.status, headers: v.headers, body }, `${v.name} mutated at ${at}`);
        total++;
      }
    }
  }
  const seed = vectors("tencent").find((v) => v.name === "seed-describe-agent-deals-by-cache");
  for (const raw of [
    { status: 200, body: seed.body, extra: 1 },
    { status: 200.5, body: seed.body },
    { status: 200, headers: { "x-a": "a\r\nb" }, body: seed.body },
    { status: 200, headers: null, body: seed.body },
    { status: 200, body: seed.body.replace("计费", "\ud800") },
    Object.assign(Object.create({ inherited: true }), { status: 200, body: seed.body }),
  ]) {
    agree("tencent", "describeAgentDealsByCache", raw, `unusual raw ${JSON.stringify(Object.keys(raw))}`);
  }
  assert.ok(total > 500, `${total} mutants`);
});

test("results keep what the vendor sent beyond the model, less dropped fields", () => {
  const body = JSON.stringify({ Response: { RequestId: "r-9", TotalCount: 1, AgentDealSet: [{ DealName: "d", DealId: null, NewField: 5 }] } });
  const result = clients.tencent.parseDescribeAgentDealsByCache({ status: 200, body });
  assert.deepEqual(result, { RequestId: "r-9", TotalCount: 1, AgentDealSet: [{ DealName: "d", DealId: null, NewField: 5 }], $metadata: { requestId: "r-9", httpStatus: 200 } });
  const polyv = vectors("polyv").find((v) => v.name === "seed-package-validity");
  const page = clients.polyv.parseListPackageValidity({ status: 200, body: polyv.body });
  assert.ok(polyv.body.includes("appSecret") && page.contents.length > 0 && page.contents.every((c) => !("appSecret" in c)));
  const baidu = clients.baidu.parseListResourcePackages({ status: 200, headers: { "X-Bce-Request-Id": "bce-1" }, body: '{"data":[]}' });
  assert.equal(baidu.$metadata.requestId, "bce-1");
});

test("schema(op) is a Standard Schema of the result, and jsonSchema(op) the same model for ajv", async () => {
  const { default: Ajv2020 } = await import("ajv/dist/2020.js");
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  let checked = 0;
  // Every result model has schemas, table-read or not (syncUserAndOrderInfo's reader also
  // reads Info.Code).
  const schemaOps = { ...tableOps, tencent: [...tableOps.tencent, "syncUserAndOrderInfo"] };
  for (const [vendor, ops] of Object.entries(schemaOps)) {
    const client = clients[vendor];
    for (const op of ops) {
      const standard = client.schema(op)["~standard"];
      assert.equal(standard.version, 1);
      assert.equal(standard.vendor, "quotakit");
      const validate = ajv.compile(client.jsonSchema(op));
      for (const v of vectors(vendor)) {
        const result = outcome(() => client[parseName(op)]({ status: v.status, headers: v.headers, body: v.body }));
        if (!result.ok) continue;
        // What the parser accepted, both schemas accept.
        assert.deepEqual(standard.validate(result.ok), { value: result.ok }, `${v.name} as ${op}`);
        assert.equal(validate(result.ok), true, `${v.name} as ${op}: ${ajv.errorsText(validate.errors)}`);
        checked++;
      }
    }
  }
  assert.ok(checked >= 9, `${checked} results checked`);
  // What the parser refuses, the Standard Schema refuses with the same issues and paths.
  const wrong = vectors("tencent").find((v) => v.name === "wrong-types-everywhere");
  const refused = outcome(() => clients.tencent.parseDescribeAgentDealsByCache({ status: wrong.status, body: wrong.body }));
  const model = JSON.parse(wrong.body).Response;
  const issues = clients.tencent.schema("describeAgentDealsByCache")["~standard"].validate(model).issues;
  assert.deepEqual(issues.map((i) => ["Response", ...i.path]), refused.error.issues.map((i) => i.pathSegments));
  assert.equal(ajv.compile(clients.tencent.jsonSchema("describeAgentDealsByCache"))(model), false);
  // clientToken's result is the token the client keeps, not a vendor model.
  assert.throws(() => clients.douyin.schema("clientToken"), (e) => e.kind === "input" && e.code === "unknown_operation");
  assert.throws(() => clients.douyin.jsonSchema("clientToken", "input"), (e) => e.kind === "input" && e.code === "unknown_operation");
  assert.throws(() => clients.tencent.schema("describeAgentDealsByCache", "output"), (e) => e.kind === "input" && /part must be/.test(e.message));
  assert.deepEqual(clients.douyin.schema("decrUserRemainTimes")["~standard"].validate(undefined).issues.length, 1);
});
