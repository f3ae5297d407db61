import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { liveblogSlugSchema } from '../../../../server/features/liveblog/liveblog-protocol.ts';
import { LiveblogView } from '../_components/liveblog-view.tsx';
import { loadLiveblogPage } from '../_server/liveblog-data.ts';

type Params = { slug: string };

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  const slug = liveblogSlugSchema.safeParse((await params).slug);
  const data = slug.success ? await loadLiveblogPage(slug.data) : null;
  return { title: data?.liveblog.title ?? 'Liveblog' };
}

/** A public liveblog: server-rendered with the latest posts, then live. */
export default async function LiveblogPage({ params }: { params: Promise<Params> }) {
  const slug = liveblogSlugSchema.safeParse((await params).slug);
  if (!slug.success) notFound();
  const data = await loadLiveblogPage(slug.data);
  if (!data) notFound();
  return <LiveblogView slug={data.liveblog.slug} first={data.first} />;
}
