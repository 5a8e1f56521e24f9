// quotakit in a Next.js app-router project (tests/nextjs/), built with Turbopack and with
// webpack, and no serverExternalPackages: a Node route, an edge route and a client component
// (read in headless Chromium) each give the consumer app's report
// (tests/js/runtimes/consumer.mjs), which must equal what every other runtime reports. A
// build is reused while the packed tarball and the app are unchanged.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFileSync, cpSync, existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { EXPECTED } from "./runtimes/consumer.mjs";
import { launchChromium } from "./chromium.mjs";
import { root } from "./lib.mjs";

const app = join(root, "tests/nextjs");
const next = join(app, "node_modules/next/dist/bin/next");
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };

/** What a build depends on: the tarball, the app's files and its lock file. */
function buildKey() {
  const hash = createHash("sha256");
  const pack = join(root, "target/pack");
  const files = [
    ...readdirSync(pack).filter((n) => n.endsWith(".tgz")).map((n) => join(pack, n)),
    ...["package-lock.json", "next.config.mjs", "app/layout.js", "app/page.js", "app/node/route.js", "app/edge/route.js", "app/consumer.mjs"].map((n) => join(app, n)),
  ];
  for (const file of files) hash.update(file).update(readFileSync(file));
  return hash.digest("hex");
}

before(() => {
  assert.ok(existsSync(next), "tests/nextjs is not installed: make test installs it");
  // The package as a user gets it (the unpacked tarball), and the app every runtime runs.
  rmSync(join(app, "node_modules/quotakit"), { recursive: true, force: true });
  cpSync(join(root, "node_modules/quotakit"), join(app, "node_modules/quotakit"), { recursive: true });
  copyFileSync(join(root, "tests/js/runtimes/consumer.mjs"), join(app, "app/consumer.mjs"));
});

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer().once("error", reject).listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Runs `next start` on the build in `distDir` until `use` is done with its URL. */
async function serve(distDir, use) {
  const port = await freePort();
  const child = spawn(process.execPath, [next, "start", "-p", String(port), "-H", "127.0.0.1"], {
    cwd: app, env: { ...env, NEXT_DIST_DIR: distDir }, stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  try {
    const url = `http://127.0.0.1:${port}`;
    for (let i = 0; ; i++) {
      if (child.exitCode !== null) assert.fail(`next start exited:\n${output}`);
      if (await fetch(url + "/node").then(() => true, () => false)) break;
      if (i > 300) assert.fail(`next start did not answer in 30 s:\n${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    await use(url);
  } finally {
    child.kill();
  }
}

for (const bundler of ["turbopack", "webpack"]) {
  test(`Next.js with ${bundler}: a Node route, an edge route and a client component sign`, async () => {
    const distDir = `.next-${bundler}`;
    const dist = join(app, distDir);
    const key = buildKey();
    if (!existsSync(join(dist, "quotakit-build-key")) || readFileSync(join(dist, "quotakit-build-key"), "utf8") !== key) {
      rmSync(dist, { recursive: true, force: true });
      execFileSync(process.execPath, [next, "build", `--${bundler}`], { cwd: app, env: { ...env, NEXT_DIST_DIR: distDir }, stdio: "pipe" });
      writeFileSync(join(dist, "quotakit-build-key"), key);
    }
    // quotakit was bundled into the server output, not left to node_modules at run time.
    const serverFiles = readdirSync(join(dist, "server"), { recursive: true }).filter((n) => n.endsWith(".js"));
    assert.ok(serverFiles.some((n) => readFileSync(join(dist, "server", n), "utf8").includes("quotakit: init() needs the .wasm")),
      "quotakit's glue is in the server bundle");
    // The edge route gets the .wasm as a compiled module (edge.mjs's `?module` import), not
    // compiled from bytes at run time, which Vercel's edge runtime forbids.
    const edge = JSON.parse(readFileSync(join(dist, "server/middleware-manifest.json"), "utf8")).functions["/edge/route"];
    assert.equal(edge?.wasm?.length, 1, "the edge function declares one .wasm module");

    await serve(distDir, async (url) => {
      for (const route of ["node", "edge"]) {
        const res = await fetch(`${url}/${route}`);
        assert.equal(res.status, 200, `/${route}: ${res.status}`);
        assert.deepEqual(await res.json(), EXPECTED, `/${route}`);
      }
      const browser = await launchChromium();
      try {
        const page = await browser.newPage();
        const problems = [];
        page.on("pageerror", (e) => problems.push(e.message));
        page.on("console", (m) => m.type() === "error" && !m.location().url.endsWith("/favicon.ico") && problems.push(m.text()));
        await page.goto(url);
        await page.waitForFunction(() => document.querySelector("#report")?.textContent !== "", null, { timeout: 15_000 });
        assert.deepEqual(JSON.parse(await page.textContent("#report")), EXPECTED, "the client component");
        assert.deepEqual(problems, []);
      } finally {
        await browser.close();
      }
    });
  });
}
