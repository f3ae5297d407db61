import AxeBuilder from '@axe-core/playwright';
import { expect } from '@playwright/test';
import type { Browser, BrowserContext, BrowserContextOptions, Locator, Page } from '@playwright/test';
import { SCREENSHOT_NOW } from './fresh-install.ts';
import type { Screen } from './viewports.ts';

/** A context on `baseURL`, set up for identical screenshots (locale, time zone, light theme unless `extra` says). */
export function screenshotContext(browser: Browser, baseURL: string, screen: Screen, extra: BrowserContextOptions = {}): Promise<BrowserContext> {
  return browser.newContext({ ...screen.options, baseURL, locale: 'en-GB', timezoneId: 'Europe/London', colorScheme: 'light', ...extra });
}

/** Opens `path` with the clock frozen at SCREENSHOT_NOW and waits until the page is live. */
export async function openFrozen(page: Page, path: string): Promise<void> {
  await page.clock.setFixedTime(SCREENSHOT_NOW);
  await page.goto(path);
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected');
}

/** No serious or critical accessibility violation (axe) on the page as it is now. */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const serious = violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(serious, `${what}: axe violations`).toEqual([]);
}

/** The page passes axe and matches its committed full-page screenshot `<name>.png`, with `mask` covered. */
export async function expectPage(page: Page, name: string, mask: Locator[] = []): Promise<void> {
  await expectAccessible(page, name);
  await expect(page).toHaveScreenshot(`${name}.png`, { fullPage: true, mask });
}
