import { expect, test } from '@playwright/test';
import type { Browser, BrowserContextOptions, Page } from '@playwright/test';
import { seedScreenshotData, startFreshInstall } from './fresh-install.ts';
import type { ServerProcess } from '../server/testing/spawn-server.ts';
import { expectAccessible, expectPage as expectPageChecked, openFrozen as open, screenshotContext } from './page-checks.ts';
import { logIn, PASSWORD } from './log-in.ts';
import { SCREENS } from './viewports.ts';
import type { Screen } from './viewports.ts';

/**
 * A fresh install, as a new user meets it (its own server and empty
 * database): "the server says where to go; /admin offers to create the first
 * staff account, from another machine only with the one-time code from the
 * log; an empty admin says what to do" — then every page the liveblog, admin
 * and home own, at desktop and phone size, compared with its committed
 * screenshot and checked with axe (no serious or critical violation).
 *
 * Screenshots are deterministic: fixed data (seeded with fixed times), the
 * page clock frozen at SCREENSHOT_NOW, locale en-GB, time zone Europe/London,
 * animations off, the tab's random reply channel masked. Update them after an intended change with
 * `npm run test:e2e -- e2e/fresh-install.spec.ts --update-snapshots` (see e2e/README.md).
 */
test.describe.configure({ mode: 'serial' });

const EDITOR = 'editor';
let server: ServerProcess;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  server = await startFreshInstall();
});
test.afterAll(async () => {
  await server?.stop();
});

/** A context on the fresh install, set up for identical screenshots; `extra` speaks for a browser elsewhere. */
const freshContext = (browser: Browser, screen: Screen, extra: BrowserContextOptions = {}) => screenshotContext(browser, server.url, screen, extra);

/** The page passes axe and matches its committed screenshot, the tab's random reply channel masked. */
const expectPage = (page: Page, name: string) => expectPageChecked(page, name, [page.getByTestId('reply-channel')]);

/** Logs the editor in through /login, to the admin pages. */
async function logInAsEditor(page: Page): Promise<void> {
  await logIn(page, EDITOR, { next: '/admin' });
  await expect(page).toHaveURL(/\/admin$/);
}

test('the server says where to go: the site’s address and, before any staff account, /admin with a one-time code', async () => {
  await expect.poll(() => server.output()).toContain(`Open ${server.url} in a browser.`);
  expect(server.output()).toContain(`No staff account yet: open ${server.url}/admin to create the first one.`);
  expect(server.output()).toMatch(/one-time setup code [0-9A-Z]{4}(-[0-9A-Z]{4}){3}/);
});

/** The pages of an empty site, before any staff account: path and screenshot name. */
const EMPTY_SITE = [
  ['/', 'home-empty'],
  ['/liveblog', 'liveblog-index-empty'],
  ['/login', 'login'],
  ['/about', 'about'],
  ['/no-such-page', 'not-found'],
  ['/admin', 'admin-setup'],
] as const;

// One test per page: each page's axe check and screenshot get their own time budget on a slow host.
for (const screen of SCREENS) {
  for (const [path, name] of EMPTY_SITE) {
    test(`before setup (${screen.name}): ${path}`, async ({ browser }) => {
      const context = await freshContext(browser, screen);
      try {
        const page = await context.newPage();
        await open(page, path);
        if (path === '/about') await expect(page.getByTestId('reply-channel')).not.toBeEmpty();
        if (path === '/admin') await expect(page.getByRole('form', { name: 'Create the first staff account' })).toBeVisible();
        await expectPage(page, `${name}-${screen.name}`);
      } finally {
        await context.close();
      }
    });
  }
}

for (const screen of SCREENS) {
  test(`first-run setup from another machine (${screen.name}) needs the code from the log, and keeps the username when refused`, async ({ browser }) => {
    const context = await freshContext(browser, screen, { extraHTTPHeaders: { 'x-forwarded-for': '203.0.113.9' } });
    try {
      const page = await context.newPage();
      await page.goto('/admin');
      const form = page.getByRole('form', { name: 'Create the first staff account' });
      await form.getByLabel('Username').fill(EDITOR);
      await form.getByLabel('Password').fill(PASSWORD);
      await form.getByLabel(/Setup code/).fill('WRONG-CODE-0000-0000');
      await form.getByRole('button', { name: 'Create staff account' }).click();
      await expect(page.getByRole('main').getByRole('alert')).toContainText('the setup code is needed');
      await expect(form.getByLabel('Username')).toHaveValue(EDITOR);
      await expect(page.getByTestId('current-user')).toHaveCount(0);
    } finally {
      await context.close();
    }
  });
}

test('with the code from the log, the first staff account is created and logged in; the empty admin says what to do', async ({ browser }) => {
  // Setup, then a login on the second screen: two pages with axe and a screenshot each.
  test.setTimeout(60_000);
  const code = /one-time setup code ([0-9A-Z-]{19})/.exec(server.output())?.[1] ?? '';
  for (const screen of SCREENS) {
    const context = await freshContext(browser, screen, { extraHTTPHeaders: { 'x-forwarded-for': '203.0.113.9' } });
    try {
      const page = await context.newPage();
      if (screen.name === 'desktop') {
        await page.goto('/admin');
        const form = page.getByRole('form', { name: 'Create the first staff account' });
        await form.getByLabel('Username').fill(EDITOR);
        await form.getByLabel('Password').fill(PASSWORD);
        await form.getByLabel(/Setup code/).fill(code);
        await form.getByRole('button', { name: 'Create staff account' }).click();
        await expect(page).toHaveURL(/\/admin\?setup=welcome$/);
        await expect(page.getByRole('status').filter({ hasText: 'Your staff account' })).toContainText(EDITOR);
      } else {
        await logInAsEditor(page);
      }
      await expect(page.getByTestId('current-user')).toHaveText(EDITOR);
      await open(page, '/admin');
      await expect(page.getByTestId('admin-empty')).toContainText('Start one with the form below');
      await expectPage(page, `admin-empty-${screen.name}`);
    } finally {
      await context.close();
    }
  }
  // Setup is closed now, even from this machine.
  const response = await fetch(`${server.url}/api/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server.url },
    body: new URLSearchParams({ username: 'second', password: PASSWORD }).toString(),
    redirect: 'manual',
  });
  expect(response.headers.get('location')).toBe('/admin?setup=done');
});

/** The public pages with content: path and screenshot name. */
const PUBLIC_PAGES = [
  ['/', 'home'],
  ['/liveblog', 'liveblog-index'],
  ['/liveblog/election-night', 'liveblog'],
  ['/liveblog/budget-day', 'liveblog-ended'],
] as const;

test.describe('with content', () => {
  test.beforeAll(async () => {
    await seedScreenshotData(EDITOR);
  });

  for (const screen of SCREENS) {
    for (const [path, name] of PUBLIC_PAGES) {
      test(`${screen.name}: ${path}`, async ({ browser }) => {
        const visitor = await freshContext(browser, screen);
        try {
          const page = await visitor.newPage();
          await open(page, path);
          await expectPage(page, `${name}-${screen.name}`);
        } finally {
          await visitor.close();
        }
      });
    }

    test(`${screen.name}: a liveblog in the dark theme`, async ({ browser }) => {
      const dark = await freshContext(browser, screen, { colorScheme: 'dark' });
      try {
        const night = await dark.newPage();
        await open(night, '/liveblog/election-night');
        await expectPage(night, `liveblog-dark-${screen.name}`);
      } finally {
        await dark.close();
      }
    });

    test(`${screen.name}: the admin list and the editor`, async ({ browser }) => {
      const staff = await freshContext(browser, screen);
      try {
        const admin = await staff.newPage();
        await logInAsEditor(admin);
        await open(admin, '/admin');
        await expectPage(admin, `admin-${screen.name}`);
        await open(admin, '/admin/liveblogs/election-night');
        await expectPage(admin, `editor-${screen.name}`);
      } finally {
        await staff.close();
      }
    });

    test(`${screen.name}: the states behind a click in the editor, the Markdown preview and the delete dialog`, async ({ browser }) => {
      const staff = await freshContext(browser, screen);
      try {
        const admin = await staff.newPage();
        await logInAsEditor(admin);
        await open(admin, '/admin/liveblogs/election-night');
        const newPost = admin.getByRole('form', { name: 'New post' });
        await newPost.getByRole('textbox').fill('**Recount** ordered in the east');
        await newPost.getByRole('tab', { name: 'Preview' }).click();
        await expect(newPost.getByTestId('markdown-preview').locator('strong')).toHaveText('Recount');
        await expectAccessible(admin, 'editor with the preview open');
        await admin.getByTestId('post').first().getByRole('button', { name: 'Delete…' }).click();
        await expect(admin.getByRole('dialog')).toBeVisible();
        await expectAccessible(admin, 'editor with the delete dialog open');
        await expect(admin).toHaveScreenshot(`editor-delete-dialog-${screen.name}.png`);
      } finally {
        await staff.close();
      }
    });
  }
});
