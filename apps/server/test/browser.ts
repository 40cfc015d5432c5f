import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Whether browser tests can run here; with KAMENG_REQUIRE_BROWSER=1 (CI) a missing Chromium is a failure. */
export const browserAvailable = fs.existsSync(CHROMIUM) || process.env.KAMENG_REQUIRE_BROWSER === '1';

/** Debian's Chromium, headless, with the flags this sandbox needs (no background network). */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

/** Where screenshots go (kept as CI artifacts). */
export function screenshotPath(name: string): string {
  const dir = path.resolve(import.meta.dirname, '../../../artifacts/screenshots');
  fs.mkdirSync(dir, { recursive: true });
  return path.join(dir, `${name}.png`);
}
