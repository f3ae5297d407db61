import { describe, expect, it } from 'vitest';
import { RateLimited } from '../errors.ts';
import { createHashGate } from './hash-gate.ts';
import { hashPassword, verifyPassword } from './passwords.ts';

describe('hash gate: a cap on concurrent password hashes in this process', () => {
  it('runs at most `concurrency` hashes at once, queues `queue` more, and refuses the rest at once with rate_limited', async () => {
    const hash = await hashPassword('correct horse battery');
    const gate = createHashGate({ concurrency: 2, queue: 3 });
    let running = 0;
    let most = 0;
    const check = () =>
      gate.run(async () => {
        running += 1;
        most = Math.max(most, running);
        try {
          return await verifyPassword(hash, 'wrong guess');
        } finally {
          running -= 1;
        }
      });
    const outcomes = await Promise.all(Array.from({ length: 20 }, () => check().then(() => 'checked', (error: unknown) => error)));
    expect(outcomes.filter((o) => o === 'checked')).toHaveLength(5);
    const refused = outcomes.filter((o) => o !== 'checked');
    expect(refused).toHaveLength(15);
    for (const error of refused) {
      expect(error).toBeInstanceOf(RateLimited);
      expect((error as RateLimited).retryAfterMs).toBeGreaterThan(0);
      expect((error as RateLimited).message).toMatch(/busy checking other logins; try again in \d+ s/);
    }
    expect(most).toBe(2);
  });

  it('takes new work again once the queue has drained', async () => {
    const gate = createHashGate({ concurrency: 1, queue: 0 });
    await gate.run(() => hashPassword('first'));
    await expect(gate.run(() => hashPassword('second'))).resolves.toMatch(/^\$argon2id\$/);
  });

  it('rejects settings that are not whole numbers, naming them', () => {
    expect(() => createHashGate({ concurrency: 0, queue: 1 })).toThrow(/concurrency/);
    expect(() => createHashGate({ concurrency: 1, queue: -1 })).toThrow(/queue/);
  });
});
