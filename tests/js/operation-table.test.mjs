// Each client's per-operation methods come from the operation table (src/operation.rs), not
// from code per operation: the wasm layer has one generic export per kind of call, the
// package names a method per operation at load, and build-pkg.mjs declares them. So adding
// an operation touches its declaration, its vectors and its sandbox route, and nothing in
// src/wasm/ or pkg-template/ (issue 24's check by a reader who adds one).
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import test from "node:test";
import { Baidu, Douyin, Polyv, QuotakitError, TencentCloud } from "quotakit";
// The glue module that the entry above initialized: same URL, same instance.
import * as glue from "../../node_modules/quotakit/quotakit.js";
import { root } from "./lib.mjs";

const operations = JSON.parse(glue.__operations());
const typed = operations.filter((o) => o.inputType !== null);
const CLASSES = { tencent: TencentCloud, baidu: Baidu, polyv: Polyv, douyin: Douyin };
const parseName = (op) => "parse" + op[0].toUpperCase() + op.slice(1);
const declarations = readFileSync(join(root, "node_modules/quotakit/types.d.ts"), "utf8");

test("the table has every operation the clients document, each with its model names", () => {
  assert.ok(typed.length >= 8, `${typed.length} typed operations`);
  for (const o of typed) {
    assert.match(o.inputType, /^[A-Z]\w+$/, `${o.name}'s input model`);
    assert.match(o.resultType, /^[A-Z]\w+$/, `${o.name}'s result model`);
  }
});

test("every typed operation has its builder and reader, named, on its client only", () => {
  for (const o of typed) {
    const proto = CLASSES[o.vendor].prototype;
    assert.equal(typeof proto[o.name], "function", `${o.vendor}.${o.name}`);
    assert.equal(proto[o.name].name, o.name);
    assert.equal(typeof proto[parseName(o.name)], "function", `${o.vendor}.${parseName(o.name)}`);
    assert.equal(proto[parseName(o.name)].name, parseName(o.name));
    assert.equal(Object.keys(proto).includes(o.name), false, "methods are not enumerable, as a class's are");
    for (const [vendor, Other] of Object.entries(CLASSES)) {
      if (vendor !== o.vendor) assert.equal(Other.prototype[o.name], undefined, `${vendor} has no ${o.name}`);
    }
  }
});

test("the declarations name every typed operation with its models", () => {
  for (const o of typed) {
    const Class = CLASSES[o.vendor].name;
    assert.ok(declarations.includes(`    ${o.name}(input: ${o.inputType}, opts?: BuildOptionsInput | null): HttpRequest;`), `${Class}.${o.name}`);
    assert.ok(declarations.includes(`    ${parseName(o.name)}(raw: RawResponse): Parsed<${o.resultType}>;`), `${Class}.${parseName(o.name)}`);
    assert.ok(declarations.includes(`    ${o.name}: [${o.inputType}, Parsed<${o.resultType}>];`), `${Class}Operations.${o.name}`);
    if (o.paging) assert.ok(declarations.includes(`    paginate(op: "${o.name}", input: ${o.inputType},`), `${Class}.paginate("${o.name}")`);
    if (o.entitlements) assert.ok(declarations.includes(`    entitlements(op: "${o.name}", result: ${o.resultType},`), `${Class}.entitlements("${o.name}")`);
  }
});

test("nothing in src/wasm/ or pkg-template/ names an operation", () => {
  const files = [
    ...readdirSync(join(root, "src/wasm")).map((n) => join("src/wasm", n)),
    ...readdirSync(join(root, "pkg-template")).map((n) => join("pkg-template", n)),
  ];
  for (const file of files) {
    const text = readFileSync(join(root, file), "utf8");
    for (const o of typed) {
      for (const name of [o.name, parseName(o.name), o.inputType, o.resultType]) {
        assert.equal(new RegExp(`\\b${name}\\b`).test(text), false, `${file} names ${name}`);
      }
    }
  }
});

test("a generic export refuses an operation its client does not have, naming those it has", () => {
  const baidu = new Baidu({ accessKeyId: "fakeak", secretAccessKey: "fake-secret-not-real" });
  for (const [call, args] of [["__build", [{}, { now: 1 }]], ["__parse", [{ status: 200, headers: {}, body: "{}" }]], ["__buildLines", ["{}", 1]]]) {
    for (const op of ["describeAgentDealsByCache", "clientToken", "nope", ""]) {
      assert.throws(() => baidu[call](op, ...args), (e) => {
        assert.ok(e instanceof QuotakitError);
        assert.equal(e.kind, "input");
        assert.equal(e.code, "unknown_operation");
        assert.match(e.message, /baidu has listResourcePackages/);
        return true;
      }, `${call}(${JSON.stringify(op)})`);
    }
  }
});
