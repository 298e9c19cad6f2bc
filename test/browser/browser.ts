/**
 * @module
 * Headless Debian Chromium driven by `playwright-core` (never `npx playwright install`: the browser
 * comes from apt, `/usr/bin/chromium`, or `BREAKWATER_CHROMIUM`), and screenshots saved as test
 * artifacts under `test-results/screenshots/` (git-ignored).
 */
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { REPO_ROOT } from "../../scripts/lib/stack.ts";

/** Where screenshots go. */
export const SCREENSHOT_DIR = join(REPO_ROOT, "test-results", "screenshots");

/** Debian's Chromium, or the path in `BREAKWATER_CHROMIUM`. */
export function chromiumPath(): string {
  const path = process.env.BREAKWATER_CHROMIUM ?? "/usr/bin/chromium";
  if (!existsSync(path)) {
    throw new Error(`no Chromium at ${path}: apt-get install -y chromium (or set BREAKWATER_CHROMIUM)`);
  }
  return path;
}

/** Launches headless Chromium with the flags this machine needs. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage"],
  });
}

/** Saves a full-page screenshot as `<name>.png` and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
