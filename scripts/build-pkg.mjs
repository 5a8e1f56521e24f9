// Assembles pkg/ (the npm package) from wasm-bindgen's output in target/bindgen/ and
// pkg-template/. Run by `make pkg` after cargo and wasm-bindgen.
//
// pkg/ gets: the optimized .wasm, wasm-bindgen's ESM glue, a CommonJS build for
// `require`, the .wasm gzipped in a base64 module for bundlers and Deno, the entry files, and the
// TypeScript declarations (tsify's, minus wasm-bindgen's init API, which entries handle, plus
// each operation's methods, written from the operation table).
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { gzipSync } from "node:zlib";
import { fileURLToPath, pathToFileURL } from "node:url";
import * as esbuild from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const bindgen = join(root, "target/bindgen");
const template = join(root, "pkg-template");
const out = join(root, "pkg");

rmSync(out, { recursive: true, force: true });
mkdirSync(out);

// 1. Optimize the module. Options measured in the README's "Build profile" section.
execFileSync(join(root, "node_modules/.bin/wasm-opt"), [
  "-O3", "--strip-debug", "--strip-producers", "--strip-target-features",
  join(bindgen, "quotakit_bg.wasm"), "-o", join(out, "quotakit_bg.wasm"),
], { stdio: "inherit" });
const wasm = readFileSync(join(out, "quotakit_bg.wasm"));
// Gzipped before base64: base64 of the raw .wasm gzips ~35 % worse than the .wasm (its
// 6-bit symbols break gzip's byte matches), while base64 of gzip's output gzips back to
// about the gzip size. inline.mjs unpacks it with DecompressionStream.
writeFileSync(join(out, "quotakit_bg.wasm.gz.base64.mjs"),
  `// The .wasm, gzipped, as base64: for runtimes and bundlers without a .wasm loader.\nexport const wasmGzipBase64 = "${gzipSync(wasm, { level: 9 }).toString("base64")}";\n`);

// 2. wasm-bindgen's glue, and the declarations without its init API.
// The glue copies a string into wasm with a charCodeAt loop over its ASCII prefix before
// handing the rest to TextEncoder.encodeInto: 3.7 ms of a 1 MB body's 9.5 ms (Node 20).
// Strings over 64 code units go straight to encodeInto, which is native; short ones keep
// the loop, which beats the call into the encoder.
const asciiLoop = "    for (; offset < len; offset++) {\n        const code = arg.charCodeAt(offset);";
const glueText = readFileSync(join(bindgen, "quotakit.js"), "utf8");
if (glueText.split(asciiLoop).length !== 2) throw new Error("wasm-bindgen's passStringToWasm0 changed shape");
// The glue's default location of the .wasm, `new URL('quotakit_bg.wasm', import.meta.url)`,
// makes webpack, Turbopack and Vite copy (or inline) the 600 KB .wasm into every bundle, even
// one that gets the module from inline.mjs's base64. Only web.mjs uses a default, so it
// names the URL itself and the glue's is removed.
const defaultUrl = "module_or_path = new URL('quotakit_bg.wasm', import.meta.url);";
if (glueText.split(defaultUrl).length !== 2) throw new Error("wasm-bindgen's default .wasm URL changed shape");
// A compiled module from another realm fails `instanceof WebAssembly.Module`, and the glue
// then hands it to `new WebAssembly.Module(…)` as if it were bytes. Next.js evaluates edge
// routes in a VM context whose `?module` imports are such modules (quotakit's edge.mjs).
const moduleCheck = "if (!(module instanceof WebAssembly.Module)) {";
const instanceCheck = "if (instance instanceof WebAssembly.Instance) {";
for (const text of [moduleCheck, instanceCheck]) {
  if (glueText.split(text).length !== 2) throw new Error(`wasm-bindgen's glue changed shape: ${text}`);
}
const tagged = (value, tag) => `Object.prototype.toString.call(${value}) === "[object WebAssembly.${tag}]"`;
writeFileSync(join(out, "quotakit.js"), glueText
  .replace(asciiLoop, "    if (len <= 64) for (; offset < len; offset++) {\n        const code = arg.charCodeAt(offset);")
  .replace(defaultUrl, 'throw new TypeError("quotakit: init() needs the .wasm: a URL, a Response, bytes or a Module");')
  .replace(moduleCheck, `if (!(${tagged("module", "Module")})) {`)
  .replace(instanceCheck, `if (${tagged("instance", "Instance")}) {`));
const dts = readFileSync(join(bindgen, "quotakit.d.ts"), "utf8");
const cut = dts.indexOf("export type InitInput");
if (cut < 0) throw new Error("wasm-bindgen's .d.ts changed shape: no InitInput");
// Client classes declare [Symbol.dispose]; name the lib so strict consumers on older
// `lib` settings still compile.
const disposable = '/// <reference lib="esnext.disposable" />\n';
const glue = await import(pathToFileURL(join(bindgen, "quotakit.js")).href);
glue.initSync({ module: readFileSync(join(bindgen, "quotakit_bg.wasm")) });
const operationTypes = operationDeclarations(JSON.parse(glue.__operations()));
writeFileSync(join(out, "types.d.ts"), disposable + nullableResults(nullNotUndefined(dts.slice(0, cut) + operationTypes)).trimEnd() + "\n");

/**
 * The declarations of each operation's methods, from the operation table (`__operations`),
 * as extras.mjs names them at load: the builder and `parse*`, `call`'s map of operations,
 * `entitlements` and `paginate` where the table says so, and the models behind `schema`.
 */
function operationDeclarations(operations) {
  const CLASS_OF = { tencent: "TencentCloud", baidu: "Baidu", polyv: "Polyv", douyin: "Douyin" };
  const typed = operations.filter((o) => o.inputType !== null);
  const classes = [...new Set(typed.map((o) => CLASS_OF[o.vendor]))];
  const ofClass = (name) => typed.filter((o) => CLASS_OF[o.vendor] === name);
  const parseName = (op) => "parse" + op[0].toUpperCase() + op.slice(1);
  const lines = ["", "// The operations' methods, written from the operation table (scripts/build-pkg.mjs)."];
  const models = (part) => classes.map((c) => `    ${c}: { ${ofClass(c).map((o) => `${o.name}: ${o[part]}`).join("; ")} };`);
  lines.push("/** The result models of each client's operations, by name: what `schema(op)` checks. */");
  lines.push("export interface ResultModels {", ...models("resultType"), "}");
  lines.push("/** The input models of each client's operations, by name: what `schema(op, \"input\")` checks. */");
  lines.push("export interface InputModels {", ...models("inputType"), "}");
  for (const name of classes) {
    lines.push("/** Each operation `call` accepts: `[input, result]`. */", `export interface ${name}Operations {`);
    for (const o of ofClass(name)) lines.push(`    ${o.name}: [${o.inputType}, Parsed<${o.resultType}>];`);
    lines.push("}", `export interface ${name} {`);
    for (const o of ofClass(name)) {
      lines.push(`    /** Builds a signed \`${o.name}\` request. Throws \`QuotakitError\` (\`kind: "input"\`) naming every wrong field. */`);
      lines.push(`    ${o.name}(input: ${o.inputType}, opts?: BuildOptionsInput | null): HttpRequest;`);
      lines.push(`    /** Validates a \`${o.name}\` response: its model with \`$metadata\`, or a thrown \`QuotakitError\` with every issue. */`);
      lines.push(`    ${parseName(o.name)}(raw: RawResponse): Parsed<${o.resultType}>;`);
      if (o.entitlements) {
        lines.push("    /** What customers bought and have left, from a validated result. See the README, \"Entitlements\". */");
        // A result that does not name its holder needs it as an option (the table says which).
        const opts = o.entitlementsNeed ? `opts: EntitlementOptions & { ${o.entitlementsNeed}: string }` : "opts?: EntitlementOptions";
        lines.push(`    entitlements(op: "${o.name}", result: ${o.resultType}, ${opts}): Entitlement[];`);
      }
      if (o.paging) {
        lines.push("    /** Every page of a paged read, each fetched with `call()` and `opts`. */");
        lines.push(`    paginate(op: "${o.name}", input: ${o.inputType}, opts?: CallOptions): AsyncGenerator<Parsed<${o.resultType}>, void, undefined>;`);
      }
    }
    lines.push(
      "    /**",
      "     * Builds, sends with `opts.fetch` (default `globalThis.fetch`) and validates in one call.",
      "     * Throws `QuotakitError`; network failures are `kind: \"http\"` and retryable.",
      ...(name === "Douyin" ? ["     * Fetches a client_token first when one is due (once, for concurrent callers)."] : []),
      "     */",
      `    call<K extends keyof ${name}Operations>(op: K, input: ${name}Operations[K][0], opts?: CallOptions): Promise<${name}Operations[K][1]>;`,
      "}",
    );
  }
  return lines.join("\n") + "\n";
}

/**
 * tsify types a field of Rust type `Option<T>` as `T | undefined`, as serde-wasm-bindgen
 * would send it; quotakit's values cross as JSON, where `None` is `null` (a request id the
 * response did not carry, an entitlement without an end).
 */
function nullNotUndefined(text) {
  return text.replace(/^( {4}[\w$]+: .+) \| undefined;$/gm, "$1 | null;");
}

/**
 * A validated result is the vendor's JSON as `JSON.parse` built it (src/internals/scan.rs), so an
 * optional field may hold the `null` the vendor sent. tsify writes `Field?: T` for the
 * models' `Option<T>`; in every interface reachable from a `Parsed<…>` result, that
 * becomes `Field?: T | null`.
 */
function nullableResults(text) {
  const bodies = new Map();
  for (const m of text.matchAll(/^export interface (\w+) \{\n([\s\S]*?)^\}/gm)) bodies.set(m[1], m[2]);
  const reach = [...text.matchAll(/Parsed<(\w+)>/g)].map((m) => m[1]);
  const seen = new Set();
  while (reach.length) {
    const name = reach.pop();
    if (seen.has(name) || !bodies.has(name)) continue;
    seen.add(name);
    for (const m of bodies.get(name).matchAll(/^ {4}\w+\??: (.+);$/gm)) reach.push(...(m[1].match(/\b[A-Z]\w*/g) ?? []));
  }
  if (seen.size < 5) throw new Error(`expected the response models behind Parsed<…>, found ${[...seen]}`);
  return text.replace(/^export interface (\w+) \{\n([\s\S]*?)^\}/gm, (whole, name, body) =>
    seen.has(name) ? whole.replace(/^( {4}\w+\?: )(.+);$/gm, "$1$2 | null;") : whole);
}

// 3. Entry files and hand-written declarations.
for (const name of readdirSync(template)) {
  if (name === "package.json") continue;
  copyFileSync(join(template, name), join(out, name));
}
// node.cjs: the Node entry and everything it imports, as one CommonJS file.
await esbuild.build({
  entryPoints: [join(out, "node.cjs.src.mjs")],
  bundle: true,
  format: "cjs",
  platform: "node",
  target: "node18",
  outfile: join(out, "node.cjs"),
  external: ["./quotakit_bg.wasm"],
  logLevel: "warning",
  // The glue's default init path uses import.meta; node.cjs passes the module instead.
  logOverride: { "empty-import-meta": "silent" },
});
rmSync(join(out, "node.cjs.src.mjs"));
// web.cjs: quotakit/web for CommonJS consumers. Without import.meta it has no default
// location for the .wasm, so init() must be given one (README, "Per runtime").
await esbuild.build({
  entryPoints: [join(out, "web.mjs")],
  bundle: true,
  format: "cjs",
  platform: "neutral",
  target: "es2022",
  outfile: join(out, "web.cjs"),
  logLevel: "warning",
  logOverride: { "empty-import-meta": "silent" },
});
// CommonJS declarations (.d.cts) for `require`: a .d.ts in a "type": "module" package is
// ESM to TypeScript, and attw calls that "masquerading as ESM" when require loads node.cjs.
for (const name of ["index", "web", "types", "error"]) {
  const text = readFileSync(join(out, `${name}.d.ts`), "utf8").replace(/from "\.\/(types|error)\.js"/g, 'from "./$1.cjs"');
  writeFileSync(join(out, `${name}.d.cts`), text);
}

// 4. package.json with the crate's version.
const version = /^version\s*=\s*"([^"]+)"/m.exec(readFileSync(join(root, "Cargo.toml"), "utf8"))[1];
const pkg = JSON.parse(readFileSync(join(template, "package.json"), "utf8"));
pkg.version = version;
writeFileSync(join(out, "package.json"), JSON.stringify(pkg, null, 2) + "\n");
for (const file of ["README.md", "CHANGELOG.md", "LICENSE-MIT", "LICENSE-APACHE"]) copyFileSync(join(root, file), join(out, file));
console.log(`pkg/ assembled: quotakit@${version}, quotakit_bg.wasm ${wasm.length} bytes`);
