import { afterAll, describe, expect, it } from 'vitest';
import { RateLimited } from '../errors.ts';
import { closeRedis, openRedis } from '../layer/redis-connection.ts';
import { redisBackends } from '../testing/redis-backends.ts';
import { scanKeys } from '../testing/redis-keys.ts';
import { uniquePrefix } from '../testing/test-server.ts';
import { createLoginThrottle } from './login-throttle.ts';

const refusal = (promise: Promise<void>) => promise.then(() => null, (error: unknown) => error);

// Real Redis (one server, and a cluster: the script's three keys share a slot), a key prefix of its own per throttle.
describe.each(redisBackends())('login throttle ($name)', (backend) => {
  const redis = openRedis(backend.target, 'login-throttle-test');
  const throttle = (failures = 3, windowMs = 60_000, wide: { perAddress?: number; perUsername?: number } = {}) =>
    createLoginThrottle(redis, {
      prefix: uniquePrefix(),
      failures,
      windowMs,
      perAddress: wide.perAddress ?? 1000,
      perUsername: wide.perUsername ?? 1000,
    });
  afterAll(() => closeRedis(redis));

  it('allows `failures` attempts per username and address, then refuses with rate_limited and the wait', async () => {
    const limit = throttle(3);
    for (let i = 0; i < 3; i += 1) await limit.attempt('ada', '10.0.0.1');
    const error = await refusal(limit.attempt('ada', '10.0.0.1'));
    expect(error).toBeInstanceOf(RateLimited);
    expect((error as RateLimited).retryAfterMs).toBeGreaterThan(59_000);
    expect((error as RateLimited).message).toMatch(/too many failed logins for this username from your address; try again in 60 s/);
  });

  it('counts each username and each address on its own', async () => {
    const limit = throttle(1);
    await limit.attempt('ada', '10.0.0.1');
    await expect(limit.attempt('ada', '10.0.0.2')).resolves.toBeUndefined();
    await expect(limit.attempt('bob', '10.0.0.1')).resolves.toBeUndefined();
    expect(await refusal(limit.attempt('ada', '10.0.0.1'))).toBeInstanceOf(RateLimited);
  });

  it('counts parallel attempts exactly: no more than `failures` get through', async () => {
    const limit = throttle(5);
    const outcomes = await Promise.all(Array.from({ length: 20 }, () => refusal(limit.attempt('ada', '10.0.0.1'))));
    expect(outcomes.filter((o) => o === null)).toHaveLength(5);
  });

  it('a successful login clears the count', async () => {
    const limit = throttle(2);
    await limit.attempt('ada', '10.0.0.1');
    await limit.attempt('ada', '10.0.0.1');
    await limit.succeeded('ada', '10.0.0.1');
    await limit.attempt('ada', '10.0.0.1');
    await expect(limit.attempt('ada', '10.0.0.1')).resolves.toBeUndefined();
  });

  it('lets the user in again once the window has ended; refused attempts do not extend it', async () => {
    const limit = throttle(1, 300);
    await limit.attempt('ada', '10.0.0.1');
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(await refusal(limit.attempt('ada', '10.0.0.1'))).toBeInstanceOf(RateLimited);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await expect(limit.attempt('ada', '10.0.0.1')).resolves.toBeUndefined();
  });

  it('stops a spray of many usernames from one address at `perAddress` failures', async () => {
    const limit = throttle(3, 60_000, { perAddress: 10 });
    for (let i = 0; i < 10; i += 1) await limit.attempt(`user-${i}`, '10.0.0.1');
    const error = await refusal(limit.attempt('user-10', '10.0.0.1'));
    expect(error).toBeInstanceOf(RateLimited);
    expect((error as RateLimited).message).toMatch(/^too many failed logins from your address; try again in \d+ s$/);
    await expect(limit.attempt('user-10', '10.0.0.2')).resolves.toBeUndefined();
  });

  it('writes no per-username keys for attempts the address limit refused: a spray of made-up names costs Redis one key per name it was allowed', async () => {
    const prefix = uniquePrefix();
    const limit = createLoginThrottle(redis, { prefix, failures: 3, perAddress: 10, perUsername: 1000 });
    const outcomes = [];
    for (let i = 0; i < 100; i += 1) outcomes.push(await refusal(limit.attempt(`made-up-${i}`, '10.0.0.1')));
    expect(outcomes.filter((o) => o instanceof RateLimited)).toHaveLength(90);
    const keys = await scanKeys(redis, `${prefix}:*`);
    // The address's count, plus a pair count and a username count for each of the 10 allowed attempts.
    expect(keys).toHaveLength(1 + 2 * 10);
    await redis.del(...keys);
  });

  it('stops a distributed guess on one username at `perUsername` failures, from any address', async () => {
    const limit = throttle(3, 60_000, { perUsername: 10 });
    for (let i = 0; i < 10; i += 1) await limit.attempt('ada', `10.0.1.${i}`);
    const error = await refusal(limit.attempt('ada', '10.0.1.200'));
    expect(error).toBeInstanceOf(RateLimited);
    expect((error as RateLimited).message).toMatch(/^too many failed logins for this username; try again in \d+ s$/);
    await expect(limit.attempt('bob', '10.0.1.200')).resolves.toBeUndefined();
  });

  it('a successful login does not count against the address or the username', async () => {
    const limit = throttle(3, 60_000, { perAddress: 2, perUsername: 2 });
    for (let i = 0; i < 5; i += 1) {
      await limit.attempt('ada', '10.0.0.1');
      await limit.succeeded('ada', '10.0.0.1');
    }
    await expect(limit.attempt('ada', '10.0.0.1')).resolves.toBeUndefined();
  });

  it('rejects a failures setting that is not a positive whole number, naming it', () => {
    expect(() => createLoginThrottle(redis, { prefix: 'x', failures: 0, perAddress: 1, perUsername: 1 })).toThrow(/failures/);
    expect(() => createLoginThrottle(redis, { prefix: 'x', failures: 1, perAddress: 0, perUsername: 1 })).toThrow(/perAddress/);
  });
});
