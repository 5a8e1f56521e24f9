// An independent bce-auth-v1 verifier on node:crypto, written from Baidu's 生成认证字符串
// document, not from quotakit: it recomputes the signature of a request from what goes
// over the wire, as Baidu's server does.
import { createHmac, timingSafeEqual } from "node:crypto";

const hex = (key, data) => createHmac("sha256", key).update(data).digest("hex");
// RFC 3986: keep A-Z a-z 0-9 - . _ ~ ; everything else %XX (uppercase).
const uriEncode = (s, keepSlash = false) =>
  Array.from(new TextEncoder().encode(s), (b) => {
    const c = String.fromCharCode(b);
    return /[A-Za-z0-9\-._~]/.test(c) || (keepSlash && c === "/") ? c : "%" + b.toString(16).toUpperCase().padStart(2, "0");
  }).join("");

/** Verifies `{ method, url, headers }`; `lookupKey(ak)` gives the secret. Returns { ok, reason }. */
export function verifyBce({ method, url, headers }, lookupKey, { nowSeconds } = {}) {
  const h = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), String(v)]));
  if (!h.host) h.host = new URL(url).host;
  const m = /^bce-auth-v1\/([^/]+)\/(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)\/(\d+)\/([a-z0-9;-]*)\/([0-9a-f]{64})$/.exec(h.authorization ?? "");
  if (!m) return { ok: false, reason: "malformed Authorization" };
  const [, ak, timestamp, expiration, signedList, signature] = m;
  const signedAt = Date.parse(timestamp) / 1000;
  if (nowSeconds !== undefined && (nowSeconds < signedAt - 300 || nowSeconds > signedAt + Number(expiration))) {
    return { ok: false, reason: "expired" };
  }
  const sk = lookupKey(ak);
  if (sk === undefined) return { ok: false, reason: "unknown AccessKeyId" };
  const names = signedList ? signedList.split(";") : Object.keys(h).filter((n) => ["host", "content-length", "content-type", "content-md5"].includes(n) || n.startsWith("x-bce-"));
  if (!names.includes("host")) return { ok: false, reason: "host must be signed" };
  const u = new URL(url);
  const path = decodeURIComponent(u.pathname);
  const query = [...u.searchParams].filter(([k]) => k.toLowerCase() !== "authorization")
    .map(([k, v]) => `${uriEncode(k)}=${uriEncode(v)}`).sort().join("&");
  const canonicalHeaders = names.filter((n) => (h[n] ?? "").trim() !== "")
    .map((n) => `${uriEncode(n)}:${uriEncode(h[n].trim())}`).sort().join("\n");
  const canonicalRequest = `${method.toUpperCase()}\n${uriEncode(path, true)}\n${query}\n${canonicalHeaders}`;
  const prefix = `bce-auth-v1/${ak}/${timestamp}/${expiration}`;
  const expected = hex(hex(sk, prefix), canonicalRequest);
  const ok = timingSafeEqual(Buffer.from(expected), Buffer.from(signature));
  return { ok, reason: ok ? "ok" : "signature mismatch", canonicalRequest };
}
