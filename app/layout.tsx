import type { Metadata, Viewport } from 'next';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { AccountMenu } from './_components/account-menu.tsx';
import { ConnectionPanel } from './_components/connection-panel.tsx';
import { ConnectionStatus } from './_components/connection-status.tsx';
import { SiteNav } from './_components/site-nav.tsx';
import { RealtimeProvider } from './_realtime/index.ts';
import { getCurrentUser } from './_server/current-user.ts';
import './tokens.css';
import './globals.css';
import './header.css';
import './layout.css';
import './components.css';
import './_components/connection-panel.css';

// The header shows who is logged in, read from the session cookie: every page renders per request.
export const dynamic = 'force-dynamic';

export const metadata: Metadata = {
  title: { default: 'Switchyard', template: '%s · Switchyard' },
  description: 'Live coverage, chat rooms and data jobs, updated the moment anything happens.',
};

export const viewport: Viewport = {
  width: 'device-width',
  initialScale: 1,
  themeColor: [
    { media: '(prefers-color-scheme: light)', color: '#ffffff' },
    { media: '(prefers-color-scheme: dark)', color: '#1a1e24' },
  ],
};

/** Every page: the site header (name, sections, connection, account) around the page, and a footer. */
export default async function RootLayout({ children }: { children: ReactNode }) {
  const user = await getCurrentUser();
  return (
    <html lang="en">
      <body>
        <RealtimeProvider>
          <a href="#main" className="skip-link">
            Skip to content
          </a>
          <header className="site-header">
            <div className="site-header__inner">
              <Link href="/" className="brand">
                Switchyard
              </Link>
              <SiteNav />
              <div className="site-header__end">
                <ConnectionStatus />
                <AccountMenu user={user} />
              </div>
            </div>
          </header>
          <main className="page" id="main">
            {children}
          </main>
          <footer className="site-footer">
            <div className="site-footer__inner">
              <span>Switchyard</span>
              <Link href="/about">How it works</Link>
              {user?.isStaff && <Link href="/admin">Admin</Link>}
            </div>
          </footer>
          <ConnectionPanel />
        </RealtimeProvider>
      </body>
    </html>
  );
}
