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

describe('upload limits and retention settings', () => {
  it('default to the documented values', () => {
    const config = loadConfig({});
    expect(config.jobsPerAddress).toBe(3);
    expect(config.listenBacklog).toBe(4096);
    expect(config.uploads).toEqual({
      perMinute: 10,
      inFlight: 16,
      inFlightPerAddress: 2,
      anonymousBytesPerAddress: 64 * 1024 * 1024,
      anonymousBytesTotal: 1024 * 1024 * 1024,
    });
    expect(config.retention).toEqual({ everyMs: 3_600_000, batchSize: 1000, outboxMs: 7 * 86_400_000, chatMessagesMs: 30 * 86_400_000, chatRoomsMs: 30 * 86_400_000, jobsMs: 7 * 86_400_000 });
    expect(config.queueHistory).toEqual({ completedSeconds: 3600, failedSeconds: 86_400 });
  });

  it('refuses values out of range with a message naming the variable', () => {
    for (const [name, bad] of [['UPLOADS_PER_MINUTE', '0'], ['JOBS_PER_ADDRESS', '-1'], ['OUTBOX_RETENTION_DAYS', '0'], ['RETENTION_BATCH_SIZE', 'lots'], ['LISTEN_BACKLOG', '0']]) {
      expect(() => loadConfig({ [name as string]: bad })).toThrow(new RegExp(name as string));
    }
  });
});

describe('SECRET_KEY: signs reply-channel and visitor tokens', () => {
  const realKey = 'k'.repeat(8) + 'Zq3-vX9_aB7cD1eF5gH2iJ4lM6nO8pR0';

  it('refuses to start in production without one: anyone could forge tokens with the public development key', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(ImproperlyConfigured);
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/SECRET_KEY/);
  });

  it('refuses the development key in production even when it is set explicitly', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', SECRET_KEY: 'insecure-development-secret-change-me' })).toThrow(/SECRET_KEY/);
  });

  it('refuses a key shorter than 32 characters in every environment', () => {
    for (const NODE_ENV of ['production', 'development', 'test']) {
      expect(() => loadConfig({ NODE_ENV, SECRET_KEY: 'x'.repeat(31) })).toThrow(/SECRET_KEY: at least 32 characters/);
    }
  });

  it('accepts a real key in production, and the development key outside it', () => {
    expect(loadConfig({ NODE_ENV: 'production', SECRET_KEY: realKey }).secretKey).toBe(realKey);
    expect(loadConfig({ NODE_ENV: 'development' }).insecureSecret).toBe(true);
  });
});
