import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Cluster, Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { redisBackend } from '../testing/redis-backends.ts';
import { uniquePrefix } from '../testing/test-server.ts';
import { closeRedis, connectRedis } from './redis-connection.ts';

/**
 * One factory opens every role's connection: a cluster client when
 * REDIS_CLUSTER_NODES is set, one server's otherwise. On the cluster a
 * script or MULTI whose keys hash to two slots fails with CROSSSLOT, which
 * is why every spec that runs on both backends proves its keys share a tag.
 */
describe('connectRedis', () => {
  const clients = [connectRedis(redisBackend('redis').target, { name: 'connection-test' }), connectRedis(redisBackend('cluster').target, { name: 'connection-test' })];
  const [one, many] = clients as [Redis, Cluster];
  afterAll(() => Promise.all(clients.map(closeRedis)));

  it('opens a Cluster for a cluster target and a plain client for one server', () => {
    expect(one).toBeInstanceOf(Redis);
    expect(many).toBeInstanceOf(Cluster);
  });

  it('on the cluster, refuses a script over keys of two slots and runs one over keys of one hash tag', async () => {
    const prefix = uniquePrefix();
    const script = "redis.call('SET', KEYS[1], 1) redis.call('SET', KEYS[2], 1) return 1";
    const untagged = [`${prefix}:a`, `${prefix}:b`];
    expect(await many.cluster('KEYSLOT', untagged[0]!)).not.toBe(await many.cluster('KEYSLOT', untagged[1]!));
    await expect(many.eval(script, 2, ...untagged)).rejects.toThrow(/CROSSSLOT|same slot/i);
    const tagged = [`${prefix}:{tag}:a`, `${prefix}:{tag}:b`];
    expect(await many.eval(script, 2, ...tagged)).toBe(1);
    await many.del(...tagged);
  });
});

/**
 * "No code path may silently keep using a single-node client": production
 * code opens Redis connections through connectRedis only (the preflight
 * probes single nodes on purpose, to name the one that does not answer).
 */
describe('Redis connections in production code', () => {
  it('are opened by redis-connection.ts alone', () => {
    const root = fileURLToPath(new URL('../../', import.meta.url));
    const production = ['server', 'workers', 'bin', 'prisma', 'app'].flatMap((folder) =>
      readdirSync(`${root}${folder}`, { recursive: true, encoding: 'utf8' })
        .filter((path) => /\.tsx?$/.test(path) && !/\.test\.tsx?$|(^|\/)(testing|generated)\//.test(path))
        .map((path) => `${folder}/${path}`),
    );
    const opening = production.filter((path) => /new (Redis|Cluster|IORedis)\(|connection: \{/.test(readFileSync(`${root}${path}`, 'utf8')));
    expect(opening.sort()).toEqual(['server/layer/redis-connection.ts', 'server/preflight.ts']);
  });
});
