// An independent TC3-HMAC-SHA256 verifier on node:crypto, written from Tencent's signature v3
// document, not from quotakit: it recomputes the signature of a request the way Tencent's
// server does, from the method, URL, headers and body that actually go over the wire.
import { createHash, createHmac, timingSafeEqual } from "node:crypto";

const sha256hex = (data) => createHash("sha256").update(data).digest("hex");
const hmac = (key, data) => createHmac("sha256", key).update(data).digest();

/** Parses `TC3-HMAC-SHA256 Credential=id/date/service/tc3_request, SignedHeaders=a;b, Signature=hex`. */
export function parseAuthorization(value) {
  const m = /^TC3-HMAC-SHA256 Credential=([^/]+)\/(\d{4}-\d{2}-\d{2})\/([a-z0-9]+)\/tc3_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$/.exec(value ?? "");
  if (!m) return null;
  return { secretId: m[1], date: m[2], service: m[3], signedHeaders: m[4].split(";"), signature: m[5] };
}

/**
 * Verifies `{ method, url, headers, body }` (headers: any-case names; Host taken from the
 * header if present, else from the URL, as fetch would send it). `lookupKey(secretId)`
 * returns the SecretKey. Returns { ok, reason, auth }.
 */
export function verifyTc3({ method, url, headers, body }, lookupKey, { nowSeconds, skewSeconds = 300 } = {}) {
  const h = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), String(v)]));
  if (!h.host) h.host = new URL(url).host;
  const auth = parseAuthorization(h.authorization);
  if (!auth) return { ok: false, reason: "malformed Authorization" };
  const ts = Number(h["x-tc-timestamp"]);
  if (!Number.isInteger(ts)) return { ok: false, reason: "missing X-TC-Timestamp" };
  if (nowSeconds !== undefined && Math.abs(nowSeconds - ts) > skewSeconds) return { ok: false, reason: "expired", auth };
  if (new Date(ts * 1000).toISOString().slice(0, 10) !== auth.date) return { ok: false, reason: "date mismatch", auth };
  if (!auth.signedHeaders.includes("content-type") || !auth.signedHeaders.includes("host")) {
    return { ok: false, reason: "content-type and host must be signed", auth };
  }
  const secretKey = lookupKey(auth.secretId);
  if (secretKey === undefined) return { ok: false, reason: "unknown SecretId", auth };
  const u = new URL(url);
  const canonicalHeaders = auth.signedHeaders.map((n) => `${n}:${(h[n] ?? "").trim().toLowerCase()}\n`).join("");
  const canonicalRequest = [
    method.toUpperCase(), u.pathname || "/", u.search.replace(/^\?/, ""), canonicalHeaders,
    auth.signedHeaders.join(";"), sha256hex(body ?? ""),
  ].join("\n");
  const scope = `${auth.date}/${auth.service}/tc3_request`;
  const stringToSign = `TC3-HMAC-SHA256\n${ts}\n${scope}\n${sha256hex(canonicalRequest)}`;
  const kDate = hmac("TC3" + secretKey, auth.date);
  const kService = hmac(kDate, auth.service);
  const kSigning = hmac(kService, "tc3_request");
  const expected = createHmac("sha256", kSigning).update(stringToSign).digest("hex");
  const ok = timingSafeEqual(Buffer.from(expected), Buffer.from(auth.signature));
  return { ok, reason: ok ? "ok" : "signature mismatch", auth, canonicalRequest, stringToSign };
}
