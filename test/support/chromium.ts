/**
 * Debian's Chromium for the browser tests, driven by playwright-core (which downloads no browser of its own).
 * Installed with apt-get when missing and we are root (as here and in CI); otherwise one clear sentence.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { expect } from 'vitest';

export const CHROMIUM = '/usr/bin/chromium';

export const ensureChromium = (): void => {
  if (existsSync(CHROMIUM)) return;
  if (process.getuid?.() !== 0) {
    throw new Error(
      `The browser tests need Debian's chromium at ${CHROMIUM}: run "sudo apt-get install -y chromium".`,
    );
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'ignore', env });
  execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'ignore', env });
};

/**
 * A headless Chromium with a fresh profile. Without the background-networking flags Chromium tries to reach
 * Google's services at start, and on a closed network its own connections are then refused.
 */
export const launchChromium = (): Promise<BrowserContext> =>
  chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'msv-chromium-')), {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    locale: 'nl-NL',
    timezoneId: 'Europe/Amsterdam',
    viewport: { width: 1280, height: 900 },
  });

/** Where the browser tests' screenshots go (git-ignored). */
export const SCREENSHOTS = join(process.cwd(), 'test-results', 'screenshots');

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** The part of axe-core's API the check uses. */
interface Axe {
  run: (options: object) => Promise<{
    violations: Array<{ id: string; impact: string; nodes: Array<{ target: string[] }> }>;
  }>;
}

/**
 * Runs axe-core (WCAG 2.0/2.1 A and AA rules) on the page and answers its serious and critical violations, then
 * takes a full-page screenshot as `{name}.png`. axe is evaluated over the DevTools protocol, which the page's
 * Content-Security-Policy does not govern (an injected <script> tag would be refused by it).
 */
export const a11yViolations = async (page: Page, name: string) => {
  await page.evaluate(AXE);
  const violations = await page.evaluate(async () => {
    const { axe } = globalThis as unknown as { axe: Axe };
    const result = await axe.run({
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      targets: v.nodes.map((n) => n.target.join(' ')),
    }));
  });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
};

/**
 * A new page of the browser whose console errors and uncaught exceptions go into `errors` (a test expects it
 * empty at the end). A refused API call is logged by the browser itself ("Failed to load resource"): the app
 * shows those, so they are not errors of the page.
 */
export const pageCollectingErrors = async (browser: BrowserContext, errors: string[]): Promise<Page> => {
  const page = await browser.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  return page;
};

/** axe-core on the page: no serious or critical violation; a screenshot as `{name}.png`. */
export const checkA11y = async (page: Page, name: string): Promise<void> => {
  const bad = await a11yViolations(page, name);
  expect(bad, `${name}: ${JSON.stringify(bad)}`).toEqual([]);
};
