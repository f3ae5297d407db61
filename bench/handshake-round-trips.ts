/**
 * Counts the Redis round trips of one Socket.IO namespace handshake (a fresh
 * one, and a reconnect with the reply token), on a private redis-server
 * watched with MONITOR: a MULTI…EXEC block or a script is one round trip.
 * `node_modules/.bin/tsx bench/handshake-round-trips.ts`
 */
import { Redis } from 'ioredis';
import { startPrivateRedis } from '../server/testing/private-redis.ts';
import { SocketCommunicator } from '../server/testing/socket-communicator.ts';
import { startTestServer } from '../server/testing/test-server.ts';

const HANDSHAKES = 20;
const redisServer = await startPrivateRedis();
const server = await startTestServer({ REDIS_URL: redisServer.url });
const client = new Redis(redisServer.url);
const monitor = await client.monitor();
const commands: { source: string; command: string }[] = [];
monitor.on('monitor', (_time: string, args: string[], source: string) => commands.push({ source, command: String(args[0]).toLowerCase() }));
const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

/** Round trips among the commands seen since the last call. */
function roundTrips(): number {
  let count = 0;
  const inMulti = new Set<string>();
  for (const { source, command } of commands.splice(0)) {
    if (source === 'lua') continue; // commands a script ran: the script was the round trip
    if (command === 'multi') inMulti.add(source);
    else if (command === 'exec') {
      inMulti.delete(source);
      count += 1;
    } else if (!inMulti.has(source)) count += 1;
  }
  return count;
}

await settle();
roundTrips();
for (const namespace of ['/', '/liveblog']) {
  const clients: SocketCommunicator[] = [];
  for (let i = 0; i < HANDSHAKES; i += 1) clients.push(await SocketCommunicator.connect(server.url, { namespace }));
  await settle();
  const fresh = roundTrips() / HANDSHAKES;
  for (const client of clients) client.close();
  await settle();
  roundTrips();
  for (const client of clients) {
    (await SocketCommunicator.connect(server.url, { namespace, auth: { reply: client.replyToken, lastSeq: 0, epoch: client.epoch } })).close();
  }
  await settle();
  console.log(`${namespace}: ${fresh.toFixed(1)} Redis round trips per fresh handshake, ${(roundTrips() / HANDSHAKES).toFixed(1)} with the reply token`);
}
monitor.disconnect();
client.disconnect();
await server.close();
await redisServer.kill();
