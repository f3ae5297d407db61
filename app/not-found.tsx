import type { Metadata } from 'next';
import Link from 'next/link';

export const metadata: Metadata = { title: 'Not found' };

/**
 * The 404 page, inside the site's layout. (Next.js's built-in one styles
 * itself with an inline style element, which the pages' Content-Security-Policy refuses.)
 */
export default function NotFound() {
  return (
    <section className="card narrow" aria-labelledby="not-found-heading">
      <h1 id="not-found-heading">Not found</h1>
      <p className="muted">There is nothing at this address.</p>
      <p>
        <Link href="/">Back to the start page</Link>
      </p>
    </section>
  );
}
