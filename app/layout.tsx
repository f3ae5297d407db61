import type { Metadata, Viewport } from 'next';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { ConnectionStatus } from './_components/connection-status.tsx';
import { LogoutForm } from './_components/logout-form.tsx';
import { RealtimeProvider } from './_realtime/index.ts';
import { getCurrentUser } from './_server/current-user.ts';
import './globals.css';

// The header shows who is logged in, read from the session cookie: every page renders per request.
export const dynamic = 'force-dynamic';

export const metadata: Metadata = {
  title: { default: 'Switchyard', template: '%s · Switchyard' },
  description: 'A realtime app kit: interface servers, a Redis channel layer, consumers and workers on Next.js and Socket.IO.',
};

export const viewport: Viewport = { width: 'device-width', initialScale: 1 };

/** Every page: the site header (name, live connection status, account) around the page. */
export default async function RootLayout({ children }: { children: ReactNode }) {
  const user = await getCurrentUser();
  return (
    <html lang="en">
      <body>
        <RealtimeProvider>
          <header className="site-header">
            <div className="site-header__inner">
              <Link href="/" className="brand">
                Switchyard
              </Link>
              <nav aria-label="Main">
                <Link href="/liveblog">Liveblog</Link>
                <Link href="/chat">Chat</Link>
                <Link href="/jobs">Jobs</Link>
              </nav>
              <div className="site-header__end">
                <ConnectionStatus />
                {user ? (
                  <span className="account">
                    <span data-testid="current-user" className="account__name">
                      {user.username}
                    </span>
                    {user.isStaff && <span className="badge">staff</span>}
                    {user.isStaff && <Link href="/admin">Admin</Link>}
                    <LogoutForm />
                  </span>
                ) : (
                  <Link href="/login" className="button button--quiet">
                    Log in
                  </Link>
                )}
              </div>
            </div>
          </header>
          <main className="page">{children}</main>
        </RealtimeProvider>
      </body>
    </html>
  );
}
