import AxeBuilder from '@axe-core/playwright';
import { expect } from '@playwright/test';
import type { Locator, Page } from '@playwright/test';

/** No serious or critical accessibility violation (axe) on the page as it is now. */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const serious = violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(serious, `${what}: axe violations`).toEqual([]);
}

/** The page passes axe and matches its committed full-page screenshot `<name>.png`, `mask` hiding what differs per run. */
export async function expectPage(page: Page, name: string, mask: Locator[] = []): Promise<void> {
  await expectAccessible(page, name);
  await expect(page).toHaveScreenshot(`${name}.png`, { fullPage: true, mask });
}
