import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../server/testing/test-server.ts';
import type { TestServer } from '../server/testing/test-server.ts';
import { createRealtimeClient, RealtimeError } from './index.ts';
import type { RealtimeClient } from './index.ts';

/**
 * The framework-agnostic client outside a browser (Node, as a script or
 * React Native would use it): "typed emits with acks, group events, and
 * reply-channel messages exactly once, also those sent while it was closed".
 */
describe('createRealtimeClient in Node', () => {
  let server: TestServer;
  let client: RealtimeClient;

  beforeAll(async () => {
    server = await startTestServer();
    client = createRealtimeClient({ url: server.url, storage: null });
    client.open();
  });
  afterAll(async () => {
    client?.close();
    await server?.close();
  });

  it('needs the server’s address outside a browser, and says so', () => {
    expect(() => createRealtimeClient({ storage: null })).toThrow(/pass `url`/);
  });

  it('emits a typed event and resolves with its ack; a refusal rejects with the server’s code', async () => {
    await expect(client.emit('/', 'connection.ping', { sentAt: 1 })).resolves.toMatchObject({ sentAt: 1 });
    const refusal = client.emit('/', 'announcement.post', { text: 'anonymous' });
    await expect(refusal).rejects.toBeInstanceOf(RealtimeError);
    await expect(refusal).rejects.toMatchObject({ code: 'unauthorized' });
  });

  it('hears group events, and its reply channel’s messages once each, including those sent while it was closed', async () => {
    const announced = new Promise((resolve) => client.onGroupEvent('/', 'announcement.posted', resolve));
    await server.server.layer.groupSend('announcements', 'announcement.posted', { text: 'to all', author: null, at: new Date().toISOString() });
    expect(await announced).toMatchObject({ text: 'to all' });

    const notices: string[] = [];
    client.onReply('/', 'notice.posted', ({ text }) => notices.push(text));
    const { replyChannel } = await client.emit('/', 'session.describe', {});
    await server.server.layer.send(replyChannel, 'notice.posted', { text: 'while open' });
    await expect.poll(() => notices).toEqual(['while open']);

    client.close();
    await server.server.layer.send(replyChannel, 'notice.posted', { text: 'while closed' });
    client.open();
    await expect.poll(() => notices).toEqual(['while open', 'while closed']);
    expect((await client.emit('/', 'session.describe', {})).replyChannel).toBe(replyChannel);
  });
});
