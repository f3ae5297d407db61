import { randomBytes, randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrismaClient } from '../prisma/client.ts';
import { createSessionStore, createUser, SESSION_COOKIE } from '../server/auth/index.ts';
import { loadConfig } from '../server/config.ts';
import type { InterfaceLayer } from '../server/layer/channel-layer.ts';
import { createRedisLayer } from '../server/layer/redis-layer.ts';
import { presenceChange } from '../server/testing/chat-test-cluster.ts';
import { roomNameSchema } from '../server/features/chat/chat-protocol.ts';
import type { Namespace } from '../server/protocol/events.ts';
import { SocketCommunicator } from '../server/testing/socket-communicator.ts';
import type { ConnectOptions } from '../server/testing/socket-communicator.ts';
import { spawnInterfaceServer } from '../server/testing/spawn-server.ts';
import type { SpawnedServer } from '../server/testing/spawn-server.ts';
import { testDatabaseUrl } from '../server/testing/test-database.ts';
import { testEnv, uniquePrefix } from '../server/testing/test-server.ts';
import { createFuzzTally, describeSent } from './fuzz-tally.ts';
import { AWKWARD_STRINGS, forgedSessionCookies, forgeriesOf } from './fuzz-targets.ts';
import { hostileEvent, wireData } from './hostile-events.ts';
import type { HostileEvent } from './hostile-events.ts';
import { hostileFrame, sendFrame } from './hostile-frames.ts';
import { hostileHandshake, tryHandshake } from './hostile-handshakes.ts';
import { createLeakWatch } from './leak-watch.ts';
import { sendHostile } from './send-hostile.ts';
import { app } from '../server/features/index.ts';

/**
 * Spec: an interface server (its own process, real Redis and PostgreSQL)
 * that receives 10,000 random and malformed events — wrong types, payloads
 * past MAX_MESSAGE_BYTES, deep nesting, binary, unknown events and
 * namespaces, invalid room names, forged reply tokens, visitor tokens and
 * session cookies, with and without acks, on every namespace, from
 * anonymous, logged-in and staff clients — does not crash, delivers nothing
 * to a group or reply channel the sender may not reach, and answers every
 * event as docs/protocol.md says: an ack `{ ok, data | error: { code, message } }`,
 * `event.rejected` without an ack, `connect_error` for a namespace that does
 * not exist, a closed transport for a frame that breaks Socket.IO itself.
 * Replay a run with FUZZ_SEED=<seed> (printed in the summary).
 */
const HANDSHAKES = 100;
const FRAMES = 100;
const TOTAL = 10_000;
const MAX_MESSAGE_BYTES = 4096;
const TIMEOUT_MS = 10_000;
const seed = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));

const run = randomBytes(4).toString('hex');
const PASSWORD = 'correct horse battery';
const secret = `secret-${run}`;
const obsRoom = `obs-${run}`;
const obsSlug = `obs-${run}`;
const sandboxSlug = `fz-${run}`;
const sandboxRooms = [`fz-${run}-a`, `fz-${run}-b`];

describe('hostile input: 10,000 random and malformed events against a real interface server', () => {
  const db = createPrismaClient(testDatabaseUrl(), { hooks: app.hooks });
  const prefix = uniquePrefix();
  const watch = createLeakWatch(secret);
  const joinedRooms = new Set<string>();
  const clients: SocketCommunicator[] = [];
  const startedAt = new Date();
  let server: SpawnedServer;
  let layer: InterfaceLayer;
  const cookies = { member: '', staff: '', peer: '', expired: '', staffToken: '' };
  const observers = {} as Record<'home' | 'chat' | 'liveblog' | 'jobs' | 'peer', SocketCommunicator>;
  let observerPostId = '';
  const observerJobId = randomUUID();

  const connect = async (options: ConnectOptions) => {
    const client = await SocketCommunicator.connect(server.url, options);
    clients.push(client);
    return client;
  };
  const login = async (label: string, isStaff = false) => {
    const user = await createUser(db, { username: `fz-${label}-${run}`, password: PASSWORD, isStaff });
    const { token } = await createSessionStore(db, { ttlSeconds: 3600 }).create(user.id);
    return { user, token, cookie: `${SESSION_COOKIE}=${token}` };
  };

  beforeAll(async () => {
    const env = { REDIS_PREFIX: prefix, MAX_MESSAGE_BYTES: String(MAX_MESSAGE_BYTES), RATE_LIMIT_PER_SECOND: '100000', RATE_LIMIT_BURST: '100000' };
    server = await spawnInterfaceServer(env);
    const config = loadConfig(testEnv(env));
    layer = createRedisLayer({ protocol: app.index, ...config, prefix: config.redisPrefix });
    const [member, staff, peer, expired] = [await login('member'), await login('staff', true), await login('peer'), await login('expired', true)];
    await db.session.updateMany({ where: { userId: expired.user.id }, data: { expiresAt: new Date(0) } });
    Object.assign(cookies, { member: member.cookie, staff: staff.cookie, peer: peer.cookie, expired: expired.cookie, staffToken: staff.token });
    const liveblog = await db.liveblog.create({ data: { slug: obsSlug, title: 'Observed' }, select: { id: true } });
    observerPostId = (await db.liveblogPost.create({ data: { liveblogId: liveblog.id, body: 'observed post' }, select: { id: true } })).id;
    await db.liveblog.create({ data: { slug: sandboxSlug, title: 'Sandbox' } });

    observers.home = await connect({});
    observers.chat = await connect({ namespace: '/chat' });
    observers.peer = await connect({ namespace: '/chat', headers: { cookie: cookies.peer } });
    observers.liveblog = await connect({ namespace: '/liveblog' });
    observers.jobs = await connect({ namespace: '/jobs' });
    expect(await observers.chat.request('room.join', { room: obsRoom, displayName: 'observer' })).toMatchObject({ ok: true });
    const peerJoined = await observers.peer.request<{ presence: { version: number } }>('room.join', { room: obsRoom });
    if (!peerJoined.ok) throw new Error(`the peer observer could not join: ${peerJoined.error.message}`);
    // Presence goes out in batches (PRESENCE_BATCH_MS): the observers hear the peer arrive before the watch is armed.
    await presenceChange(observers.chat, (change) => change.version === peerJoined.data.presence.version);
    expect(await observers.liveblog.request('liveblog.follow', { slug: obsSlug })).toMatchObject({ ok: true });
    await db.job.create({
      data: { id: observerJobId, channel: 'bigdata.process', replyChannel: observers.jobs.replyChannel, label: 'observed', input: { datasetId: 'none' } },
    });
    for (const [label, client] of Object.entries(observers)) watch.guardObserver(client, label);
  });

  afterAll(async () => {
    for (const client of clients) client.close();
    await server?.stop();
    await layer?.close();
    await db.job.deleteMany({ where: { id: observerJobId } });
    await db.chatRoom.deleteMany({ where: { name: { in: [...joinedRooms, obsRoom] }, createdAt: { gte: startedAt } } });
    await db.outboxEvent.deleteMany({ where: { group: { in: [`liveblog.${obsSlug}`, `liveblog.${sandboxSlug}`] } } });
    await db.liveblog.deleteMany({ where: { slug: { in: [obsSlug, sandboxSlug] } } });
    await db.user.deleteMany({ where: { username: { endsWith: `-${run}` } } });
    await db.$disconnect();
  });

  it('nothing crashes, nothing leaks, and every event is answered as the protocol says', async () => {
    const started = Date.now();
    console.log(`drill: fuzz seed=${seed} (replay with FUZZ_SEED=${seed})`);
    const tally = createFuzzTally();
    const observerTokens = [observers.home, observers.chat, observers.liveblog, observers.jobs].map((o) => o.replyToken);
    const observerChannels = new Set([observers.home, observers.chat, observers.peer, observers.liveblog, observers.jobs].map((o) => o.replyChannel));
    const forgedTokens = observerTokens.flatMap(forgeriesOf);
    const targets = [obsRoom, obsSlug, observerPostId, observerJobId, ...observerChannels, ...forgedTokens, ...sandboxRooms];
    const outsider = fc.constantFrom(...AWKWARD_STRINGS, ...targets);
    const staffStrings = fc.constantFrom(...AWKWARD_STRINGS, sandboxSlug, ...sandboxRooms);
    const joinsObservedRoom = (event: HostileEvent) => event.data[0] === 'room.join' && (event.data[1] as { room?: unknown } | null)?.room === obsRoom;
    const streams: { label: string; namespace: Namespace; cookie?: string; strings: fc.Arbitrary<string> }[] = [
      // Every namespace of the protocol: a new one is fuzzed without touching this file.
      ...app.namespaces.flatMap((namespace) => [
        { label: `anonymous ${namespace}`, namespace, strings: outsider },
        { label: `member ${namespace}`, namespace, cookie: cookies.member, strings: outsider },
      ]),
      { label: 'staff /liveblog (own sandbox)', namespace: '/liveblog', cookie: cookies.staff, strings: staffStrings },
    ];

    // Everything is generated before the first connection: generating is synchronous work that would stall the clients' timers.
    const perStream = (TOTAL - HANDSHAKES - FRAMES) / streams.length;
    const plans = streams.map((stream, index) => {
      const arbitrary = hostileEvent(stream.namespace, { maxMessageBytes: MAX_MESSAGE_BYTES, hostileStrings: stream.strings }).filter((e) => !joinsObservedRoom(e));
      const count = Math.round(perStream * (index + 1)) - Math.round(perStream * index);
      return { ...stream, index, events: fc.sample(arbitrary, { numRuns: count, seed: seed + index }) };
    });
    const guard = { foreignReplyChannels: observerChannels };
    const forgedCookies = [...forgedSessionCookies(SESSION_COOKIE, cookies.staffToken), cookies.expired];
    const handshakes = fc.sample(hostileHandshake(fc.constantFrom(...forgedTokens), fc.constantFrom(...forgedCookies)), { numRuns: HANDSHAKES, seed });
    const frames = fc.sample(hostileFrame(MAX_MESSAGE_BYTES), { numRuns: FRAMES, seed });

    watch.arm();
    await layer.send(observers.home.replyChannel, 'notice.posted', { text: secret, level: 'info' });
    await layer.send(observers.jobs.replyChannel, 'job.failed', { jobId: observerJobId, channel: 'bigdata.process', code: 'internal', reason: secret });

    await Promise.all(
      plans.map(async (stream) => {
        const auth = stream.cookie ? {} : { reply: forgedTokens[stream.index % forgedTokens.length] };
        let client = await connect({ namespace: stream.namespace, headers: stream.cookie ? { cookie: stream.cookie } : {}, auth });
        watch.guardFuzzer(client, stream.label);
        for (const event of stream.events) {
          const room = event.data[0] === 'room.join' ? roomNameSchema.safeParse((wireData(event)[1] as { room?: unknown } | null)?.room) : undefined;
          if (room?.success) joinedRooms.add(room.data); // only valid names can have been created
          const outcome = await sendHostile(client, stream.namespace, event, { maxMessageBytes: MAX_MESSAGE_BYTES, timeoutMs: TIMEOUT_MS });
          const sent = () => `${event.kind}${event.ack ? ' +ack' : ''} ${event.raw?.slice(0, 120) ?? describeSent(event.data)}`;
          tally.record(stream.label, outcome, sent);
          if (!client.socket.connected) {
            tally.findings.push({ where: stream.label, verdict: 'misjudged', answer: 'closed', detail: 'the server closed the connection', sent: sent() });
            console.log(`drill: fuzz ${stream.label}: connection closed after ${sent()}\nserver output (tail):\n${server.output().slice(-3000)}`);
            client = await connect({ namespace: stream.namespace, headers: stream.cookie ? { cookie: stream.cookie } : {} });
            watch.guardFuzzer(client, stream.label);
          }
        }
      }),
    );

    for (let i = 0; i < HANDSHAKES; i += 10) {
      await Promise.all(
        handshakes.slice(i, i + 10).map(async (handshake) => {
          const { outcome, client } = await tryHandshake(server.url, handshake, guard, TIMEOUT_MS);
          if (client) clients.push(client);
          tally.record('handshake', outcome, () => describeSent(handshake));
        }),
      );
      await Promise.all(
        frames.slice(i, i + 10).map(async (frame) => {
          const outcome = await sendFrame(await connect({}), frame, TIMEOUT_MS);
          tally.record('frame', outcome, () => describeSent(frame));
        }),
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 500)); // anything still in flight would arrive by now
    watch.disarm();

    // The state the fuzzers must not have touched.
    const post = await db.liveblogPost.findUniqueOrThrow({ where: { id: observerPostId }, select: { body: true, version: true, deletedAt: true } });
    if (post.version !== 1 || post.deletedAt || post.body !== 'observed post') watch.leaks.push(`the observed post changed: ${JSON.stringify(post)}`);
    const job = await db.job.findUniqueOrThrow({ where: { id: observerJobId }, select: { state: true } });
    if (job.state !== 'queued') watch.leaks.push(`the observer's job is ${job.state}`);
    const intruders = await db.chatMessage.count({ where: { roomName: obsRoom } });
    if (intruders > 0) watch.leaks.push(`${intruders} messages were stored in the observed room`);

    // Still alive: the process runs, /healthz answers, a well-formed event is served.
    const health = await fetch(`${server.url}/healthz`).then((r) => r.status, () => 0);
    const ping = await (await connect({})).request('connection.ping', { sentAt: 7 }).catch(() => undefined);
    const crashed = server.child.exitCode === null && server.child.signalCode === null && health === 200 && ping?.ok ? 0 : 1;

    console.log(`drill: fuzz events=${tally.events} crashed=${crashed} leaked=${watch.leaks.length} unanswered=${tally.verdicts.unanswered}`);
    console.log(`drill: fuzz seed=${seed} seconds=${((Date.now() - started) / 1000).toFixed(1)} verdicts=${JSON.stringify(tally.verdicts)} answers=${JSON.stringify(tally.answers)}`);
    if (tally.findings.length > 0) console.log(`server output (tail):\n${server.output().slice(-4000)}`);

    expect(crashed).toBe(0);
    expect(tally.events).toBe(TOTAL);
    expect(watch.leaks).toEqual([]);
    expect(tally.findings.slice(0, 20)).toEqual([]);

    // The observers were listening all along: each got its own secret and now gets a legitimate message.
    expect([watch.heardSecret('home'), watch.heardSecret('jobs')]).toEqual([true, true]);
    const staffHome = await connect({ headers: { cookie: cookies.staff } });
    const staffBlog = await connect({ namespace: '/liveblog', headers: { cookie: cookies.staff } });
    expect(await staffHome.request('announcement.post', { text: `control ${run}` })).toMatchObject({ ok: true });
    expect(await observers.home.receive('announcement.posted')).toMatchObject({ text: `control ${run}` });
    expect(await observers.peer.request('message.send', { room: obsRoom, body: `control ${run}` })).toMatchObject({ ok: true });
    expect(await observers.chat.receive('chat.message')).toMatchObject({ room: obsRoom, body: `control ${run}` });
    expect(await staffBlog.request('post.create', { slug: obsSlug, body: `control ${run}` })).toMatchObject({ ok: true });
    expect(await observers.liveblog.receive('post.published')).toMatchObject({ slug: obsSlug, post: { body: `control ${run}` } });
  }, 180_000);
});
