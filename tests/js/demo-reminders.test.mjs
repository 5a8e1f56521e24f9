// The main job's reminders (examples/demo.mjs, www-demo/backend.mjs): one flowProductRemind
// for each Tencent usage plan that runs low or out, never two for one plan and level, in one
// run or across runs (the record is a file, written before each send).
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import test from "node:test";
import { configFromEnv, createBackend } from "../../www-demo/backend.mjs";
import { loadSeed, startSandbox } from "../../www-demo/sandbox/server.mjs";

test("low and used-up usage plans are reminded once per plan and level, across runs", async () => {
  const dir = mkdtempSync(join(tmpdir(), "quotakit-reminders-"));
  const sandbox = await startSandbox();
  try {
    const env = { QUOTAKIT_REMINDERS_FILE: join(dir, "reminders.json") };
    const run = async () => {
      const backend = createBackend(configFromEnv(env, { sandboxUrl: sandbox.url, seed: loadSeed() }));
      const { summary } = await backend.customerSummary();
      return { summary, ...(await backend.remindLowPlans(summary)) };
    };
    const first = await run();
    const plans = first.summary.customers.flatMap((c) => c.units.filter((u) => u.unit === "requests"));
    const alerting = plans.filter((u) => u.alerts.includes("low") || u.alerts.includes("exhausted"));
    assert.ok(plans.length > alerting.length && alerting.length > 0, `${alerting.length} of ${plans.length} plans alert`);
    assert.deepEqual(first.failed, []);
    assert.equal(first.sent.length, alerting.length, "one reminder per alerting plan");
    assert.equal(sandbox.tencent.reminders.length, alerting.length, "the sandbox received each once");
    for (const r of sandbox.tencent.reminders) {
      const plan = alerting.find((u) => u.entitlements[0].source.id === r.ResourceId);
      assert.ok(plan, `${r.ResourceId} alerts`);
      assert.deepEqual([r.TotalFlow, r.LeftFlow], [String(plan.granted), String(plan.remaining)]);
    }
    const record = JSON.parse(readFileSync(env.QUOTAKIT_REMINDERS_FILE, "utf8"));
    assert.equal(Object.values(record).filter((r) => r.status === "sent").length, alerting.length);

    // A second run (a new backend, as a new process would be) sends nothing again.
    const second = await run();
    assert.deepEqual([second.sent.length, second.already], [0, alerting.length]);
    assert.equal(sandbox.tencent.reminders.length, alerting.length);
  } finally {
    await sandbox.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
