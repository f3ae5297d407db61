import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';
import { ImproperlyConfigured } from './errors.ts';

describe('WORKER_CONCURRENCY: jobs a worker process runs at once per channel', () => {
  it('is unset by default, so every channel keeps its own setting', () => {
    expect(loadConfig({}).workerConcurrency).toBeUndefined();
  });

  it('takes a positive integer', () => {
    expect(loadConfig({ WORKER_CONCURRENCY: '1' }).workerConcurrency).toBe(1);
    expect(loadConfig({ WORKER_CONCURRENCY: '8' }).workerConcurrency).toBe(8);
  });

  it('refuses zero, fractions and words with a message naming the variable', () => {
    for (const bad of ['0', '1.5', 'many', '257']) {
      expect(() => loadConfig({ WORKER_CONCURRENCY: bad })).toThrow(ImproperlyConfigured);
      expect(() => loadConfig({ WORKER_CONCURRENCY: bad })).toThrow(/WORKER_CONCURRENCY/);
    }
  });
});
