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

describe('upload limits and retention settings', () => {
  it('default to the documented values', () => {
    const config = loadConfig({});
    expect(config.jobsPerAddress).toBe(3);
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
    for (const [name, bad] of [['UPLOADS_PER_MINUTE', '0'], ['JOBS_PER_ADDRESS', '-1'], ['OUTBOX_RETENTION_DAYS', '0'], ['RETENTION_BATCH_SIZE', 'lots']]) {
      expect(() => loadConfig({ [name as string]: bad })).toThrow(new RegExp(name as string));
    }
  });
});
