// The admin console (www-demo/) in real headless Chromium (Debian's, driven by
// playwright-core), against the vendor sandbox: the page loads without console errors, every
// table fills, "Deduct 1" changes the count, the inspector reproduces the official vectors in
// the browser's wasm, the validator marks a malformed field, no secret reaches the browser,
// and the layout holds at phone width. Screenshots of each view go to tests/js/out/screenshots/.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { configFromEnv, createBackend } from "../../www-demo/backend.mjs";
import { loadSeed, startSandbox } from "../../www-demo/sandbox/server.mjs";
import { startConsole } from "../../www-demo/server.mjs";
import { root, vectors } from "./lib.mjs";
import { launchChromium } from "./chromium.mjs";

const SHOTS = join(root, "tests/js/out/screenshots");
const seed = loadSeed();
const SECRETS = Object.values(seed.credentials).flatMap((c) => [c.secretKey, c.secretAccessKey, c.appSecret, c.clientSecret]).filter(Boolean);

let sandbox, server, browser, page;
const problems = []; // console errors and uncaught page errors
const received = []; // every body the page received from the console server

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  sandbox = await startSandbox();
  // The console's backend reads credentials from the environment; none here, so all sandbox.
  const env = { QUOTAKIT_REMINDERS_FILE: join(mkdtempSync(join(tmpdir(), "quotakit-console-")), "reminders.json") };
  server = await startConsole({ backend: createBackend(configFromEnv(env, { sandboxUrl: sandbox.url, seed })), port: 0 });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on("console", (m) => m.type() === "error" && problems.push(`console: ${m.text()}`));
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("response", async (res) => {
    if (res.url().startsWith(server.url) && !res.url().endsWith(".wasm")) received.push(await res.text().catch(() => ""));
  });
  // Every Content-Security-Policy violation the page meets, whichever view it is in.
  await page.addInitScript(() => {
    window.cspViolations = [];
    document.addEventListener("securitypolicyviolation", (e) => window.cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const landing = await page.goto(server.url);
  assert.match(landing.headers()["content-security-policy"], /script-src 'self' 'wasm-unsafe-eval'/);
  await page.waitForSelector("html[data-ready=true]", { timeout: 15_000 });
});

after(async () => {
  await browser?.close();
  await server?.close();
  await sandbox?.close();
});

async function shot(name) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}
const view = (name) => page.locator(`#view-${name}`);
async function open(name) {
  await page.click(`#tabs a[data-view=${name}]`);
  await page.waitForFunction((n) => !document.querySelector(`#view-${n}`).hidden && !document.querySelector(`#view-${n}`).hasAttribute("aria-busy"), name);
}

test("the page loads with no console errors and shows where each vendor's calls go", async () => {
  assert.match(await page.textContent("#targets"), /tencent: sandbox/);
  assert.deepEqual(problems, []);
});

test("Customers: the landing view shows summarize() over every vendor, as the API returns it", async () => {
  // The landing view (no hash) is Customers; it may still be loading.
  await page.waitForFunction(() => !document.querySelector("#view-customers").hidden && !document.querySelector("#view-customers").hasAttribute("aria-busy"));
  const api = await (await fetch(`${server.url}/api/customers`)).json();
  const cards = view("customers").locator("article.customer");
  assert.equal(await cards.count(), api.summary.customers.length);
  // Customers in the provider's records come first, by name, with every vendor that knows them.
  const first = cards.first();
  assert.match(await first.locator("h2").textContent(), /[\u4e00-\u9fff]+有限公司.*(tencent|polyv|douyin)/);
  // Each row's alerts are summarize()'s, not the page's own judgement.
  for (const c of api.summary.customers.slice(0, 20)) {
    const rows = view("customers").locator(`article[data-customer="${c.customer}"] tbody tr`);
    assert.deepEqual(await rows.evaluateAll((trs) => trs.map((tr) => tr.dataset.alerts)), c.units.map((u) => u.alerts.join(" ")), c.customer);
  }
  const flagged = api.summary.customers.filter((c) => c.alerts.includes("low")).length;
  assert.ok(flagged > 0, "the seed has customers running low");
  assert.equal(await view("customers").locator("h2 .badge.bad", { hasText: "low" }).count(), flagged);
  assert.ok(await view("customers").locator("tr[data-alerts~=low] .bar.bad").count() > 0, "low rows are red");
  // Links lead to each vendor's own view.
  assert.ok(await view("customers").locator("a[href='#polyv']").count() > 0);
  await shot("customers");
});

test("Customers: Remind on a low Tencent usage plan reminds its customer once, never twice at that level", async () => {
  await open("customers");
  const first = view("customers").locator("tr[data-unit=requests] [data-remind]").first();
  const instance = await first.getAttribute("data-instance");
  const button = () => view("customers").locator(`[data-remind][data-instance="${instance}"]`);
  const before = sandbox.tencent.reminders.length;
  await button().click();
  await page.waitForFunction((id) => /^Reminded \(flow-\d+\)$/.test(document.querySelector(`[data-remind][data-instance="${id}"]`)?.textContent ?? ""), instance);
  assert.equal(sandbox.tencent.reminders.length, before + 1);
  assert.equal(sandbox.tencent.reminders.at(-1).ResourceId, instance);
  // The view read anew: the plan is still low, and its reminder is not sent again.
  await view("customers").locator("[data-action=reload]").click();
  await page.waitForFunction(() => !document.querySelector("#view-customers").hasAttribute("aria-busy"));
  await button().click();
  await page.waitForFunction((id) => /^Already reminded/.test(document.querySelector(`[data-remind][data-instance="${id}"]`)?.textContent ?? ""), instance);
  assert.equal(sandbox.tencent.reminders.length, before + 1);
});

test("Douyin: purchases fill the table, and Deduct 1 takes one use off", async () => {
  await open("douyin");
  const rows = view("douyin").locator("#douyin-purchases tbody tr");
  assert.equal(await rows.count(), seed.douyin.purchases.length);
  const cell = view("douyin").locator("#douyin-purchases tr[data-row$='|count_500'] td[data-remaining]").first();
  const before = Number(await cell.getAttribute("data-remaining"));
  assert.equal(before, 42, "the first customer's count pack, from the seed");
  await view("douyin").locator("#douyin-purchases tr[data-row$='|count_500'] [data-deduct]").first().click();
  await page.waitForFunction(() => document.querySelector("tbody tr[data-row$='|count_500'] td[data-remaining]")?.dataset.remaining === "41");
  const owner = seed.customers[0].douyinOpenId;
  assert.equal(sandbox.douyin.purchases.find((p) => p.open_id === owner && p.service_mode_id === "count_500").remain_service_times, 41);
  assert.ok(await view("douyin").locator(".bar").count() > 0);
  await shot("douyin");
});

test("Douyin: an order event the sandbox posts to the webhook shows in the console, once per Msg-Id", async () => {
  const buyer = seed.customers[1];
  const hook = `${server.origin}/webhooks/douyin`;
  const delivered = await sandbox.sendDouyinWebhook(hook, { open_id: buyer.douyinOpenId, service_mode_id: "count_500", order_event: 5 });
  assert.equal(delivered.status, 200);
  const { msgId, status } = JSON.parse(delivered.body);
  assert.equal(status, "recorded");
  // Douyin retries a push it thinks unanswered: the same Msg-Id is recorded once.
  const retry = await fetch(hook, { method: "POST", headers: delivered.sent.headers, body: delivered.sent.body });
  assert.equal((await retry.json()).status, "duplicate");
  const forged = await sandbox.sendDouyinWebhook(hook, { open_id: buyer.douyinOpenId, order_event: 1, tamper: true });
  assert.equal(forged.status, 401, "a forged push is refused");
  await open("douyin");
  await view("douyin").locator("[data-action=reload]").click();
  const row = view("douyin").locator(`#douyin-orders tr[data-msg-id="${msgId}"]`);
  await row.waitFor({ timeout: 10_000 });
  assert.equal(await row.count(), 1);
  assert.match(await row.textContent(), new RegExp(`${buyer.name}.*cancelled \\(取消订单\\)`));
  assert.equal(await view("douyin").locator("#douyin-orders tr[data-msg-id]").count(), 1, "the forged push is not shown");
  await shot("douyin-orders");
});

test("Tencent: deals fill the table, page, and filter", async () => {
  await open("tencent");
  const rows = view("tencent").locator("tbody tr");
  assert.equal(await rows.count(), 20);
  assert.match(await view("tencent").locator(".page-info").textContent(), new RegExp(`page 1 of 12 · ${seed.tencent.deals.length} deals`));
  const firstPage = await rows.first().locator("td").first().textContent();
  await view("tencent").locator("[data-page=next]").click();
  await page.waitForFunction(() => /page 2 of/.test(document.querySelector("#view-tencent .page-info").textContent));
  assert.notEqual(await rows.first().locator("td").first().textContent(), firstPage);
  await view("tencent").locator("select[name=status]").selectOption("6");
  await page.waitForFunction(() => /page 1 of/.test(document.querySelector("#view-tencent .page-info").textContent));
  const refunded = seed.tencent.deals.filter((d) => d.Status === 6).length;
  assert.match(await view("tencent").locator(".page-info").textContent(), new RegExp(`${refunded} deals`));
  assert.ok((await view("tencent").locator("tbody .badge").allTextContents()).every((t) => t === "已退款"));
  await shot("tencent");
});

test("Baidu: resource packs fill the table with usage bars", async () => {
  await open("baidu");
  assert.equal(await view("baidu").locator("tbody tr").count(), seed.baidu.packs.length);
  assert.equal(await view("baidu").locator("tbody .bar").count(), seed.baidu.packs.length);
  await shot("baidu");
});

test("Polyv: sub-accounts fill the table with minutes, flow and space bars", async () => {
  await open("polyv");
  assert.equal(await view("polyv").locator("tbody tr").count(), 20);
  assert.match(await view("polyv").locator(".page-info").textContent(), /page 1 of 4 · 63 accounts/);
  assert.ok(await view("polyv").locator("tbody .bar.bad").count() > 0, "someone is about to run out, in red");
  await shot("polyv");
});

test("inspector: the official TC3, BCE and Polyv vectors reproduce in the browser's wasm", async () => {
  await open("inspector");
  const cases = [
    ["tc3", vectors("tc3").find((v) => v.name === "official-cvm-content-type-host")],
    ["bce", vectors("bce").find((v) => v.name === "official-bos-upload-part")],
    ["polyv", vectors("polyv-sign").find((v) => v.name === "official-md5")],
  ];
  for (const [scheme, vector] of cases) {
    await view("inspector").locator(`[data-scheme=${scheme}]`).click();
    await view("inspector").locator("[data-action=vector]").click();
    await view("inspector").locator("button[type=submit]").click();
    const signature = await view("inspector").locator("[data-out=signature]").textContent();
    assert.equal(signature, vector.expected.signature ?? vector.expected.sign, scheme);
    assert.match(await view("inspector").locator(".status").textContent(), /Matches the official vector/);
    if (vector.expected.canonicalRequest) assert.equal(await view("inspector").locator("[data-out=canonicalRequest]").textContent(), vector.expected.canonicalRequest);
    if (vector.expected.stringToSign) assert.equal(await view("inspector").locator("[data-out=stringToSign]").textContent(), vector.expected.stringToSign);
    await shot(`inspector-${scheme}`);
  }
  // Bad input gets the field and the reason, and no secret.
  await view("inspector").locator("[data-scheme=tc3]").click();
  await view("inspector").locator("[name=secretId]").fill("AKIDoperator");
  await view("inspector").locator("[name=secretKey]").fill("a-secret-typed-by-the-operator");
  await view("inspector").locator("[name=service]").fill("CVM!");
  await view("inspector").locator("button[type=submit]").click();
  const error = await view("inspector").locator(".status.error").textContent();
  assert.match(error, /invalid_format at \$\.service: expected a lowercase service name/);
  assert.ok(!error.includes("a-secret-typed-by-the-operator"));
});

test("validator: the documented sample validates, and a malformed field is marked at its path", async () => {
  await open("validator");
  await view("validator").locator("select[name=operation]").selectOption("tencent.describeAgentDealsByCache");
  await view("validator").locator("button[type=submit]").click();
  assert.match(await view("validator").locator(".status").textContent(), /Valid Tencent DescribeAgentDealsByCache/);
  const body = JSON.parse(await view("validator").locator("textarea[name=body]").inputValue());
  body.Response.AgentDealSet[0].GoodsPrice.RealTotalCost = "1000.00";
  delete body.Response.TotalCount;
  await view("validator").locator("textarea[name=body]").fill(JSON.stringify(body, null, 2));
  await view("validator").locator("button[type=submit]").click();
  const issues = await view("validator").locator("[data-out=issues] li").allTextContents();
  assert.ok(issues.some((t) => t.startsWith("$.Response.AgentDealSet[0].GoodsPrice.RealTotalCost invalid_type")), issues.join("\n"));
  assert.ok(issues.some((t) => t.startsWith("$.Response.TotalCount missing_field")), issues.join("\n"));
  const marked = await view("validator").locator(".bad-field").allTextContents();
  assert.deepEqual(marked, ['"1000.00"']);
  assert.match(await view("validator").locator(".missing-field").textContent(), /missing "TotalCount"/);
  await shot("validator");
});

test("the console's API: bad input is a 400 naming the field; a vendor failure is a 502 the page shows", async () => {
  // As the page sends them: JSON from the console's own origin.
  const own = { "content-type": "application/json", origin: server.url };
  const res = await fetch(`${server.url}/api/douyin/deduct`, { method: "POST", headers: own, body: "{}" });
  const { error } = await res.json();
  assert.deepEqual([res.status, error.kind, error.path], [400, "input", "$.open_id"]);
  const notJson = await fetch(`${server.url}/api/douyin/deduct`, { method: "POST", headers: own, body: "{oops" });
  assert.equal(notJson.status, 400);
  sandbox.faults.add({ kind: "html", vendor: "polyv", times: 1 });
  await open("polyv");
  await view("polyv").locator("input[name=email]").fill(seed.customers[0].email);
  await view("polyv").locator("input[name=email]").dispatchEvent("change");
  await page.waitForSelector("#view-polyv .status.error");
  assert.match(await view("polyv").locator(".status.error").textContent(), /http error.*502.*retryable/s);
  await view("polyv").locator("input[name=email]").dispatchEvent("change"); // the fault was for one call
  await page.waitForFunction(() => document.querySelectorAll("#view-polyv tbody tr").length === 1 && !document.querySelector("#view-polyv .status.error"));
  // The browser logs the 502 itself as a failed resource load; only that line is expected.
  const unexpected = problems.filter((p) => !/status of 502/.test(p));
  problems.length = 0;
  problems.push(...unexpected);
});

test("a row the page cannot render (a time beyond what a Date holds) is an error row; the rest of its view renders", async () => {
  const beyond = 8_700_000_000_000_000; // within ±2^53, beyond Date's ±8.64e15 ms
  const fresh = await browser.newPage();
  const errors = [];
  fresh.on("pageerror", (e) => errors.push(e.message));
  // The console's own answers, with one time replaced: whatever the library lets through, the page must cope.
  const withTime = (path, edit) => fresh.route(`${server.origin}${path}`, async (route) => {
    const res = await route.fetch();
    const body = await res.json();
    edit(body);
    await route.fulfill({ response: res, json: body });
  });
  let customers, purchases;
  await withTime("/api/customers", (body) => {
    customers = body.summary.customers;
    customers[0].units[0].soonestEnd = beyond;
  });
  await withTime("/api/douyin/purchases", (body) => {
    purchases = body.purchases;
    purchases[0].expire_time = beyond;
  });
  try {
    await fresh.goto(server.url);
    await fresh.waitForFunction(() => document.documentElement.dataset.ready === "true" && !document.querySelector("#view-customers").hasAttribute("aria-busy"));
    const first = fresh.locator(`#view-customers article[data-customer="${customers[0].customer}"]`);
    assert.equal(await first.locator("tr.row-error").count(), 1);
    assert.match(await first.locator("tr.row-error").textContent(), new RegExp(`${beyond} is beyond the times a date can hold`));
    assert.equal(await first.locator("tbody tr[data-unit]").count(), customers[0].units.length - 1, "the card's other rows render");
    assert.equal(await fresh.locator("#view-customers article.customer").count(), customers.length, "every other card renders");

    await fresh.click("#tabs a[data-view=douyin]");
    await fresh.waitForFunction(() => document.querySelectorAll("#douyin-purchases tbody tr").length > 1);
    const error = fresh.locator("#view-douyin tr.row-error");
    assert.equal(await error.count(), 1);
    assert.match(await error.textContent(), new RegExp(`${purchases[0].service_mode_id}: expire_time ${beyond} is beyond`));
    assert.equal(await fresh.locator("#douyin-purchases tbody tr[data-row]").count(), purchases.length - 1);
    assert.equal(await fresh.locator("#view-douyin .status.error").count(), 0);
    assert.deepEqual(errors, []);
  } finally {
    await fresh.close();
  }
});

test("another site's page can neither make the console call a vendor (<img>) nor end it (a link to //[)", async () => {
  const images = 20;
  const logged = [];
  const target = await startConsole({ backend: createBackend(configFromEnv({}, { sandboxUrl: sandbox.url, seed })), port: 0, log: (l) => logged.push(l) });
  const attacker = createServer((req, res) => {
    const tags = Array.from({ length: images }, (_, i) => `<img src="${target.origin}/api/tencent/deals?offset=${i}">`).join("");
    res.writeHead(200, { "content-type": "text/html" }).end(`<!doctype html><body>${tags}<a href="${target.origin}//[">crash</a></body>`);
  });
  await new Promise((resolve) => attacker.listen(0, "127.0.0.1", resolve));
  const port = attacker.address().port;
  const fresh = await browser.newPage();
  try {
    // localhost is another site than 127.0.0.1; another port of 127.0.0.1 is the same site.
    for (const [origin, site] of [[`http://localhost:${port}`, "cross-site"], [`http://127.0.0.1:${port}`, "same-site"]]) {
      const before = sandbox.faults.stats().requests;
      logged.length = 0;
      await fresh.goto(`${origin}/`);
      await fresh.waitForFunction(() => [...document.images].every((img) => img.complete));
      // The browser sent every request (the console saw it); the console refused each.
      assert.deepEqual(logged, Array(images).fill(`GET /api/tencent/deals refused: a GET request from a ${site} page is refused`));
      assert.equal(sandbox.faults.stats().requests, before, `${origin}: no vendor was called`);
    }
    const [navigation] = await Promise.all([fresh.waitForNavigation(), fresh.click("a")]);
    assert.equal(navigation.status(), 400);
    assert.equal((await fetch(`${target.origin}/api/config`)).status, 200, "the console still serves");
  } finally {
    await fresh.close();
    await target.close();
    await new Promise((resolve) => attacker.close(resolve));
  }
});

test("the console stays usable at phone width", async () => {
  await page.setViewportSize({ width: 390, height: 844 });
  await open("polyv");
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow}px`);
  await shot("polyv-narrow");
  await page.setViewportSize({ width: 1280, height: 900 });
});

test("quotakit/web: a failed init() is retryable, not kept until a reload", async () => {
  const fresh = await browser.newPage();
  try {
    await fresh.goto(`${server.origin}/not-a-page`); // same origin, nothing loaded yet
    const outcome = await fresh.evaluate(async () => {
      const { default: init, Polyv } = await import("/quotakit/web.mjs");
      let first = null;
      try {
        await init("/quotakit/no-such.wasm");
      } catch (e) {
        first = String(e);
      }
      await init();
      // Polyv's official SHA256 vector, signed by the module the second init loaded.
      const signed = new Polyv({ appId: "g4rqgmmjuo", appSecret: "fsq2k5weced1h8vui657xtdva66whf0g", signatureMethod: "SHA256" })
        .signParams({ channelIds: "2477096,2272655", startDay: "2022-05-20", endDay: "2022-06-18" }, { now: 1660270926732 });
      return { first, sign: signed.params.sign };
    });
    assert.ok(outcome.first, "the first init with a missing .wasm fails");
    assert.equal(outcome.sign, "C19D35BD44B2BD0A538D420D93F80C17EAD9604042098EA38621A2B5663ECEDF");
  } finally {
    await fresh.close();
  }
});

test("no secret reached the browser, nothing logged an error, and no view broke the CSP", async () => {
  assert.deepEqual(await page.evaluate(() => window.cspViolations), []);
  assert.ok(await page.locator(".bar > span[style*=width]").count() > 0, "bars got their widths through the CSSOM");
  assert.ok(received.length > 10);
  for (const body of received) for (const secret of SECRETS) assert.ok(!body.includes(secret), `a response contained a secret`);
  assert.deepEqual(problems, []);
});
