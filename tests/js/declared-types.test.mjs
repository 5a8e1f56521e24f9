// The package's declarations against what its runtime returns: for every result, error,
// webhook event, entitlement and summary that the vectors produce, each declared field is
// compared with the value there. A field the runtime leaves `undefined` must be declared
// optional; a `null` must be declared `| null`. The declarations are read with the
// TypeScript compiler's own checker, from the packed package's .d.ts files.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { join } from "node:path";
import test from "node:test";
import ts from "typescript";
import { Baidu, Douyin, Polyv, QuotakitError, TencentCloud, summarize } from "quotakit";
import { CREDS, NOW, entitlementOptions, root, vectors } from "./lib.mjs";

const entry = join(root, "node_modules/quotakit/index.d.ts");
const program = ts.createProgram([entry], {
  strict: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext, types: [], skipLibCheck: true,
  lib: ["lib.es2022.d.ts", "lib.esnext.disposable.d.ts"],
});
const checker = program.getTypeChecker();
const exported = new Map(checker.getExportsOfModule(checker.getSymbolAtLocation(program.getSourceFile(entry)))
  .map((s) => [s.name, s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s]));

/** The declared (instance) type of the exported interface or class `name`. */
function declared(name) {
  const symbol = exported.get(name);
  assert.ok(symbol, `quotakit exports no type ${name}`);
  return checker.getDeclaredTypeOfSymbol(symbol);
}

/** What `className`'s `method` is declared to return (its first signature). */
function returnOf(className, method) {
  const property = declared(className).getProperty(method);
  assert.ok(property, `${className} declares no ${method}`);
  return checker.getTypeOfSymbol(property).getCallSignatures()[0].getReturnType();
}

const has = (type, flag) => (type.isUnion() ? type.types : [type]).some((t) => t.flags & flag);

/**
 * Every place where `value` disagrees with `type` about absence: `undefined` where the field
 * is required, `null` where the type has none. Recurses into objects and arrays.
 */
function mismatches(value, type, path = "$", out = []) {
  if (value === null || typeof value !== "object") return out;
  type = checker.getNonNullableType(type);
  if (has(type, ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return out;
  if (Array.isArray(value)) {
    const item = checker.getIndexTypeOfType(type, ts.IndexKind.Number);
    if (item) value.forEach((v, i) => mismatches(v, item, `${path}[${i}]`, out));
    return out;
  }
  for (const property of checker.getPropertiesOfType(type)) {
    const propertyType = checker.getTypeOfSymbol(property);
    if (propertyType.getCallSignatures().length > 0) continue; // methods
    const { name } = property;
    const v = value[name];
    const optional = (property.flags & ts.SymbolFlags.Optional) !== 0 || has(propertyType, ts.TypeFlags.Undefined);
    if (v === undefined && !optional) out.push(`${path}.${name} is undefined, declared ${checker.typeToString(propertyType)}`);
    else if (v === null && !has(propertyType, ts.TypeFlags.Null)) out.push(`${path}.${name} is null, declared ${checker.typeToString(propertyType)}${optional ? " (optional)" : ""}`);
    else mismatches(v, propertyType, `${path}.${name}`, out);
  }
  return out;
}

const clients = {
  tencent: ["TencentCloud", new TencentCloud(CREDS)],
  baidu: ["Baidu", new Baidu({ accessKeyId: "ak-example", secretAccessKey: "fake-secret-not-real" })],
  polyv: ["Polyv", new Polyv({ appId: "fakeapp", appSecret: "fake-secret-not-real" })],
  douyin: ["Douyin", new Douyin({ clientKey: "fakekey", clientSecret: "fake-secret-not-real" })],
};
const parseName = (op) => "parse" + op[0].toUpperCase() + op.slice(1);
const errorType = () => declared("QuotakitError");

/** Runs `fn`; its result is checked against `resultType`, a thrown error against QuotakitError's. */
function checked(label, fn, resultType, found) {
  let value, type;
  try {
    value = fn();
    type = resultType();
  } catch (error) {
    assert.ok(error instanceof QuotakitError, `${label}: ${error}`);
    [value, type] = [error, errorType()];
  }
  found.push(...mismatches(value, type).map((m) => `${label}: ${m}`));
  return value;
}

test("the comparison finds a null or an undefined that its declaration does not allow", () => {
  const metadata = declared("ResponseMetadata");
  assert.deepEqual(mismatches({ requestId: null, httpStatus: 200 }, metadata), []);
  assert.equal(mismatches({ requestId: "r" }, metadata).length, 1, "httpStatus undefined");
  assert.equal(mismatches({ name: "QuotakitError", kind: "api", message: "m", retryable: false, issues: [], code: null }, errorType()).length, 1, "code null");
  assert.equal(mismatches({ issues: [{ code: "x", path: "$", pathSegments: null, expected: "", received: "" }], name: "QuotakitError", kind: "api", message: "", retryable: true }, errorType()).length, 1, "nested");
});

test("every vector's result or error has the optionality its declaration states", () => {
  const found = [];
  let n = 0;
  for (const vendor of Object.keys(clients)) {
    const [className, client] = clients[vendor];
    for (const v of vectors(vendor)) {
      const method = parseName(v.operation);
      const raw = { status: v.status ?? 200, headers: v.headers ?? {}, body: v.body };
      const args = method === "parseClientToken" ? [raw, { now: NOW }] : [raw];
      checked(`${vendor}/${v.name}`, () => client[method](...args), () => returnOf(className, method), found);
      n++;
    }
  }
  assert.ok(n >= 35, `only ${n} vectors`);
  assert.deepEqual(found, []);
});

test("errors of every kind, webhook events, entitlements and summaries match their declarations", async () => {
  const found = [];
  const [, tc] = clients.tencent;
  const [, dy] = clients.douyin;
  // Input errors: a builder, a constructor, an option, a schema check.
  checked("input error", () => tc.describeAgentDealsByCache({ Offset: -1, Limit: 0 }), () => returnOf("TencentCloud", "describeAgentDealsByCache"), found);
  checked("constructor error", () => new Baidu({ accessKeyId: "" }), errorType, found);
  checked("summarize error", () => summarize([], { lowBelow: 2 }), () => declared("Summary"), found);
  checked("unknown safeToRepeat", () => tc.safeToRepeat("DescribeAgentDealsByCache", {}), errorType, found);
  const issues = tc.schema("describeAgentDealsByCache", "input")["~standard"].validate({ Offset: "0", Limit: 0 }).issues;
  assert.deepEqual(issues.map((i) => [i.code, i.path.join(".")]), [["invalid_type", "Offset"], ["out_of_range", "Limit"]]);
  // call() errors: network, the host's own timeout, an attempt's timeout, the deadline.
  const fail = (error) => async () => { throw error; };
  // A fetch that answers only its signal. (Node's AbortSignal.timeout does not keep the
  // process alive, as a real request in flight would: the interval does.)
  const never = (url, init) => new Promise((_, reject) => {
    if (init.signal?.aborted) reject(init.signal.reason);
    init.signal?.addEventListener("abort", () => reject(init.signal.reason));
  });
  const alive = setInterval(() => {}, 1000);
  for (const [label, opts] of [
    ["network", { fetch: fail(new TypeError("fetch failed")) }],
    ["host timeout", { fetch: fail(new DOMException("slow", "TimeoutError")) }],
    ["attempt timeout", { fetch: never, timeoutMs: 5 }],
    ["deadline", { fetch: never, signal: AbortSignal.timeout(5) }],
    ["no fetch", { fetch: 5 }],
  ]) {
    const error = await tc.call("describeAgentDealsByCache", { Offset: 0, Limit: 1 }, opts).then(() => assert.fail(label), (e) => e);
    assert.ok(error instanceof QuotakitError, `${label}: ${error}`);
    found.push(...mismatches(error, errorType()).map((m) => `call ${label}: ${m}`));
  }
  clearInterval(alive);
  // Webhook events, with and without a Msg-Id, and the challenge.
  const sign = (body) => createHash("sha1").update("fake-secret-not-real" + body).digest("hex");
  const order = JSON.stringify({ event: "service_market_order", client_key: "fakekey", from_user_id: "o", content: "{\"order_id\":\"1\"}" });
  const challenge = JSON.stringify({ event: "verify_webhook", client_key: "fakekey", content: { challenge: 7 } });
  for (const [label, headers, body] of [
    ["order", { "x-douyin-signature": sign(order), "msg-id": "m-1" }, order],
    ["order without Msg-Id", { "x-douyin-signature": sign(order) }, order],
    ["challenge", { "x-douyin-signature": sign(challenge) }, challenge],
  ]) {
    checked(`webhook ${label}`, () => dy.verifyWebhook({ headers, body }), () => returnOf("Douyin", "verifyWebhook"), found);
  }
  // Entitlements (starts and ends that are null) and their summaries.
  const all = [];
  for (const v of vectors("entitlements")) {
    const client = v.vendor === "baidu" ? new Baidu({ accessKeyId: v.holder, secretAccessKey: "fake-secret-not-real" }) : clients[v.vendor][1];
    const body = v.response ? vectors(v.response.split("/")[0]).find((x) => x.name === v.response.split("/")[1]).body : JSON.stringify(v.body);
    const result = client[parseName(v.operation)]({ status: 200, body });
    const entitlements = client.entitlements(v.operation, result, entitlementOptions(v));
    found.push(...mismatches(entitlements, checker.createArrayType(declared("Entitlement"))).map((m) => `${v.name}: ${m}`));
    all.push(...entitlements);
  }
  found.push(...mismatches(summarize(all, { now: NOW }), declared("Summary")).map((m) => `summary: ${m}`));
  assert.deepEqual(found, []);
});
