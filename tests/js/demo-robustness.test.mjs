// `make demo` runs the console and the sandbox in one process (www-demo/main.mjs), so one
// request that throws outside a handler ends both. This starts main.mjs as `make demo` does,
// sends each server a table of malformed requests as raw bytes (bad targets, bad Hosts, bad
// headers, cut-off bodies), and checks each answer, that none carries a stack or a file
// path, and that the process is still serving afterwards. It also runs the main job on a
// time beyond what a Date holds.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { connect } from "node:net";
import { join } from "node:path";
import { runJob } from "../../examples/demo.mjs";
import { root } from "./lib.mjs";

let demo, consoleUrl, sandboxUrl;
const output = [];

before(async () => {
  demo = spawn(process.execPath, [join(root, "www-demo/main.mjs")], {
    env: { ...process.env, PORT: "0", SANDBOX_PORT: "0", HOST: "127.0.0.1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  demo.stderr.on("data", (d) => output.push(String(d)));
  // main.mjs prints the sandbox's address at start and the console's after the job.
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the demo did not start:\n${output.join("")}`)), 60_000);
    demo.on("exit", (code) => reject(new Error(`the demo exited with ${code}:\n${output.join("")}`)));
    demo.stdout.on("data", (d) => {
      output.push(String(d));
      const text = output.join("");
      sandboxUrl = /vendor sandbox: (http:\/\/\S+)/.exec(text)?.[1];
      consoleUrl = /admin console: (http:\/\/\S+)/.exec(text)?.[1];
      if (sandboxUrl && consoleUrl) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
});

after(() => demo?.kill());

/**
 * Sends `bytes` on a fresh connection (optionally half-closing after them), and returns the
 * status the server answered (null if it only closed) and the whole answer.
 */
function exchange(url, bytes, { end = false } = {}) {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    const chunks = [];
    socket.on("data", (c) => chunks.push(c));
    socket.on("error", (e) => (e.code === "ECONNRESET" ? null : reject(e)));
    socket.on("close", () => {
      const text = Buffer.concat(chunks).toString("latin1");
      resolve({ status: Number(/^HTTP\/1\.[01] (\d{3})/.exec(text)?.[1]) || null, text });
    });
    socket.setTimeout(5000, () => socket.destroy());
    socket.write(bytes, "latin1");
    if (end) socket.end();
  });
}

/**
 * Malformed requests and what each server answers. `path` is a route that needs a good Host
 * on both servers, `post` one that reads a JSON body from the server's own origin; `host` is
 * the server's own `127.0.0.1:<port>`. A status of null means the
 * client hangs up before any answer can reach it: the server only has to survive.
 */
const MALFORMED = [
  { name: "a target the URL parser rejects", status: 400, bytes: ({ host }) => `GET //[ HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n` },
  { name: "a target read as another host", status: 400, bytes: ({ host }) => `GET //evil.example/x HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n` },
  { name: "a backslash target read as another host", status: 400, bytes: ({ host }) => `GET /\\evil.example\\x HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n` },
  { name: "an absolute-form target", status: 400, bytes: ({ host }) => `GET http://x/ HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n` },
  { name: "an asterisk target", status: 400, bytes: ({ host }) => `OPTIONS * HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n` },
  { name: "a bad percent escape", status: 404, bytes: ({ host }) => `GET /% HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n` },
  { name: "a Host with a space", status: 400, bytes: ({ path }) => `GET ${path} HTTP/1.1\r\nHost: a b\r\nConnection: close\r\n\r\n` },
  { name: "a Host with two ports", status: 400, bytes: ({ path, host }) => `GET ${path} HTTP/1.1\r\nHost: ${host}:${host.split(":")[1]}\r\nConnection: close\r\n\r\n` },
  { name: "an empty Host", status: 400, bytes: ({ path }) => `GET ${path} HTTP/1.1\r\nHost: \r\nConnection: close\r\n\r\n` },
  { name: "two Host headers", status: 400, bytes: ({ path, host }) => `GET ${path} HTTP/1.1\r\nHost: ${host}\r\nHost: evil.example\r\nConnection: close\r\n\r\n` },
  { name: "no Host in HTTP/1.1", status: 400, bytes: ({ path }) => `GET ${path} HTTP/1.1\r\nConnection: close\r\n\r\n` },
  { name: "no Host in HTTP/1.0", status: 400, bytes: ({ path }) => `GET ${path} HTTP/1.0\r\n\r\n` },
  { name: "a control character in a header value", status: 400, bytes: ({ path, host }) => `GET ${path} HTTP/1.1\r\nHost: ${host}\r\nX-Bad: a\x01b\r\n\r\n` },
  { name: "a space in a header name", status: 400, bytes: ({ path, host }) => `GET ${path} HTTP/1.1\r\nHost: ${host}\r\nBad Name: x\r\n\r\n` },
  { name: "bytes beyond ASCII in the target", status: 400, bytes: ({ host }) => `GET /\xff\xfe HTTP/1.1\r\nHost: ${host}\r\n\r\n` },
  { name: "an unknown method", status: 400, bytes: ({ path, host }) => `BREW ${path} HTTP/1.1\r\nHost: ${host}\r\n\r\n` },
  { name: "a 20 KB header", status: 431, bytes: ({ path, host }) => `GET ${path} HTTP/1.1\r\nHost: ${host}\r\nX-Big: ${"a".repeat(20_000)}\r\n\r\n` },
  { name: "a Content-Length that is not a number", status: 400, bytes: ({ post, host }) => `POST ${post} HTTP/1.1\r\nHost: ${host}\r\nOrigin: http://${host}\r\nContent-Type: application/json\r\nContent-Length: ten\r\n\r\n{}` },
  { name: "Content-Length and Transfer-Encoding together", status: 400, bytes: ({ post, host }) => `POST ${post} HTTP/1.1\r\nHost: ${host}\r\nOrigin: http://${host}\r\nContent-Type: application/json\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n` },
  { name: "chunked garbage", status: 400, bytes: ({ post, host }) => `POST ${post} HTTP/1.1\r\nHost: ${host}\r\nOrigin: http://${host}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n` },
  ...["null", "5", "[]", '"text"'].map((json) => ({
    name: `a JSON body that is not an object (${json})`, status: 400,
    bytes: ({ post, host }) => `POST ${post} HTTP/1.1\r\nHost: ${host}\r\nOrigin: http://${host}\r\nContent-Type: application/json\r\nContent-Length: ${json.length}\r\nConnection: close\r\n\r\n${json}`,
  })),
  { name: "a body shorter than its Content-Length, then a hang-up", status: null, end: true, bytes: ({ post, host }) => `POST ${post} HTTP/1.1\r\nHost: ${host}\r\nOrigin: http://${host}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"kind":` },
  { name: "a chunked body cut off mid-chunk, then a hang-up", status: null, end: true, bytes: ({ post, host }) => `POST ${post} HTTP/1.1\r\nHost: ${host}\r\nOrigin: http://${host}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n40\r\n{"kind":` },
];

const SERVERS = {
  console: { url: () => consoleUrl, path: "/api/config", post: "/api/douyin/deduct" },
  sandbox: { url: () => sandboxUrl, path: "/__sandbox/health", post: "/__sandbox/faults" },
};

for (const [server, { url, path, post }] of Object.entries(SERVERS)) {
  test(`${server}: each malformed request gets its answer, without a stack or a path, and the process keeps serving`, async () => {
    const host = new URL(url()).host;
    for (const c of MALFORMED) {
      const { status, text } = await exchange(url(), c.bytes({ host, path, post }), { end: c.end });
      if (c.status !== null) assert.equal(status, c.status, `${c.name}: ${text.slice(0, 300)}`);
      assert.doesNotMatch(text, /\bat .+:\d+:\d+|\/work\/|file:\/\/|node:internal|\.mjs/, c.name);
      assert.equal(demo.exitCode, null, `the demo exited after ${c.name}:\n${output.join("")}`);
    }
    const res = await fetch(`${url()}${path}`);
    assert.equal(res.status, 200, "a good request is still served");
  });
}

test("sandbox vendor routes answer a JSON body that is not an object as their vendor would, never 500", async () => {
  const post = (path, body, headers = {}) => fetch(`${sandboxUrl}${path}`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body });
  for (const body of ["null", "5", "[]"]) {
    for (const path of ["/oauth/client_token/", "/oauth/stable_client_token/", "/__sandbox/webhooks/douyin", "/__sandbox/webhooks/tencent"]) {
      const res = await post(path, body);
      assert.ok(res.status < 500, `${path} with ${body}: ${res.status}`);
    }
    const tencent = await post("/", body, { "x-tc-action": "DescribeAgentDealsByCache" });
    assert.ok(tencent.status < 500, `tencent with ${body}: ${tencent.status}`);
  }
});

test("after every malformed request both servers still serve, and the demo process is alive", async () => {
  assert.equal((await fetch(`${consoleUrl}/api/douyin/purchases`)).status, 200);
  assert.equal((await fetch(`${sandboxUrl}/__sandbox/health`)).status, 200);
  assert.equal(demo.exitCode, null);
});

test("the main job prints a time beyond what a Date holds as 'far future', and finishes", async () => {
  const beyond = 8_700_000_000_000_000; // within ±2^53, beyond Date's ±8.64e15 ms
  const unit = (soonestEnd) => ({
    unit: "uses", product: { id: "count_500" }, granted: 500, used: 1, remaining: 499, soonestEnd, alerts: [],
    entitlements: [{ vendor: "douyin", state: "active" }],
  });
  const backend = {
    targets: { douyin: "sandbox" },
    douyinCustomers: [{ name: "Acme", openId: "open-1" }],
    douyinToken: async () => ({ expiresIn: 7200 }),
    douyinPurchases: async () => [],
    customerSummary: async () => ({
      names: { acme: "Acme" },
      entitlements: 2,
      summary: { customers: [{ customer: "acme", alerts: [], holders: [{ vendor: "douyin" }], units: [unit(beyond), unit(Date.UTC(2027, 0, 31))] }] },
    }),
  };
  const printed = [];
  const log = console.log;
  console.log = (...args) => printed.push(args.join(" "));
  try {
    assert.deepEqual(await runJob(backend, { now: Date.UTC(2026, 5, 1) }), { entitlements: 2, customers: 1, alerting: 0 });
  } finally {
    console.log = log;
  }
  const text = printed.join("\n");
  assert.match(text, /499 +far future +1 active/, "the out-of-range time is shown as such");
  assert.match(text, /2027-01-31/, "the row after it is printed too");
});
