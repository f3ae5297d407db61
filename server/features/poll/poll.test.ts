import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, SESSION_COOKIE } from '../../auth/index.ts';
import { createVisitorSigner } from '../../auth/visitor-token.ts';
import { VISITOR_COOKIE } from '../../http/visitor-cookie.ts';
import type { SocketCommunicator } from '../../testing/socket-communicator.ts';
import { startTestServer } from '../../testing/test-server.ts';
import type { TestServer } from '../../testing/test-server.ts';
import type { PollTallied, WirePoll } from './poll-protocol.ts';

/**
 * Spec: the live poll, built on the kit alone — "staff create a poll; anyone
 * with a login or a visitor cookie votes once; every viewer gets the new
 * tallies after each vote commits, and tallies published by concurrent votes
 * never miss one another".
 */
describe('live poll', () => {
  const run = randomBytes(3).toString('hex');
  let server: TestServer;
  let staffCookie = '';
  let pollId = '';
  let options: WirePoll['options'] = [];

  const visitor = () => `${VISITOR_COOKIE}=${createVisitorSigner(server.config.secretKey).issue().token}`;
  const viewer = (cookie?: string) => server.connect({ namespace: '/poll', headers: cookie ? { cookie } : {} });

  beforeAll(async () => {
    server = await startTestServer();
    const staff = await createUser(server.db, { username: `pollster-${run}`, password: 'correct horse battery', isStaff: true });
    staffCookie = `${SESSION_COOKIE}=${(await server.sessions.create(staff.id)).token}`;
    const creator = await viewer(staffCookie);
    const created = await creator.request<{ pollId: string }>('poll.create', { question: `Lunch? ${run}`, options: ['Soup', 'Salad', 'Both'] });
    expect(created).toMatchObject({ ok: true });
    pollId = created.ok ? created.data.pollId : '';
    const followed = await creator.request<{ poll: WirePoll }>('poll.follow', { pollId });
    options = followed.ok ? followed.data.poll.options : [];
  });
  afterAll(async () => {
    await server?.db.poll.deleteMany({ where: { question: { endsWith: run } } });
    await server?.close();
  });

  it('refuses to create a poll for anyone but staff, and a poll without two options', async () => {
    const anonymous = await viewer(visitor());
    expect(await anonymous.request('poll.create', { question: 'Mine?', options: ['a', 'b'] })).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    const staff = await viewer(staffCookie);
    expect(await staff.request('poll.create', { question: 'One?', options: ['only'] })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('shows a vote to every viewer, keeps each voter to one vote, and remembers it for their next visit', async () => {
    const cookie = visitor();
    const [voter, watcher] = [await viewer(cookie), await viewer(visitor())];
    for (const client of [voter, watcher]) expect(await client.request('poll.follow', { pollId })).toMatchObject({ ok: true, data: { yourVote: null } });
    const before = (await watcher.request<{ poll: WirePoll }>('poll.follow', { pollId })) as { ok: true; data: { poll: WirePoll } };

    expect(await voter.request('poll.vote', { pollId, optionId: options[1]!.id })).toEqual({ ok: true, data: { optionId: options[1]!.id } });
    const tallied = await watcher.receive<PollTallied>('poll.tallied');
    expect(tallied.total).toBe(before.data.poll.total + 1);
    expect(tallied.options.find((o) => o.id === options[1]!.id)?.votes).toBe((before.data.poll.options[1]?.votes ?? 0) + 1);

    expect(await voter.request('poll.vote', { pollId, optionId: options[0]!.id })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    const again = await viewer(cookie);
    expect(await again.request('poll.follow', { pollId })).toMatchObject({ ok: true, data: { yourVote: options[1]!.id } });
  });

  it('refuses a vote from a client with neither login nor visitor cookie, and an option of another poll', async () => {
    const bare = await viewer();
    expect(await bare.request('poll.vote', { pollId, optionId: options[0]!.id })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const someone = await viewer(visitor());
    expect(await someone.request('poll.vote', { pollId, optionId: 'not-an-option' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await someone.request('poll.follow', { pollId: 'no-such-poll' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('never publishes tallies that miss a concurrent vote: the last tallies a viewer gets count every vote', async () => {
    const watcher: SocketCommunicator = await viewer(visitor());
    const start = (await watcher.request<{ poll: WirePoll }>('poll.follow', { pollId })) as { ok: true; data: { poll: WirePoll } };
    const voters = await Promise.all(Array.from({ length: 12 }, () => viewer(visitor())));
    const votes = await Promise.all(voters.map((client, i) => client.request('poll.vote', { pollId, optionId: options[i % options.length]!.id })));
    expect(votes.every((vote) => vote.ok)).toBe(true);

    const totals: number[] = [];
    for (let i = 0; i < voters.length; i++) totals.push((await watcher.receive<PollTallied>('poll.tallied')).total);
    const expected = start.data.poll.total + voters.length;
    expect(Math.max(...totals)).toBe(expected);
    expect(new Set(totals).size).toBe(voters.length);
  });
});
