// Shared helpers for the JS tests: vectors from tests/vectors/ (the same files the Rust tests
// read) and a path walker for fixture checks.
import { readFileSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const root = join(dirname(fileURLToPath(import.meta.url)), "../..");

export function vectors(dir) {
  const folder = join(root, "tests/vectors", dir);
  return readdirSync(folder).filter((n) => n.endsWith(".json")).sort()
    .map((n) => JSON.parse(readFileSync(join(folder, n), "utf8")));
}

/** `AgentDealSet[0].GoodsPrice.RealTotalCost` into `value`. */
export function at(value, path) {
  return path.split(/\.|(?=\[)/).reduce((v, part) => {
    const m = /^\[(\d+)\]$/.exec(part);
    return m ? v[Number(m[1])] : v[part];
  }, value);
}

/** `value` keeping only the keys `model` has, at every level. */
export function like(value, model) {
  if (Array.isArray(model)) return Array.isArray(value) ? value.map((v, i) => like(v, model[i])) : value;
  if (model === null || typeof model !== "object" || value === null || typeof value !== "object") return value;
  return Object.fromEntries(Object.keys(model).map((k) => [k, like(value[k], model[k])]));
}

/** A deterministic PRNG (mulberry32) so that failures reproduce. */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ALPHABET = ["a", "Z", "0", " ", "\"", "\\", "/", "\n", "é", "测", "试", "😀", "\u0000", "&", "=", "%"];

/** A random JSON-able value, with non-ASCII text, for differential tests. */
export function randomValue(next, depth = 0) {
  const pick = Math.floor(next() * (depth > 2 ? 4 : 6));
  switch (pick) {
    case 0: return Math.floor(next() * 1e9) - 5e8;
    case 1: return Array.from({ length: Math.floor(next() * 12) }, () => ALPHABET[Math.floor(next() * ALPHABET.length)]).join("");
    case 2: return next() < 0.5;
    case 3: return Math.round(next() * 1e6) / 100;
    case 4: return Array.from({ length: Math.floor(next() * 4) }, () => randomValue(next, depth + 1));
    default: return Object.fromEntries(Array.from({ length: Math.floor(next() * 4) }, (_, i) => [`K${i}${ALPHABET[Math.floor(next() * 9)]}`, randomValue(next, depth + 1)]));
  }
}

export const NOW = 1_700_000_000_000;
export const CREDS = { secretId: "AKIDEXAMPLE", secretKey: "SECRETEXAMPLE" };

/**
 * `{ ok: result }` or `{ error: fields }` of `fn`, for comparing two paths that must agree on
 * results and on errors alike.
 */
export function outcome(fn) {
  try {
    return { ok: fn() };
  } catch (error) {
    return { error: { ...error, message: error.message, name: error.name } };
  }
}

/** The error `fn` throws; fails the test if it returns. */
export function thrown(fn) {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error("expected a throw");
}

/** An entitlement vector's options: its time, and its holder as whatever a conversion needs. */
export const entitlementOptions = (v) => ({ now: v.now, openId: v.holder, instanceId: v.holder, clientUin: v.holder });
