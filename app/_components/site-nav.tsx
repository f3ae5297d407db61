'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';

const LINKS = [
  { href: '/liveblog', label: 'Liveblog' },
  { href: '/chat', label: 'Chat' },
  { href: '/jobs', label: 'Jobs' },
] as const;

/** The site's main navigation; the section the page is in is marked as current. */
export function SiteNav() {
  const pathname = usePathname();
  return (
    <nav aria-label="Main" className="site-nav">
      {LINKS.map(({ href, label }) => (
        <Link key={href} href={href} aria-current={pathname === href || pathname.startsWith(`${href}/`) ? 'page' : undefined}>
          {label}
        </Link>
      ))}
    </nav>
  );
}
