import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrismaClient } from '../../../prisma/client.ts';
import type { Database } from '../../../prisma/client.ts';
import { createScratchDatabase } from '../../../prisma/hooks/testing/scratch-database.ts';
import type { ScratchDatabase } from '../../../prisma/hooks/testing/scratch-database.ts';
import { Conflict, NotFound } from '../../errors.ts';
import { createLiveblog, deletePost, editPost, findLiveblog, listLiveblogs, publishPost, readFeatured, setPostFlags, updateLiveblog } from './index.ts';
import { app } from '../index.ts';

/**
 * What readers see above a liveblog's posts, and what its index shows:
 * "an editor sets the summary and status and pins or marks posts as key;
 * every change is published like any post change; the index says which
 * liveblogs are live and when each was last updated".
 */
describe('liveblog summary, status, pinned and key posts', () => {
  const run = randomBytes(3).toString('hex');
  let scratch: ScratchDatabase;
  let db: Database;
  const about = (slug: string) =>
    db.outboxEvent.findMany({ where: { group: `liveblog.${slug}.about` }, orderBy: { id: 'asc' }, select: { event: true, payload: true } });

  beforeAll(async () => {
    scratch = await createScratchDatabase('about');
    db = createPrismaClient(scratch.url, { hooks: app.hooks });
  });
  afterAll(async () => {
    await db?.$disconnect();
    await scratch?.drop();
  });

  it('a new liveblog is live with no summary; changing its summary and status publishes liveblog.updated with the next version', async () => {
    const slug = `about-${run}`;
    await createLiveblog(db, { slug, title: 'Election night', createdById: null });
    expect(await findLiveblog(db, slug)).toMatchObject({ slug, title: 'Election night', summary: '', status: 'live', version: 1 });

    const changed = await updateLiveblog(db, { slug, summary: 'Polls close at **10pm**.', status: 'ended' });
    expect(changed).toMatchObject({ summary: 'Polls close at **10pm**.', status: 'ended', version: 2 });
    expect(await about(slug)).toEqual([{ event: 'liveblog.updated', payload: { liveblog: { ...changed } } }]);
  });

  it('a second liveblog with a taken address is a Conflict that names the address', async () => {
    const slug = `taken-${run}`;
    await createLiveblog(db, { slug, title: 'First', createdById: null });
    const second = createLiveblog(db, { slug, title: 'Second', createdById: null });
    await expect(second).rejects.toBeInstanceOf(Conflict);
    await expect(second).rejects.toThrow(`A liveblog at "${slug}" already exists; choose another address`);
  });

  it('updating a liveblog that does not exist is NotFound, and publishes nothing', async () => {
    await expect(updateLiveblog(db, { slug: `missing-${run}`, status: 'ended' })).rejects.toBeInstanceOf(NotFound);
    expect(await about(`missing-${run}`)).toEqual([]);
  });

  it('pinned and key posts are featured, newest first, until unpinned, unmarked or deleted', async () => {
    const slug = `featured-${run}`;
    await createLiveblog(db, { slug, title: 'Featured', createdById: null });
    const [a, b, c] = [
      await publishPost(db, { slug, body: 'a', authorId: null }),
      await publishPost(db, { slug, body: 'b', authorId: null }),
      await publishPost(db, { slug, body: 'c', authorId: null }),
    ];
    const pinned = await setPostFlags(db, { id: a.id, pinned: true });
    expect(pinned).toMatchObject({ id: a.id, pinned: true, key: false, version: 2, editedAt: null }); // pinned, not edited
    await setPostFlags(db, { id: c.id, key: true });
    expect((await readFeatured(db, slug)).map((p) => [p.body, p.pinned, p.key])).toEqual([
      ['c', false, true],
      ['a', true, false],
    ]);

    await setPostFlags(db, { id: a.id, pinned: false });
    await deletePost(db, { id: c.id });
    await setPostFlags(db, { id: b.id, key: true });
    expect((await readFeatured(db, slug)).map((p) => p.body)).toEqual(['b']);
    await expect(setPostFlags(db, { id: c.id, pinned: true })).rejects.toBeInstanceOf(NotFound);
  });

  it('editing the text sets editedAt; the version grows with every write', async () => {
    const slug = `edited-${run}`;
    await createLiveblog(db, { slug, title: 'Edited', createdById: null });
    const post = await publishPost(db, { slug, body: 'draft', authorId: null });
    expect(post.editedAt).toBeNull();
    const edited = await editPost(db, { id: post.id, body: 'final' });
    expect(edited).toMatchObject({ body: 'final', version: 2, editedAt: expect.any(String) });
    expect(Date.parse(edited.editedAt!)).toBeGreaterThanOrEqual(Date.parse(post.createdAt));
  });

  it('the index lists each liveblog with its status and the time of its latest post (or its creation)', async () => {
    const [quiet, busy] = [`quiet-${run}`, `busy-${run}`];
    await createLiveblog(db, { slug: quiet, title: 'Quiet', createdById: null });
    await createLiveblog(db, { slug: busy, title: 'Busy', createdById: null });
    const latest = await publishPost(db, { slug: busy, body: 'latest', authorId: null });
    await updateLiveblog(db, { slug: quiet, status: 'ended' });

    const index = await listLiveblogs(db);
    const row = (slug: string) => index.find((l) => l.slug === slug);
    expect(row(busy)).toMatchObject({ title: 'Busy', status: 'live', lastUpdateAt: latest.createdAt });
    expect(row(quiet)).toMatchObject({ title: 'Quiet', status: 'ended' });
    expect(row(quiet)?.lastUpdateAt).toBe((await db.liveblog.findUniqueOrThrow({ where: { slug: quiet } })).createdAt.toISOString());
  });
});
