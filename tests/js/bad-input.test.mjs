// The bad-input table: every public entry of the built package, every field of a valid
// input replaced by every value of the wrong kind, plus whole inputs that are not objects
// and objects with fields nobody asked for. Each case must throw a QuotakitError of kind
// "input" whose issues name the field; none may trap the module. Then 10,000 more such
// calls, after which the module still signs and its wasm memory has not grown.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import test from "node:test";
import { pathToFileURL } from "node:url";

import { Baidu, Douyin, Polyv, QuotakitError, TencentCloud } from "quotakit";
import { root } from "./lib.mjs";

const NOW = Date.UTC(2026, 10, 23, 8);
const SECRET = "table-secret-not-real-0000000000";
const opts = { now: NOW };

const tc = new TencentCloud({ secretId: "AKIDtable", secretKey: SECRET });
const bd = new Baidu({ accessKeyId: "table-ak", secretAccessKey: SECRET });
const pv = new Polyv({ appId: "tableapp", appSecret: SECRET });
const dy = new Douyin({ clientKey: "tablekey", clientSecret: SECRET });
dy.setToken("table-token-not-real", NOW + 3_600_000);

const TEN_MB = "x".repeat(10 << 20);
class Custom {}
const notJson = [
  ["NaN", NaN], ["Infinity", Infinity], ["-Infinity", -Infinity], ["a bigint", 10n],
  ["a symbol", Symbol("s")], ["a function", () => 1], ["a Date", new Date(0)], ["a Map", new Map()],
  ["a class instance", new Custom()],
];
/** Values that are wrong for a field of each kind. */
const BAD = {
  string: [
    ...notJson, ["a number", 5], ["-0", -0], ["a boolean", true], ["an object", {}], ["an array", ["a"]],
    ["NUL", "a\0b"], ["CR LF (header injection)", "a\r\nX-Injected: 1"], ["LF", "a\nb"],
    ["a lone surrogate", "a\uD800b"], ["10 MB", TEN_MB],
  ],
  // Bodies may hold newlines and be long, but not this long, and not ill-formed.
  body: [...notJson, ["a number", 5], ["an array", ["a"]], ["a lone surrogate", "{}\uDC00"], ["10 MB", TEN_MB]],
  integer: [
    ...notJson, ["a string", "5"], ["-0", -0], ["a fraction", 1.5], ["2^53 + 2", 2 ** 53 + 2],
    ["-(2^53 + 2)", -(2 ** 53 + 2)], ["a boolean", true], ["an object", {}],
  ],
  boolean: [...notJson, ["a string", "true"], ["a number", 1], ["-0", -0]],
  array: [...notJson, ["a string", "a"], ["an object", {}], ["a number", 1]],
  object: [...notJson, ["a string", "a"], ["an array", []], ["a number", 1]],
  // Server headers: a plain object of strings (Node's string[] and undefined values too),
  // or anything with Headers' forEach (a Map, a Fetch Headers), which carries no signature
  // here. What is left must be refused as input.
  headers: [
    ...notJson.filter(([what]) => what !== "a Map"), ["a string", "a"], ["an array", []], ["a number", 1],
    ["a number value", { "x-douyin-signature": 5 }], ["an array of numbers", { "x-douyin-signature": [1] }],
  ],
};
/** Required fields also refuse absence; optional ones accept null and undefined. */
const MISSING = [["null", null], ["undefined", undefined]];

/**
 * Each entry: a name, a call taking the input, a valid input, its fields' kinds (`?` marks
 * an optional field), and where its paths start when not at `$.` (options, raw responses).
 */
const ENTRIES = [
  ["new TencentCloud", (i) => new TencentCloud(i), { secretId: "AKIDx", secretKey: SECRET, region: "ap-guangzhou" },
    { secretId: "string", secretKey: "string", region: "string?", token: "string?", endpoint: "string?" }],
  ["new Baidu", (i) => new Baidu(i), { accessKeyId: "ak", secretAccessKey: SECRET, expirationPeriodInSeconds: 60 },
    { accessKeyId: "string", secretAccessKey: "string", sessionToken: "string?", expirationPeriodInSeconds: "integer?", paths: "object?" }],
  ["new Polyv", (i) => new Polyv(i), { appId: "a", appSecret: SECRET }, { appId: "string", appSecret: "string", endpoint: "string?" }],
  ["new Douyin", (i) => new Douyin(i), { clientKey: "k", clientSecret: SECRET, refreshMarginSeconds: 60 },
    { clientKey: "string", clientSecret: "string", refreshMarginSeconds: "integer?", endpoint: "string?" }],
  ["TencentCloud.describeAgentDealsByCache", (i) => tc.describeAgentDealsByCache(i, opts),
    { Offset: 0, Limit: 10, OwnerUins: ["1"], CreatTimeRangeStart: "2026-11-01 00:00:00", CreatTimeRangeEnd: "2026-11-02 00:00:00" },
    { Offset: "integer", Limit: "integer", OwnerUins: "array?", CreatTimeRangeStart: "string?", Order: "integer?" }],
  ["TencentCloud.syncUserAndOrderInfo", (i) => tc.syncUserAndOrderInfo(i, opts),
    { UserInfo: { PaidCorpId: "wwcorp", PaidCorpName: "Demo" }, OrderInfo: { OrderId: "O1" } },
    { UserInfo: "object?", OrderInfo: "object?" }],
  ["TencentCloud.signRequest", (i) => tc.signRequest(i, opts),
    { service: "cvm", action: "DescribeInstances", version: "2017-03-12", payload: '{\n  "Limit": 1\n}' },
    { service: "string", action: "string", version: "string", payload: "body?" }],
  ["TencentCloud.verifyMarketNotification", (i) => TencentCloud.verifyMarketNotification(i),
    { query: { signature: "a".repeat(64), timestamp: String(NOW / 1000), eventId: "1" }, token: "tok", now: NOW },
    { query: "object", token: "string", now: "integer?" }],
  ["Baidu.signRequest", (i) => bd.signRequest(i, opts),
    { method: "POST", path: "/v1/x", headers: { "Content-Type": "application/json" }, body: "{\n}" },
    { method: "string", path: "string", headers: "object?", body: "body?" }],
  ["Baidu.listResourcePackages", (i) => bd.listResourcePackages(i, opts), { pageNo: 1, pageSize: 10, status: "USING" },
    { pageNo: "integer?", pageSize: "integer?", status: "string?" }],
  ["Polyv.listPackageValidity", (i) => pv.listPackageValidity(i, opts), { emails: ["a@x.com"], pageSize: 10, pageNumber: 1 },
    { emails: "array?", pageSize: "integer?", pageNumber: "integer?" }],
  ["TencentCloud.getUsagePlanUsageAmount", (i) => tc.getUsagePlanUsageAmount(i, opts), { InstanceId: "ins-1" }, { InstanceId: "string" }],
  ["TencentCloud.flowProductRemind", (i) => tc.flowProductRemind(i, opts),
    { ProviderUin: "1", SignId: "s", ResourceId: "r", TotalFlow: "2000", LeftFlow: "200", FlowUnit: "Mb" },
    { ProviderUin: "string", SignId: "string", ResourceId: "string", TotalFlow: "string", LeftFlow: "string", FlowUnit: "string" }],
  ["TencentCloud.describeAgentSelfPayDealsV2", (i) => tc.describeAgentSelfPayDealsV2(i, opts), { OwnerUin: "1", Offset: 0, Limit: 10, DealNames: ["d"] },
    { OwnerUin: "string", Offset: "integer", Limit: "integer", DealNames: "array?", Status: "integer?" }],
  ["TencentCloud.describeAgentPayDealsV2", (i) => tc.describeAgentPayDealsV2(i, opts), { Offset: 0, Limit: 10, OwnerUins: ["1"] },
    { Offset: "integer", Limit: "integer", OwnerUins: "array?", CreatTimeRangeEnd: "string?" }],
  ["TencentCloud.describeAgentDealsPriceDetailByDealName", (i) => tc.describeAgentDealsPriceDetailByDealName(i, opts), { DealCreatYear: 2025, DealNames: ["d"] },
    { DealCreatYear: "integer", DealNames: "array", OwnerUin: "string?" }],
  ["TencentCloud.describeClientBalanceNew", (i) => tc.describeClientBalanceNew(i, opts), { ClientUin: "1" }, { ClientUin: "string" }],
  ["TencentCloud.describeAgentBills", (i) => tc.describeAgentBills(i, opts), { SettleMonth: "2026-10", Limit: 10 },
    { SettleMonth: "string", ClientUin: "string?", Offset: "integer?", Limit: "integer?" }],
  ["Polyv.listSubAccounts", (i) => pv.listSubAccounts(i, opts), { emails: ["a@x.com"], pageSize: 100 }, { emails: "array?", pageSize: "integer?", pageNumber: "integer?" }],
  ["Polyv.createSubAccount", (i) => pv.createSubAccount(i, opts), { email: "a@x.com", password: "pass1234", contacts: "c", phone: "13800000000", maxChannels: 1 },
    { email: "string", password: "string", contacts: "string", phone: "string", maxChannels: "integer", memo: "string?" }],
  ["Polyv.signParams", (i) => pv.signParams(i, opts), { pageSize: "10", emails: "a@x.com" }, { pageSize: "string?", emails: "string?" }],
  ["Douyin.getUserServicePurchaseList", (i) => dy.getUserServicePurchaseList(i, opts), { open_id: "o", service_id: "s" },
    { open_id: "string", service_id: "string", is_test_env: "boolean?" }],
  ["Douyin.decrUserRemainTimes", (i) => dy.decrUserRemainTimes(i, opts),
    { open_id: "o", service_id: "s", service_mode_id: "m", out_trade_no: "t-1", count: 1 },
    { open_id: "string", service_id: "string", service_mode_id: "string", out_trade_no: "string", count: "integer" }],
  ["Douyin.insertPurchaseInfo", (i) => dy.insertPurchaseInfo(i, opts),
    { open_id: "o", service_id: "s", service_mode_id: "m", out_trade_no: "t-2", purchase_time: NOW, period_type: 1, duration: 1 },
    { open_id: "string", out_trade_no: "string", purchase_time: "integer", duration: "integer?" }],
  ["Douyin.deletePurchaseInfo", (i) => dy.deletePurchaseInfo(i, opts), { open_id: "o", service_id: "s", service_mode_id: "m", out_trade_no: "t-3" },
    { open_id: "string", service_id: "string", service_mode_id: "string", out_trade_no: "string" }],
  ["Douyin.verifyWebhook", (i) => dy.verifyWebhook(i), null, { headers: "headers", body: "body" }],
  ["build options", (i) => tc.describeAgentDealsByCache({ Offset: 0, Limit: 1 }, i), { now: NOW, explain: true },
    { now: "integer?", explain: "boolean?" }, "options."],
  ["raw response", (i) => tc.parseDescribeAgentDealsByCache(i),
    { status: 200, headers: { "content-type": "application/json" }, body: '{"Response":{"RequestId":"r","TotalCount":0,"AgentDealSet":[]}}' },
    { status: "integer", headers: "object?" }, "raw."],
];

/** Whole inputs that are not a plain object, and objects with fields nobody asked for. */
const NOT_OBJECTS = [...notJson, ["a number", 5], ["-0", -0], ["a string", "x"], ["an array", []], ["null", null], ["true", true]];
const EXTRA_KEYS = [
  ["an unknown field", { extraField: 1 }, "extraField"],
  ["a \"__proto__\" own key (as JSON.parse makes it)", JSON.parse('{"__proto__": {"polluted": true}}'), "__proto__"],
  ["a \"constructor\" key", { constructor: "x" }, "constructor"],
];

/** Runs `fn`, which must throw a QuotakitError of kind input naming `field` ("$" for the whole input). */
function expectInputError(label, fn, field) {
  let error;
  try {
    fn();
  } catch (e) {
    error = e;
  }
  assert.ok(error instanceof QuotakitError, `${label}: expected a QuotakitError, got ${error === undefined ? "no error" : error}`);
  assert.equal(error.kind, "input", `${label}: kind ${error.kind}: ${error.message}`);
  const paths = error.issues.map((i) => i.path);
  const named = field === "$" ? paths.length > 0 : paths.some((p) => p === `$.${field}` || p.startsWith(`$.${field}.`) || p.startsWith(`$.${field}[`) || p.startsWith(`$["${field}"]`));
  assert.ok(named, `${label}: no issue names ${field}: ${JSON.stringify(paths)} (${error.message})`);
  return error;
}

/** Every case of the table as [label, thunk, field, entry name, input]. */
function* cases() {
  for (const [name, call, valid, fields, prefix = ""] of ENTRIES) {
    const base = valid ?? { headers: { "x-douyin-signature": "0".repeat(40) }, body: "{}" };
    for (const [field, kindSpec] of Object.entries(fields)) {
      const optional = kindSpec.endsWith("?");
      const kind = kindSpec.replace("?", "");
      for (const [what, value] of [...BAD[kind], ...(optional ? [] : MISSING)]) {
        const input = { ...base, [field]: value };
        yield [`${name}: ${field} = ${what}`, () => call(input), prefix + field, name, input];
      }
    }
    if (name === "build options") continue; // options may be omitted, so they are not checked as a whole input here
    for (const [what, value] of NOT_OBJECTS) {
      if (name === "Polyv.signParams" && what === "null") continue;
      yield [`${name}: the input is ${what}`, () => call(value), "$", name, value];
    }
    for (const [what, extra, key] of EXTRA_KEYS) {
      // signParams takes any names (a record of strings): only the non-string values are wrong.
      if (name === "Polyv.signParams" && typeof extra[key] === "string") continue;
      // Spread defines "__proto__" as an own key, as JSON.parse does (Object.assign would set the prototype).
      const input = { ...base, ...extra };
      yield [`${name}: ${what}`, () => call(input), prefix + key, name, input];
    }
  }
  // Primitive parameters.
  yield ["Douyin.setToken: token = a number", () => dy.setToken(5, NOW), "token"];
  yield ["Douyin.setToken: token = CR LF", () => dy.setToken("a\r\nb", NOW), "token"];
  yield ["Douyin.setToken: expiresAt = NaN", () => dy.setToken("t", NaN), "expiresAt"];
  yield ["Douyin.setToken: expiresAt = a string", () => dy.setToken("t", "soon"), "expiresAt"];
  yield ["Douyin.needsToken: now = Infinity", () => dy.needsToken(Infinity), "now"];
  yield ["Douyin.needsToken: now = a string", () => dy.needsToken("now"), "now"];
}

test("every valid base input is accepted, so each table row changes one thing", () => {
  for (const [name, call, valid] of ENTRIES) {
    if (valid === null || name === "TencentCloud.verifyMarketNotification") continue;
    assert.doesNotThrow(() => call(valid), name);
  }
  // The notification base is well-formed; only its signature is wrong.
  assert.throws(() => TencentCloud.verifyMarketNotification(ENTRIES[7][2]), (e) => e.kind === "signature");
});

test("every bad input is an input error naming its field", () => {
  let n = 0;
  for (const [label, fn, field] of cases()) {
    expectInputError(label, fn, field);
    n++;
  }
  assert.ok(n > 500, `only ${n} cases`);
});

test("schema(op, \"input\") agrees with op's builder on every case: the same verdict, the same issues", () => {
  const clients = { TencentCloud: tc, Baidu: bd, Polyv: pv, Douyin: dy };
  const builds = new Map(ENTRIES.map(([name, call, valid]) => [name, { call, valid }]));
  const inputs = [...cases()].map(([label, , , name, input]) => [label, name, input]);
  for (const [name, { valid }] of builds) if (valid) inputs.push([`${name}: the valid base input`, name, valid]);
  let compared = 0;
  for (const [label, name = "", input] of inputs) {
    const [clientName, op] = name.split(".");
    const client = clients[clientName];
    if (!client || !(op in client) || !/^[a-z]/.test(op)) continue;
    let schema;
    try {
      schema = client.schema(op, "input")["~standard"];
    } catch {
      continue; // an escape hatch (signRequest, signParams) or a verifier: no input model
    }
    let error;
    try {
      builds.get(name).call(input);
    } catch (e) {
      error = e;
    }
    const result = schema.validate(input);
    if (error === undefined) {
      assert.deepEqual(result, { value: input }, `${label}: the builder signed it, the schema must pass it`);
    } else {
      assert.equal(error.kind, "input", `${label}: ${error.message}`);
      assert.deepEqual(result.issues.map((i) => [i.message, i.path]),
        error.issues.map((i) => [`${i.code} at ${i.path}: expected ${i.expected}, received ${i.received}`, i.pathSegments]), label);
    }
    compared++;
  }
  assert.ok(compared > 300, `only ${compared} inputs compared`);
});

test("jsonSchema(op, \"input\") accepts every valid base input and refuses unknown fields and wrong types, for ajv", async () => {
  const { default: Ajv2020 } = await import("ajv/dist/2020.js");
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  const clients = { TencentCloud: tc, Baidu: bd, Polyv: pv, Douyin: dy };
  let checked = 0;
  for (const [name, , valid, fields] of ENTRIES) {
    const [clientName, op] = name.split(".");
    const client = clients[clientName];
    if (!client || !valid || !/^[a-z]/.test(op ?? "")) continue;
    let schema;
    try {
      schema = client.jsonSchema(op, "input");
    } catch {
      continue;
    }
    assert.equal(schema.title, `${client.toJSON().vendor} ${op} input`);
    const validate = ajv.compile(schema);
    assert.equal(validate(valid), true, `${name}: ${ajv.errorsText(validate.errors)}`);
    assert.equal(validate({ ...valid, extraField: 1 }), false, `${name}: an unknown field`);
    const [field, kind] = Object.entries(fields)[0];
    const wrong = kind.startsWith("string") ? 5 : "5";
    assert.equal(validate({ ...valid, [field]: wrong }), false, `${name}: ${field} = ${JSON.stringify(wrong)}`);
    checked++;
  }
  // Every operation with an input model has its row in ENTRIES: the table says which.
  const glue = await import(pathToFileURL(join(root, "node_modules/quotakit/quotakit.js")).href);
  const typed = JSON.parse(glue.__operations()).filter((o) => o.inputType !== null);
  assert.equal(checked, typed.length, `every operation with an input model: ${typed.map((o) => o.name).join(", ")}`);
});

test("10,000 bad calls later the module still signs and its wasm memory has not grown", async () => {
  const glue = await import(pathToFileURL(join(root, "node_modules/quotakit/quotakit.js")).href);
  // The package's entry has instantiated this glue already; initSync hands back its exports.
  const { memory } = glue.initSync({ module: readFileSync(join(root, "node_modules/quotakit/quotakit_bg.wasm")) });
  const all = [...cases()];
  for (const [, fn] of all) try { fn(); } catch {} // warm-up: the allocator's high-water mark
  const before = memory.buffer.byteLength;
  let calls = 0;
  while (calls < 10_000) {
    for (const [label, fn, field] of all) {
      if (calls >= 10_000) break;
      if (label.includes("10 MB")) continue; // covered above; 10 MB copies would only slow this loop
      expectInputError(label, fn, field);
      calls++;
    }
  }
  assert.equal(memory.buffer.byteLength, before, "wasm memory grew");
  const req = tc.describeAgentDealsByCache({ Offset: 0, Limit: 1 }, opts);
  assert.match(req.headers.Authorization, /^TC3-HMAC-SHA256 Credential=AKIDtable\//);
});

/**
 * The documented rules of the operations issue 22 added: each input breaks one or more,
 * and the error names every broken field with its code. A password is never echoed.
 */
const RULES = [
  [(i) => tc.describeAgentSelfPayDealsV2(i, opts), { OwnerUin: "", Offset: 0, Limit: 101, Status: 13, DealNames: [""] },
    [["out_of_range", "$.OwnerUin"], ["out_of_range", "$.Limit"], ["unknown_enum", "$.Status"], ["out_of_range", "$.DealNames[0]"]]],
  [(i) => tc.describeAgentPayDealsV2(i, opts), { Offset: 0, Limit: 0, CreatTimeRangeStart: "2026-11-02 00:00:00", CreatTimeRangeEnd: "2026-11-01 00:00:00" },
    [["out_of_range", "$.Limit"], ["invalid_value", "$.CreatTimeRangeStart"]]],
  [(i) => tc.describeAgentDealsPriceDetailByDealName(i, opts), { DealCreatYear: 25, DealNames: Array.from({ length: 101 }, (_, k) => `d${k}`) },
    [["out_of_range", "$.DealCreatYear"], ["out_of_range", "$.DealNames"]]],
  [(i) => tc.describeAgentDealsPriceDetailByDealName(i, opts), { DealCreatYear: 2025, DealNames: [] }, [["out_of_range", "$.DealNames"]]],
  [(i) => tc.describeClientBalanceNew(i, opts), { ClientUin: "" }, [["out_of_range", "$.ClientUin"]]],
  [(i) => tc.describeAgentBills(i, opts), { SettleMonth: "2026-13", PayMode: "cash", ClientUin: "" },
    [["invalid_format", "$.SettleMonth"], ["unknown_enum", "$.PayMode"], ["out_of_range", "$.ClientUin"]]],
  [(i) => pv.listSubAccounts(i, opts), { pageSize: 101, pageNumber: 0, emails: ["not-an-email"] },
    [["invalid_format", "$.emails[0]"], ["out_of_range", "$.pageSize"], ["out_of_range", "$.pageNumber"]]],
  [(i) => pv.createSubAccount(i, opts), { email: "x", password: "short1", contacts: "", phone: "", maxChannels: 1, balance: -1, memo: "备".repeat(51), expireType: "forever", expireDate: "20230230" },
    [["invalid_format", "$.email"], ["out_of_range", "$.password"], ["out_of_range", "$.balance"], ["out_of_range", "$.memo"], ["unknown_enum", "$.expireType"], ["invalid_format", "$.expireDate"], ["out_of_range", "$.contacts"], ["out_of_range", "$.phone"]]],
  [(i) => pv.createSubAccount(i, opts), { email: "a@x.com", password: "lettersonly", contacts: "c", phone: "1", maxChannels: 1 }, [["invalid_value", "$.password"]]],
];

test("the new operations' documented rules: every broken field named, a password never echoed", () => {
  for (const [call, input, expected] of RULES) {
    const e = thrown(call, input);
    assert.deepEqual(e.issues.map((i) => [i.code, i.path]), expected, JSON.stringify(input).slice(0, 120));
  }
  for (const password of ["short1", "lettersonly", 1234567890123, ["pass1234"], "x\u0000y12345678"]) {
    const e = thrown((i) => pv.createSubAccount(i, opts), { email: "a@x.com", password, contacts: "c", phone: "1", maxChannels: 1 });
    const said = JSON.stringify({ message: e.message, issues: e.issues });
    assert.ok(!said.includes(String(password).replace("\u0000", "")) && !said.includes("1234567890123") && !said.includes("pass1234"), said);
  }
});

function thrown(call, input) {
  try {
    call(input);
  } catch (e) {
    assert.ok(e instanceof QuotakitError && e.kind === "input", String(e));
    return e;
  }
  assert.fail(`accepted ${JSON.stringify(input).slice(0, 80)}`);
}
