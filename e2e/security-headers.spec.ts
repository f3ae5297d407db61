import { expect, test } from '@playwright/test';

/**
 * Spec: every page is served with a Content-Security-Policy whose scripts
 * run only by this response's nonce (no 'unsafe-inline'), which every script
 * tag Next.js renders carries, plus nosniff, DENY to framing and a strict
 * referrer policy — and the pages still work under it: loading each one and
 * going live raises no CSP violation in the browser.
 */
const PAGES = ['/', '/about', '/login', '/liveblog', '/chat', '/chat/csp-check', '/jobs', '/admin', '/no-such-page'];

test.describe('security headers on pages', () => {
  test('CSP with a per-response nonce on every script, nosniff, DENY, strict-origin-when-cross-origin', async ({ request }) => {
    const nonces = new Set<string>();
    for (const path of PAGES) {
      const response = await request.get(path);
      const headers = response.headers();
      expect(headers['x-content-type-options']).toBe('nosniff');
      expect(headers['x-frame-options']).toBe('DENY');
      expect(headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
      const policy = headers['content-security-policy'] ?? '';
      expect(policy).toMatch(/(^|; )script-src 'self' 'nonce-[A-Za-z0-9+/]+=*' 'strict-dynamic'(;|$)/);
      expect(policy).toContain("frame-ancestors 'none'");
      const nonce = /'nonce-([^']+)'/.exec(policy)?.[1] ?? '';
      nonces.add(nonce);
      const scripts = (await response.text()).match(/<script\b[^>]*>/g) ?? [];
      expect(scripts.length, path).toBeGreaterThan(0);
      for (const tag of scripts) expect(tag, path).toContain(`nonce="${nonce}"`);
    }
    expect(nonces.size).toBe(PAGES.length);
  });

  test('the pages load and go live without a single CSP violation', async ({ page }) => {
    const violations: string[] = [];
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (event) => {
        console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI || 'inline'}`);
      });
    });
    page.on('console', (message) => {
      if (/Content Security Policy|CSP violation/i.test(message.text())) violations.push(`${page.url()}: ${message.text()}`);
    });
    for (const path of PAGES) {
      await page.goto(path);
      await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected');
    }
    expect(violations).toEqual([]);
  });
});
