// The built package in the other runtimes and build tools: workerd (miniflare), Deno, an
// esbuild bundle (in Node and in Chromium), Vite, webpack and Rollup browser builds, and
// esbuild's and webpack's Node builds. Each runs the same consumer app and must report the same.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync, copyFileSync } from "node:fs";
import { join } from "node:path";
import * as esbuild from "esbuild";
import { Miniflare } from "miniflare";
import { nodeResolve } from "@rollup/plugin-node-resolve";
import { rollup } from "rollup";
import { build as viteBuild } from "vite";
import webpack from "webpack";
import { EXPECTED } from "./runtimes/consumer.mjs";
import { root } from "./lib.mjs";
import { launchChromium } from "./chromium.mjs";

const here = join(root, "tests/js/runtimes");
const out = join(root, "tests/js/out");
const bin = (name) => join(root, "node_modules/.bin", name);

/** webpack's build of `config`, as a promise. */
function webpackBuild(config) {
  return new Promise((resolve, reject) => webpack({ mode: "production", performance: { hints: false }, ...config },
    (error, stats) => (error || stats.hasErrors() ? reject(error ?? new Error(stats.toString("errors-only"))) : resolve())));
}

/**
 * The report a bundle prints when run by Node. A failure names the file and keeps the end
 * of stderr only: Node prints the failing source line, which in a minified bundle is the
 * whole bundle.
 */
function reportOf(file) {
  try {
    return report(execFileSync(process.execPath, [file], { encoding: "utf8", stdio: "pipe" }));
  } catch (error) {
    if (error.status === undefined) throw error;
    assert.fail(`${file} exited with ${error.status}:\n${String(error.stderr).slice(-2000)}`);
  }
}

function report(stdout) {
  const line = stdout.split("\n").find((l) => l.startsWith("QUOTAKIT_REPORT "));
  assert.ok(line, `no report in output:\n${stdout}`);
  return JSON.parse(line.slice("QUOTAKIT_REPORT ".length));
}

test("workerd via miniflare, bundled with the workerd export condition", async () => {
  const dir = join(out, "workerd");
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  // What wrangler does: bundle with the worker conditions and keep .wasm as a module import.
  await esbuild.build({
    entryPoints: [join(here, "worker.mjs")], bundle: true, format: "esm", platform: "neutral",
    conditions: ["workerd", "worker", "browser"], mainFields: ["module", "main"],
    external: ["*.wasm"], outfile: join(dir, "worker.js"), logLevel: "warning",
  });
  const code = readFileSync(join(dir, "worker.js"), "utf8");
  assert.ok(code.includes("quotakit_bg.wasm"), "the workerd entry imports the .wasm as a module");
  assert.ok(!code.includes("wasmGzipBase64"), "the workerd entry does not carry the inline copy");
  copyFileSync(join(root, "node_modules/quotakit/quotakit_bg.wasm"), join(dir, "quotakit_bg.wasm"));
  const mf = new Miniflare({
    modules: [
      { type: "ESModule", path: join(dir, "worker.js") },
      { type: "CompiledWasm", path: join(dir, "quotakit_bg.wasm") },
    ],
    compatibilityDate: "2025-01-01",
  });
  try {
    const res = await mf.dispatchFetch("http://localhost/");
    assert.deepEqual(await res.json(), EXPECTED);
  } finally {
    await mf.dispose();
  }
});

test("Deno resolves the package and runs it", () => {
  const stdout = execFileSync(bin("deno"), ["test", "--quiet", "--no-check", "--allow-read", "--allow-env", join(here, "deno-check.mjs")], {
    cwd: root, encoding: "utf8", env: { ...process.env, DENO_NO_UPDATE_CHECK: "1", NO_COLOR: "1", DENO_DIR: join(root, ".cache/deno") },
  });
  assert.match(stdout, /ok \| 1 passed \| 0 failed/);
});

test("an esbuild browser bundle runs, in Node and in Chromium", async () => {
  const file = join(out, "esbuild/app.mjs");
  await esbuild.build({ entryPoints: [join(here, "print.mjs")], bundle: true, format: "esm", platform: "browser", outfile: file, logLevel: "warning" });
  assert.deepEqual(reportOf(file), EXPECTED);
  // The page's own origin serves the bundle (routed, no server); it prints its report.
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    const reported = new Promise((resolve, reject) => {
      page.on("console", (m) => m.text().startsWith("QUOTAKIT_REPORT ") && resolve(m.text()));
      page.on("pageerror", reject);
      setTimeout(() => reject(new Error("no report from the page in 15 s")), 15_000).unref();
    });
    await page.route("http://quotakit.test/**", (route) => route.request().url().endsWith("/app.mjs")
      ? route.fulfill({ contentType: "text/javascript", body: readFileSync(file, "utf8") })
      : route.fulfill({ contentType: "text/html", body: '<!doctype html><script type="module" src="/app.mjs"></script>' }));
    await page.goto("http://quotakit.test/");
    assert.deepEqual(report(await reported), EXPECTED);
  } finally {
    await browser.close();
  }
});

test("webpack and Rollup browser bundles run, one file each", async () => {
  const dir = join(out, "browser-bundles");
  rmSync(dir, { recursive: true, force: true });
  await webpackBuild({
    target: "web", entry: join(here, "print.mjs"), output: { path: join(dir, "webpack"), filename: "app.mjs", module: true },
    experiments: { outputModule: true }, resolve: { modules: [join(root, "node_modules")] },
  });
  const bundle = await rollup({ input: join(here, "print.mjs"), plugins: [nodeResolve({ browser: true, rootDir: root })], logLevel: "warn" });
  await bundle.write({ dir: join(dir, "rollup"), entryFileNames: "app.mjs", format: "es" });
  await bundle.close();
  for (const tool of ["webpack", "rollup"]) {
    assert.deepEqual(readdirSync(join(dir, tool)), ["app.mjs"], `${tool}: one file, no .wasm beside it`);
    assert.deepEqual(reportOf(join(dir, tool, "app.mjs")), EXPECTED, tool);
  }
});

test("a Vite production build runs", async () => {
  const dir = join(out, "vite");
  rmSync(dir, { recursive: true, force: true });
  await viteBuild({
    root: here, logLevel: "warn", configFile: false,
    build: { outDir: dir, emptyOutDir: true, target: "es2022", lib: { entry: join(here, "print.mjs"), formats: ["es"], fileName: "app" } },
  });
  const file = readdirSync(dir).find((n) => n.endsWith(".js"));
  assert.deepEqual(reportOf(join(dir, file)), EXPECTED);
  // One copy of the .wasm (inline.mjs's gzipped base64), no second one from the glue's
  // default URL: no .wasm file beside the bundle, and less than two inline copies in it.
  assert.deepEqual(readdirSync(dir).filter((n) => !n.endsWith(".js")), []);
  const inline = statSync(join(root, "node_modules/quotakit/quotakit_bg.wasm.gz.base64.mjs")).size;
  assert.ok(statSync(join(dir, file)).size < inline * 1.5, "one inline copy of the .wasm");
});

test("esbuild Node bundles run, ESM and CommonJS, with no .wasm beside them", async () => {
  const dir = join(out, "esbuild-node");
  rmSync(dir, { recursive: true, force: true });
  const build = (entry, format, outfile, conditions) => esbuild.build({
    entryPoints: [join(here, entry)], bundle: true, format, platform: "node", outfile: join(dir, outfile), logLevel: "warning", conditions,
  });
  // esbuild's own conditions include "module": node-bundled.mjs, for ESM and CommonJS output
  // (AWS Lambda bundles are CommonJS). With "module" left out, esbuild takes node.mjs, whose
  // .wasm is not beside the bundle: its fallback to the package's gzipped copy runs.
  await build("print.mjs", "esm", "esm.mjs");
  await build("print.cjs", "cjs", "cjs.cjs");
  await build("print.mjs", "esm", "fallback.mjs", []);
  assert.deepEqual(readdirSync(dir).sort(), ["cjs.cjs", "esm.mjs", "fallback.mjs"]);
  const readsFile = (name) => readFileSync(join(dir, name), "utf8").includes('new URL("./quotakit_bg.wasm"');
  assert.deepEqual([readsFile("esm.mjs"), readsFile("cjs.cjs"), readsFile("fallback.mjs")], [false, false, true], "which entry each bundle took");
  assert.deepEqual(reportOf(join(dir, "esm.mjs")), EXPECTED);
  assert.deepEqual(reportOf(join(dir, "cjs.cjs")), { authorization: EXPECTED.authorization });
  assert.deepEqual(reportOf(join(dir, "fallback.mjs")), EXPECTED);
});

test("webpack Node builds run, from import and from require, with the .wasm inside", async () => {
  const dir = join(out, "webpack-node");
  rmSync(dir, { recursive: true, force: true });
  // The "module" condition under "node": webpack would otherwise rewrite node.mjs's
  // new URL("./quotakit_bg.wasm", import.meta.url) into a path node:fs cannot read.
  await webpackBuild({
    target: "node", entry: { esm: join(here, "print.mjs"), cjs: join(here, "print.cjs") },
    output: { path: dir, filename: "[name].cjs" }, resolve: { modules: [join(root, "node_modules")] },
  });
  assert.deepEqual(readdirSync(dir).filter((n) => !n.endsWith(".cjs")), [], "no .wasm beside the bundle");
  assert.deepEqual(reportOf(join(dir, "esm.cjs")), EXPECTED);
  assert.deepEqual(reportOf(join(dir, "cjs.cjs")), { authorization: EXPECTED.authorization });
});
