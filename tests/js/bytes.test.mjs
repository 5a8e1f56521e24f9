// Validation from the wire: every parse method takes `body` as text or as the bytes read
// (`Uint8Array`, a Node `Buffer`, `ArrayBuffer`), and `call()` hands over `res.arrayBuffer()`.
// Bytes that are valid UTF-8 read exactly as their text does, on the table path and on the
// full reader. A success whose bytes are not is a `schema` error `invalid_utf8`, never a lossy
// reading; any other answer reads as its lossy decoding (an error page stays an error page).
import assert from "node:assert/strict";
import test from "node:test";
import { Baidu, Douyin, Polyv, TencentCloud } from "quotakit";
// The glue module that the entry above initialized: same URL, same instance.
import * as glue from "../../node_modules/quotakit/quotakit.js";
import { like, outcome, rng, vectors } from "./lib.mjs";

const clients = {
  tencent: new TencentCloud({ secretId: "AKIDfake", secretKey: "fake-secret-not-real" }),
  baidu: new Baidu({ accessKeyId: "fakeak", secretAccessKey: "fake-secret-not-real" }),
  polyv: new Polyv({ appId: "fakeapp", appSecret: "fake-secret-not-real" }),
  douyin: new Douyin({ clientKey: "fakekey", clientSecret: "fake-secret-not-real" }),
};
// Every typed operation, by vendor, from the operation table.
const ops = {};
for (const o of JSON.parse(glue.__operations()).filter((o) => o.inputType !== null)) (ops[o.vendor] ??= []).push(o.name);
const parseName = (op) => "parse" + op[0].toUpperCase() + op.slice(1);
const encode = (text) => new TextEncoder().encode(text);
/** The same bytes in each form a host may hold them. */
const forms = (bytes) => ({
  Uint8Array: bytes,
  Buffer: Buffer.from(bytes),
  ArrayBuffer: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
  "a view into a larger buffer": new Uint8Array([9, ...bytes, 9]).subarray(1, bytes.length + 1),
});

/** `body` as text and as bytes (each form, both readers) reads alike. */
function sameAsText(vendor, op, raw, bytes, label) {
  const client = clients[vendor];
  const parse = client[parseName(op)];
  const expected = outcome(() => parse.call(client, raw));
  const expectedFull = parse.fullRead && outcome(() => parse.fullRead.call(client, raw));
  for (const [form, body] of Object.entries(forms(bytes))) {
    const got = outcome(() => parse.call(client, { ...raw, body }));
    // Text with a U+FFFD goes to the full reader (it may stand for a lone surrogate), its
    // bytes may not: then the result carries the full reader's model.
    assert.deepEqual(got.ok ? { ok: like(got.ok, expected.ok) } : got, expected, `${label}, ${form}`);
    if (parse.fullRead) assert.deepEqual(outcome(() => parse.fullRead.call(client, { ...raw, body })), expectedFull, `${label}, ${form}, full reader`);
  }
  return expected;
}

/** `bytes` are refused as not UTF-8, by both readers, with the response's status. */
function refusedAsNotUtf8(vendor, op, raw, bytes, label) {
  const client = clients[vendor];
  const parse = client[parseName(op)];
  for (const read of [parse, parse.fullRead].filter(Boolean)) {
    const { error } = outcome(() => read.call(client, { ...raw, body: bytes }));
    assert.ok(error, `${label}: refused`);
    assert.equal(error.kind, "schema", label);
    assert.equal(error.code, "invalid_utf8", label);
    assert.equal(error.httpStatus, raw.status, label);
    assert.equal(error.vendor, vendor, label);
    assert.equal(error.operation, op, label);
    assert.equal(error.retryable, false, label);
  }
}

test("every response vector reads alike as text and as bytes", () => {
  let accepted = 0;
  for (const [vendor, names] of Object.entries(ops)) {
    for (const v of vectors(vendor)) {
      for (const op of names) {
        const raw = { status: v.status, headers: v.headers, body: v.body };
        if (!v.body.isWellFormed()) continue; // a lone surrogate has no UTF-8 bytes
        accepted += sameAsText(vendor, op, raw, encode(v.body), `${v.name} as ${op}`).ok ? 1 : 0;
      }
    }
  }
  assert.ok(accepted >= 8, `${accepted} vectors accepted`);
});

test("byte mutants: valid UTF-8 reads as its text, anything else is invalid_utf8", () => {
  const next = rng(24);
  const broken = [[0xff], [0xc0, 0x80], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe6, 0xb5], [0x80], [0xf8, 0x88, 0x80, 0x80, 0x80]];
  const fine = [[0x20], [0x22], [0xe6, 0xb5, 0x8b], [0xf0, 0x9f, 0x98, 0x80], [0xef, 0xbf, 0xbd], [0x5c], [0x7d]];
  const decoder = new TextDecoder("utf-8", { fatal: true });
  const lossy = new TextDecoder();
  let invalid = 0;
  let valid = 0;
  for (const [vendor, names] of Object.entries(ops)) {
    for (const v of vectors(vendor).filter((x) => x.body.isWellFormed())) {
      const bytes = encode(v.body);
      for (let i = 0; i < 12; i++) {
        const at = Math.floor(next() * (bytes.length + 1));
        const pieces = next() < 0.5 ? broken : fine;
        const piece = pieces[Math.floor(next() * pieces.length)];
        const mutant = new Uint8Array([...bytes.subarray(0, at), ...piece, ...bytes.subarray(at + Math.floor(next() * 2))]);
        let text;
        try { text = decoder.decode(mutant); } catch { text = undefined; }
        const success = v.status >= 200 && v.status < 300;
        for (const op of names) {
          const label = `${v.name} as ${op}, bytes ${piece} at ${at}`;
          if (text === undefined && success) {
            refusedAsNotUtf8(vendor, op, { status: v.status, headers: v.headers, body: "" }, mutant, label);
          } else if (text === undefined) {
            // Any other answer reads as its lossy decoding: an error page in GBK stays an
            // http error (retryable where the operation allows), not a schema error.
            sameAsText(vendor, op, { status: v.status, headers: v.headers, body: lossy.decode(mutant) }, mutant, label);
          } else if (text.charCodeAt(0) !== 0xfeff) {
            sameAsText(vendor, op, { status: v.status, headers: v.headers, body: text }, mutant, label);
          }
        }
        if (text === undefined) invalid++;
        else valid++;
      }
    }
  }
  assert.ok(invalid > 50 && valid > 50, `${invalid} invalid and ${valid} valid mutants`);
});

test("a byte order mark reads as the text that starts with one: refused as JSON", () => {
  const seed = vectors("tencent").find((v) => v.name === "seed-describe-agent-deals-by-cache");
  const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...encode(seed.body)]);
  const result = sameAsText("tencent", "describeAgentDealsByCache", { status: 200, body: "\ufeff" + seed.body }, bom, "BOM");
  assert.equal(result.error?.kind, "schema");
});

test("the token fetch and syncClock take bytes too", () => {
  const douyin = new Douyin({ clientKey: "fakekey", clientSecret: "fake-secret-not-real" });
  const body = encode(JSON.stringify({ data: { access_token: "clt.fake", expires_in: 7200, error_code: 0, description: "" }, message: "success" }));
  const token = douyin.parseClientToken({ status: 200, body }, { now: 1_700_000_000_000 });
  assert.equal(token.expiresAt, 1_700_000_000_000 + 7200 * 1000);
  const bad = outcome(() => douyin.parseClientToken({ status: 200, body: new Uint8Array([0x7b, 0xff, 0x7d]) }));
  assert.equal(bad.error.code, "invalid_utf8");
  const sync = clients.tencent.syncClock({ status: 200, headers: { date: "Tue, 14 Nov 2023 22:13:20 GMT" }, body: new ArrayBuffer(0) }, { now: 1_700_000_000_000 });
  assert.equal(sync.offsetMs, 0);
});

test("call() reads the body as bytes when the response has arrayBuffer(), as text otherwise", async () => {
  const seed = vectors("polyv").find((v) => v.name === "seed-package-validity");
  const read = [];
  const respond = (withBytes) => async () => ({
    status: 200,
    headers: new Headers(seed.headers ?? {}),
    text: async () => { read.push("text"); return seed.body; },
    ...(withBytes ? { arrayBuffer: async () => { read.push("arrayBuffer"); return encode(seed.body).buffer; } } : {}),
  });
  const viaBytes = await clients.polyv.call("listPackageValidity", {}, { fetch: respond(true) });
  const viaText = await clients.polyv.call("listPackageValidity", {}, { fetch: respond(false) });
  assert.deepEqual(read, ["arrayBuffer", "text"]);
  assert.deepEqual(viaBytes, viaText);
  assert.ok(viaBytes.contents.length > 0);
  // A real Response, whose body is not UTF-8: refused, not decoded with replacement characters.
  const broken = async () => new Response(new Uint8Array([...encode(seed.body.slice(0, 40)), 0xff, ...encode(seed.body.slice(40))]), { status: 200 });
  await assert.rejects(clients.polyv.call("listPackageValidity", {}, { fetch: broken }), (e) => e.code === "invalid_utf8" && e.kind === "schema");
});
