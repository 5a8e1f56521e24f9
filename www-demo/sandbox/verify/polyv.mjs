// An independent Polyv `sign` verifier on node:crypto, written from Polyv's buildsign doc.
import { createHash, timingSafeEqual } from "node:crypto";

/** Verifies the query of `url`; `lookupSecret(appId)` gives the appSecret. */
export function verifyPolyv(url, lookupSecret, { nowMs, windowMs = 180_000 } = {}) {
  const params = Object.fromEntries(new URL(url).searchParams);
  const secret = lookupSecret(params.appId);
  if (secret === undefined) return { ok: false, reason: "unknown appId" };
  if (!/^\d{13}$/.test(params.timestamp ?? "")) return { ok: false, reason: "timestamp must be 13-digit ms" };
  if (nowMs !== undefined && Math.abs(nowMs - Number(params.timestamp)) > windowMs) return { ok: false, reason: "expired" };
  const plain = secret + Object.keys(params).filter((k) => k !== "sign" && params[k] !== "").sort()
    .map((k) => k + params[k]).join("") + secret;
  const algorithm = params.signatureMethod === "SHA256" ? "sha256" : "md5";
  const expected = createHash(algorithm).update(plain, "utf8").digest("hex").toUpperCase();
  const ok = (params.sign ?? "").length === expected.length && timingSafeEqual(Buffer.from(expected), Buffer.from(params.sign));
  return { ok, reason: ok ? "ok" : "signature mismatch" };
}
