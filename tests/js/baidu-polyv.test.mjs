// Baidu and Polyv through the built package: vectors through the builders, independent
// verifiers, a differential test against @baiducloud/sdk, fixtures, input errors, secrets.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { Baidu, Polyv, QuotakitError } from "quotakit";
import { verifyBce } from "../../www-demo/sandbox/verify/bce.mjs";
import { verifyPolyv } from "../../www-demo/sandbox/verify/polyv.mjs";
import { vectors, at, rng, root, thrown } from "./lib.mjs";

const require = createRequire(import.meta.url);
const BceAuth = require("@baiducloud/sdk/src/auth.js");

const AK = "a".repeat(32);
const SK = "b".repeat(32);
const TMS_DATE_MS = Date.parse("2020-04-27T02:43:18Z");
const baidu = new Baidu({ accessKeyId: AK, secretAccessKey: SK });
const POLYV = { appId: "g4rqgmmjuo", appSecret: "fsq2k5weced1h8vui657xtdva66whf0g" };
const polyv = new Polyv(POLYV);

test("Baidu: the derived TMS vector through listResourcePackages", () => {
  const req = baidu.listResourcePackages({}, { now: TMS_DATE_MS, explain: true });
  const v = vectors("bce").find((x) => x.name === "derived-tms-default-headers");
  assert.equal(req.method, "POST");
  assert.equal(req.url, "https://tms-api.baidu.com/v1/tms/openapi/trademarks");
  assert.equal(req.headers["x-bce-date"], "2020-04-27T02:43:18Z");
  assert.equal(req.headers.Authorization, v.expected.authorization);
  assert.equal(req.explain.signedHeaders, "content-type;host;x-bce-date");
  assert.match(req.explain.canonicalRequest, /^POST\n\/v1\/tms\/openapi\/trademarks\n\ncontent-type:application%2Fjson\nhost:tms-api.baidu.com\nx-bce-date:2020-04-27T02%3A43%3A18Z$/);
  assert.ok(!JSON.stringify(req.explain).includes(SK));
});

test("Baidu: the listing is never resent to the order path, in any spelling set as an override", async () => {
  const table = JSON.parse(readFileSync(join(root, "tests/vectors/write-paths/baidu-order-path.json"), "utf8"));
  const internalError = vectors("baidu").find((v) => v.name === "internal-error");
  const raw = { status: 500, body: internalError.body };
  let accepted = 0;
  for (const path of table.orderPath) {
    let client;
    try {
      client = new Baidu({ accessKeyId: AK, secretAccessKey: SK, paths: { listResourcePackages: path } });
    } catch (e) {
      assert.deepEqual([e.kind, e.path], ["input", "$.paths.listResourcePackages"], path); // a refused path sends nothing
      continue;
    }
    accepted++;
    assert.equal(client.safeToRepeat("listResourcePackages", {}), false, path);
    const e = thrown(() => client.parseListResourcePackages(raw));
    assert.deepEqual([e.code, e.retryable], ["InternalError", false], path);
    assert.match(e.message, /not retryable: listResourcePackages is not safe to repeat; its path is also that of Baidu TMS's 创建商标订单并下单支付/);
    // call() with retries sends it once.
    let sent = 0;
    const fetch = async () => { sent++; return new Response(internalError.body, { status: 500 }); };
    const failed = await client.call("listResourcePackages", {}, { fetch, retry: { attempts: 5, baseDelayMs: 1 } }).catch((error) => error);
    assert.deepEqual([failed.retryable, failed.attempts, sent], [false, 1, 1], path);
  }
  assert.ok(accepted >= table.orderPath.length - 3, `only ${accepted} spellings were valid paths`);
  for (const path of table.otherPaths) {
    const client = new Baidu({ accessKeyId: AK, secretAccessKey: SK, paths: { listResourcePackages: path } });
    assert.equal(client.safeToRepeat("listResourcePackages", {}), true, path);
    assert.equal(thrown(() => client.parseListResourcePackages(raw)).retryable, true, path);
  }
});

test("Baidu: path override, STS token and expiration are honoured and verified", () => {
  const c = new Baidu({ accessKeyId: AK, secretAccessKey: SK, sessionToken: "sts-EXAMPLE", expirationPeriodInSeconds: 600,
    endpoint: "http://127.0.0.1:9", paths: { listResourcePackages: "/v1/tms/openapi/resourcepacks/list" } });
  const now = Date.now();
  const req = c.listResourcePackages({ pageNo: 2, pageSize: 20, status: "USING", condition: "AVAILABLE", order: "asc", orderBy: "expireTime" }, { now });
  assert.equal(req.url, "http://127.0.0.1:9/v1/tms/openapi/resourcepacks/list");
  assert.deepEqual(JSON.parse(req.body), { pageNo: 2, pageSize: 20, status: "USING", condition: "AVAILABLE", order: "asc", orderBy: "expireTime" });
  assert.equal(req.headers["x-bce-security-token"], "sts-EXAMPLE");
  assert.match(req.headers.Authorization, /\/600\/content-type;host;x-bce-date;x-bce-security-token\//);
  const lookup = (ak) => (ak === AK ? SK : undefined);
  assert.equal(verifyBce(req, lookup, { nowSeconds: Math.floor(now / 1000) }).ok, true);
  assert.equal(verifyBce(req, lookup, { nowSeconds: Math.floor(now / 1000) + 601 }).reason, "expired");
  assert.equal(verifyBce(req, () => "WRONG").reason, "signature mismatch");
});

test("Baidu: signRequest equals @baiducloud/sdk's Auth.generateAuthorization (500 random requests)", () => {
  const next = rng(99);
  const word = () => Array.from({ length: 1 + Math.floor(next() * 6) }, () => "abcXYZ019_-.~ /测试+=&%"[Math.floor(next() * 22)]).join("");
  const key = () => Array.from({ length: 1 + Math.floor(next() * 5) }, () => "abcXYZ019_"[Math.floor(next() * 10)]).join("");
  for (let i = 0; i < 500; i++) {
    const now = 946_684_800_000 + Math.floor(next() * 6e12);
    const query = Object.fromEntries(Array.from({ length: Math.floor(next() * 4) }, () => [key(), word()]));
    const headers = Object.fromEntries(Array.from({ length: Math.floor(next() * 3) }, () => [`x-bce-${key().toLowerCase().replace(/_/g, "-")}`, word().trim() || "v"]));
    const method = ["GET", "POST", "PUT", "DELETE"][i % 4];
    const path = "/v1/" + word();
    if (path.split("/").some((seg) => seg === "." || seg === "..")) {
      // fetch would drop these segments and the server would see another path: refused.
      assert.equal(thrown(() => baidu.signRequest({ method, path }, { now })).path, "$.path");
      continue;
    }
    const req = baidu.signRequest({ method, path, query, headers, body: i % 2 ? '{"a":1}' : undefined }, { now });
    const u = new URL(req.url);
    const sdkHeaders = { ...req.headers, Host: u.host };
    delete sdkHeaders.Authorization;
    const expected = new BceAuth(AK, SK).generateAuthorization(method, u.pathname, Object.fromEntries(u.searchParams), sdkHeaders,
      Math.floor(now / 1000), 1800, ["host", "x-bce-date", ...Object.keys(headers)]);
    assert.equal(req.headers.Authorization, expected, `case ${i}: ${method} ${req.url} ${JSON.stringify(headers)}`);
    assert.equal(verifyBce(req, () => SK).ok, true, `case ${i}`);
  }
});

test("Polyv: the official vector through signParams", () => {
  const out = polyv.signParams({ channelIds: "2477096,2272655", startDay: "2022-05-20", endDay: "2022-06-18", page: "", size: "" },
    { now: 1660270926732, explain: true });
  assert.equal(out.params.sign, "0D2BDA2FD04D93A2B8832B91FD973C4D");
  assert.equal(out.params.page, undefined, "empty params are dropped, not sent");
  assert.equal(out.explain.stringToSign, "<appSecret>appIdg4rqgmmjuochannelIds2477096,2272655endDay2022-06-18startDay2022-05-20timestamp1660270926732<appSecret>");
  const sha = new Polyv({ ...POLYV, signatureMethod: "SHA256" })
    .signParams({ channelIds: "2477096,2272655", startDay: "2022-05-20", endDay: "2022-06-18" }, { now: 1660270926732 });
  assert.equal(sha.params.signatureMethod, "SHA256");
  assert.equal(sha.params.sign, "C19D35BD44B2BD0A538D420D93F80C17EAD9604042098EA38621A2B5663ECEDF");
});

test("Polyv: listPackageValidity is signed, 13-digit ms, and verified independently", () => {
  const now = Date.now();
  const req = polyv.listPackageValidity({ emails: ["a@polyv.net", "测试@例子.中国"], pageSize: 50, pageNumber: 2 }, { now });
  const u = new URL(req.url);
  assert.equal(u.origin + u.pathname, "https://api.polyv.net/live/v4/group/user/package-validity/list");
  assert.equal(u.searchParams.get("timestamp"), String(now));
  assert.equal(u.searchParams.get("emails"), "a@polyv.net,测试@例子.中国");
  const lookup = (id) => (id === POLYV.appId ? POLYV.appSecret : undefined);
  assert.equal(verifyPolyv(req.url, lookup, { nowMs: now }).ok, true);
  assert.equal(verifyPolyv(req.url, lookup, { nowMs: now + 180_001 }).reason, "expired");
  assert.equal(verifyPolyv(req.url.replace("pageSize=50", "pageSize=49"), lookup).reason, "signature mismatch");
  assert.ok(!req.url.includes(POLYV.appSecret));
});

for (const dir of ["baidu", "polyv"]) {
  for (const v of vectors(dir)) {
    test(`${dir} response fixture: ${v.name}`, () => {
      const client = dir === "baidu" ? baidu : polyv;
      const parse = "parse" + v.operation[0].toUpperCase() + v.operation.slice(1);
      const raw = { status: v.status, headers: v.headers, body: v.body };
      if (v.expect.ok) {
        const model = client[parse](raw);
        for (const [path, want] of Object.entries(v.expect.check)) assert.deepEqual(at(model, path), want, path);
        for (const path of v.expect.absent ?? []) assert.ok(!(path.split(".").pop() in at(model, path.replace(/\.[^.]*$/, ""))), `${path} is left out`);
        return;
      }
      const e = thrown(() => client[parse](raw));
      assert.ok(e instanceof QuotakitError);
      assert.equal(e.vendor, dir);
      for (const key of ["kind", "code", "path", "requestId", "retryable", "httpStatus"]) {
        if (key in v.expect) assert.deepEqual(e[key], v.expect[key], key);
      }
      if (v.expect.issues) assert.deepEqual(e.issues.map((i) => [i.code, i.path]), v.expect.issues);
    });
  }
}

test("Polyv: the sub-account appSecret in responses is not surfaced", () => {
  const v = vectors("polyv").find((x) => x.name === "seed-package-validity");
  const out = polyv.parseListPackageValidity({ status: 200, body: v.body });
  assert.equal(out.contents[0].appSecret, undefined);
});

test("input errors name the field and the rule", () => {
  const cases = [
    [() => baidu.listResourcePackages({ pageSize: 0 }), "$.pageSize", "out_of_range"],
    [() => baidu.listResourcePackages({ pageNo: 0 }), "$.pageNo", "out_of_range"],
    [() => baidu.listResourcePackages({ status: "DONE" }), "$.status", "unknown_enum"],
    [() => baidu.listResourcePackages({ order: "ASC" }), "$.order", "unknown_enum"],
    [() => baidu.listResourcePackages({ orderBy: "name" }), "$.orderBy", "unknown_enum"],
    [() => baidu.listResourcePackages({ condition: "ALL" }), "$.condition", "unknown_enum"],
    [() => baidu.signRequest({ method: "GET", path: "no-slash" }), "$.path", "invalid_format"],
    [() => baidu.signRequest({ method: "GET", path: "/x", headers: { "x-bce-a": "1\r\nInjected: 1" } }), "$.headers[\"x-bce-a\"]", "invalid_format"],
    [() => baidu.signRequest({ method: "PATCH", path: "/x" }), "$.method", "unknown_enum"],
    [() => new Baidu({ accessKeyId: AK, secretAccessKey: SK, expirationPeriodInSeconds: 0 }), "$.expirationPeriodInSeconds", "out_of_range"],
    [() => new Baidu({ accessKeyId: AK, secretAccessKey: SK, paths: { listResourcePackages: "x?y" } }), "$.paths.listResourcePackages", "invalid_format"],
    [() => polyv.listPackageValidity({ pageSize: 51 }), "$.pageSize", "out_of_range"],
    [() => polyv.listPackageValidity({ emails: Array.from({ length: 101 }, (_, i) => `u${i}@x.com`) }), "$.emails", "out_of_range"],
    [() => polyv.listPackageValidity({ emails: ["ok@x.com", "not-an-email"] }), "$.emails[1]", "invalid_format"],
    [() => polyv.listPackageValidity({ emails: ["a@x.com,b@y.com"] }), "$.emails[0]", "invalid_format"],
    [() => polyv.signParams({ sign: "forged" }), "$.sign", "invalid_value"],
    [() => polyv.signParams({ a: 1 }), "$.a", "invalid_type"],
    [() => new Polyv({ appId: "x", appSecret: "y", signatureMethod: "SHA1" }), "$.signatureMethod", "unknown_enum"],
  ];
  for (const [fn, path, code] of cases) {
    const e = thrown(fn);
    assert.equal(e.kind, "input", path);
    assert.equal(e.path, path);
    assert.equal(e.code, code, path);
  }
});

test("no secret in errors, explain, toString or JSON.stringify", () => {
  const secret = "TopSecretBaiduKey42";
  const token = "TopSecretSessionToken";
  const b = new Baidu({ accessKeyId: "AKvisible", secretAccessKey: secret, sessionToken: token });
  const p = new Polyv({ appId: "visible", appSecret: secret });
  const strings = [JSON.stringify(b), String(b), JSON.stringify(p), String(p)];
  strings.push(JSON.stringify(b.listResourcePackages({}, { explain: true }).explain));
  strings.push(JSON.stringify(p.signParams({ x: "1" }, { explain: true }).explain));
  strings.push(p.listPackageValidity({}).url);
  for (const f of [() => b.listResourcePackages({ pageSize: -1 }), () => p.listPackageValidity({ pageSize: 0 }),
    () => new Baidu({ accessKeyId: "x", secretAccessKey: 7 }), () => b.parseListResourcePackages({ status: 500, body: secret.slice(0, 3) })]) {
    const e = thrown(f);
    strings.push(String(e), e.stack, JSON.stringify(e));
  }
  for (const s of strings) assert.ok(!s.includes(secret) && !s.includes(token), s);
});

test("Baidu signRequest: a body stays out of wasm, is sent byte for byte, and bad bodies get the core's errors", () => {
  const next = rng(7);
  const units = ["a", "测", "😀", "\n", "\u0000", "\"", "é", " "];
  const now = 1_700_000_000_000;
  for (let i = 0; i < 200; i++) {
    const body = Array.from({ length: Math.floor(next() * 40) }, () => units[Math.floor(next() * units.length)]).join("");
    const withBody = baidu.signRequest({ method: "PUT", path: "/v1/bucket/对象", headers: { "x-bce-meta-n": String(i) }, body }, { now });
    const without = baidu.signRequest({ method: "PUT", path: "/v1/bucket/对象", headers: { "x-bce-meta-n": String(i) } }, { now });
    assert.equal(withBody.body, body);
    // bce-auth-v1 signs no body: the same request with and without one has one signature.
    assert.deepEqual({ ...withBody, body: undefined }, { ...without, body: undefined });
  }
  const big = "x".repeat(1 << 20);
  assert.equal(baidu.signRequest({ method: "POST", path: "/v1/x", body: big }, { now }).body, big);
  const cases = [
    [{ method: "POST", path: "/v1/x", body: `${"x".repeat(1000)}\ud800` }, "$.body"],
    [{ method: "POST", path: "/v1/x", body: "x".repeat((8 << 20) + 1) }, "$.body", "out_of_range"],
    [{ method: "POST", path: "/v1/x", body: 42 }, "$.body", "invalid_type"],
    [{ method: "PATCH", path: "/v1/x", body: "ok" }, "$.method", "unknown_enum"],
    [{ method: "POST", path: "/v1/x", body: "ok", extra: 1 }, "$.extra", "unknown_field"],
  ];
  for (const [input, path, code] of cases) {
    const e = thrown(() => baidu.signRequest(input, { now }));
    assert.ok(e instanceof QuotakitError && e.kind === "input", String(e));
    assert.equal(e.path, path);
    if (code) assert.equal(e.code, code);
  }
});
