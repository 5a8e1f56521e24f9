// Debian's headless Chromium, driven by playwright-core (test tools may not download their
// own browsers here). The flags keep it off the network: without the background-networking
// ones it keeps dialling Google's hosts, which this machine refuses.
import { existsSync } from "node:fs";
import assert from "node:assert/strict";
import { chromium } from "playwright-core";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export function launchChromium() {
  assert.ok(existsSync(CHROMIUM), `Chromium is not at ${CHROMIUM}: make test installs Debian's chromium package`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}
