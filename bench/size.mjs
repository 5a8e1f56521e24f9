// What the .wasm is made of, for `make bench`: its gzip size, then its bytes by crate (and by
// quotakit module) and its largest functions, from twiggy over wasm-bindgen's output (which
// keeps the function names that the shipped, optimized module strips). Shares of the
// unoptimized module are a guide to where the shipped module's bytes go, not its exact split.
//
//   node bench/size.mjs [path/to/quotakit_bg.wasm with names]
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const named = process.argv[2] ?? join(root, "target/bindgen/quotakit_bg.wasm");
const shipped = readFileSync(join(root, "pkg/quotakit_bg.wasm"));
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;

/**
 * Where an item's bytes belong: `quotakit::<module>` (a vendor's platform, the readers of a
 * model type, …) or another crate, from twiggy's item name.
 */
export function owner(name) {
  if (!/^[<&a-z_]/.test(name) || name.startsWith("data segment") || name.includes("subsection")) return `(${name.replace(/ ".*/, "")})`;
  // `<T as Trait>::f`: a trait method belongs to the trait's crate when the type is a
  // quotakit model read by quotakit's FromJson (the generated readers), else to the type's.
  const impl = /^<(.+?) as (.+?)>::/.exec(name);
  if (impl && /FromJson/.test(impl[2]) && impl[1].startsWith("quotakit::")) return "quotakit: generated readers (FromJson)";
  if (impl && /serde(_core)?::/.test(impl[2]) && impl[1].includes("quotakit::")) return "quotakit: serde derives";
  const path = (impl ? impl[1] : name).replace(/^(?:[<&]|mut )+|\[[0-9a-f]+\]/g, "");
  const parts = path.split("::");
  if (parts.length === 1) return "(exports and wasm-bindgen shims)";
  if (parts[0] !== "quotakit") return parts[0];
  const module = parts[1] === "internals" || parts[1] === "platforms" ? parts.slice(1, 3).join("::") : parts[1];
  return `quotakit::${module}`;
}

let items;
try {
  items = JSON.parse(execFileSync("twiggy", ["top", "--format", "json", "-n", "100000", named], { encoding: "utf8", maxBuffer: 256 << 20 }));
} catch (error) {
  console.log(`.wasm: ${kb(shipped.length)} raw, ${kb(gzipSync(shipped, { level: 9 }).length)} gzip -9 (twiggy not found: ${error.code ?? error.message}; \`cargo install twiggy\` adds the breakdown)`);
  process.exit(0);
}
// The names subsection is what makes the breakdown possible; the shipped module has none.
items = items.filter((i) => !i.name.includes("subsection"));
const total = items.reduce((n, i) => n + i.shallow_size, 0);
const byOwner = new Map();
for (const item of items) byOwner.set(owner(item.name), (byOwner.get(owner(item.name)) ?? 0) + item.shallow_size);
const share = (bytes) => `${((100 * bytes) / total).toFixed(1)} %`;
console.log(`\n.wasm shipped: ${kb(shipped.length)} raw, ${kb(gzipSync(shipped, { level: 9 }).length)} gzip -9 (target ≤ 80 KB). Unoptimized, without names: ${kb(total)}.`);
console.log("\n| by crate or quotakit module | bytes | share |\n|---|---|---|");
for (const [name, bytes] of [...byOwner].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`| ${name} | ${kb(bytes)} | ${share(bytes)} |`);
console.log("\n| largest functions | bytes | share |\n|---|---|---|");
const functions = items.filter((i) => /^[<&a-z_]/.test(i.name) && !i.name.includes("subsection") && !i.name.startsWith("data segment"));
for (const item of functions.slice(0, 15)) console.log(`| ${item.name.replace(/::h[0-9a-f]{16}$/, "").slice(0, 110)} | ${kb(item.shallow_size)} | ${share(item.shallow_size)} |`);
