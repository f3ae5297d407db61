import type { BrowserContextOptions } from '@playwright/test';

/** A screen the pages are checked at. */
export type Screen = { name: 'desktop' | 'phone'; options: BrowserContextOptions };

/**
 * The two screens every page is checked at: a laptop (1280×800) and a phone
 * (390×844, touch, mobile viewport). Tests that open their own contexts pass
 * `options` to `browser.newContext`; others `test.use(options)`.
 */
export const SCREENS: readonly Screen[] = [
  { name: 'desktop', options: { viewport: { width: 1280, height: 800 } } },
  { name: 'phone', options: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 1 } },
];
