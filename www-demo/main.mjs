// `make demo`: starts the vendor sandbox and the admin console, runs the main job
// (examples/demo.mjs) against them, and keeps serving the console until Ctrl-C.
//
//   PORT            console port (default 8080)
//   HOST            console bind address (default 127.0.0.1); any other than loopback makes
//                   the console ask for an access token, printed once below
//   CONSOLE_TOKEN   that token, when you choose it yourself
//   CONSOLE_ALLOWED_HOSTS  more Host names to serve, comma-separated (e.g. a proxy's name)
//   SANDBOX_PORT    sandbox port (default 8081; 0 picks a free one). The sandbox asks no
//                   token, so it listens on 127.0.0.1 whatever HOST says.
//   QUOTAKIT_*      real credentials per vendor (README, "Against the real vendors")
import { runJob } from "../examples/demo.mjs";
import { configFromEnv, createBackend } from "./backend.mjs";
import { loadSeed, startSandbox } from "./sandbox/server.mjs";
import { WEBHOOK_PATH, startConsole } from "./server.mjs";

const port = (name, fallback) => {
  const value = process.env[name] ?? String(fallback);
  if (!/^\d+$/.test(value) || Number(value) > 65535) {
    console.error(`${name} must be a port number, got ${JSON.stringify(value)}`);
    process.exit(2);
  }
  return Number(value);
};

async function listening(what, start) {
  try {
    return await start();
  } catch (e) {
    if (e.code === "EADDRINUSE") {
      console.error(`${what}: port ${e.port} is in use. Stop what holds it, or set ${what === "console" ? "PORT" : "SANDBOX_PORT"}.`);
      process.exit(1);
    }
    throw e;
  }
}

const sandbox = await listening("sandbox", () => startSandbox({ port: port("SANDBOX_PORT", 8081) }));
const backend = createBackend(configFromEnv(process.env, { sandboxUrl: sandbox.url, seed: loadSeed() }));
const consoleServer = await listening("console", () => startConsole({
  backend,
  port: port("PORT", 8080),
  host: process.env.HOST || "127.0.0.1",
  token: process.env.CONSOLE_TOKEN || null,
  allowedHosts: (process.env.CONSOLE_ALLOWED_HOSTS ?? "").split(",").map((h) => h.trim()).filter(Boolean),
  log: console.error,
}));
console.log(`vendor sandbox: ${sandbox.url}`);

try {
  await runJob(backend);
} catch (e) {
  console.error(`\nthe job failed: ${e.message}${e.path ? ` at ${e.path}` : ""}`);
  process.exitCode = 1;
}

await pushOrderEvent();

console.log(`\n── admin console: ${consoleServer.url}  (Ctrl-C to stop)`);
const stop = async () => {
  await Promise.all([consoleServer.close(), sandbox.close()]);
  process.exit();
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);

/**
 * Douyin (the sandbox) pushes a service_market_order event to the console's webhook, then
 * pushes it again as Douyin retries an unanswered push: the console records it once, by its
 * Msg-Id, and shows it in its Douyin view.
 */
async function pushOrderEvent() {
  const [buyer] = backend.douyinCustomers;
  if (!buyer || backend.targets.douyin !== "sandbox") return;
  const target = new URL(WEBHOOK_PATH, consoleServer.origin);
  if (!["localhost", "127.0.0.1", "[::1]"].includes(target.hostname)) target.hostname = "127.0.0.1";
  try {
    const first = await sandbox.sendDouyinWebhook(target.href, { open_id: buyer.openId, order_event: 1 });
    const again = await fetch(target, { method: "POST", headers: first.sent.headers, body: first.sent.body });
    const [seen, resent] = [JSON.parse(first.body), await again.json()];
    console.log(`\n── Douyin order event: ${buyer.name} paid an order; the console ${seen.status} it (Msg-Id ${seen.msgId}); Douyin's retry: ${resent.status}`);
  } catch (e) {
    console.error(`\nthe Douyin order event was not delivered: ${e.message}`);
  }
}
