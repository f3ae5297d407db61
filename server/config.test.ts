import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';
import { ImproperlyConfigured } from './errors.ts';

describe('JOB_HEAP_MB: the heap of each job process', () => {
  it('is unset by default, so every channel keeps its own limit', () => {
    expect(loadConfig({}).jobHeapMb).toBeUndefined();
  });

  it('takes megabytes from 32 up, and refuses less, fractions and words naming the variable', () => {
    expect(loadConfig({ JOB_HEAP_MB: '1024' }).jobHeapMb).toBe(1024);
    for (const bad of ['16', '512.5', 'lots']) expect(() => loadConfig({ JOB_HEAP_MB: bad })).toThrow(/JOB_HEAP_MB/);
  });
});

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
