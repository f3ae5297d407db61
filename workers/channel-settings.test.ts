import { describe, expect, it } from 'vitest';
import { channelSettings, effectiveChannelSettings, validateChannelSettings } from './channel-settings.ts';
import type { ChannelSettings, ChannelSettingsMap } from './channel-settings.ts';

const withBigdata = (settings: Partial<ChannelSettings> | Record<string, unknown>): ChannelSettingsMap =>
  ({ ...channelSettings, 'bigdata.process': { ...channelSettings['bigdata.process'], ...settings } }) as ChannelSettingsMap;

/** Per-channel limits: validated with messages naming the channel and the field, overridden by the environment. */
describe('channel settings', () => {
  it('accepts the defaults: bigdata.process in job processes of 512 MB for at most 10 minutes', () => {
    expect(validateChannelSettings(channelSettings)).toBe(channelSettings);
    expect(channelSettings['bigdata.process']).toMatchObject({ timeoutMs: 600_000, sandbox: { heapMb: 512 } });
    expect(channelSettings['report.render']).toEqual({ concurrency: 2, timeoutMs: 30_000, sandbox: null });
  });

  it('refuses a limit out of its bounds, naming the channel and the field', () => {
    expect(() => validateChannelSettings(withBigdata({ concurrency: 0 }))).toThrow(/bigdata\.process.*concurrency: Too small/);
    expect(() => validateChannelSettings(withBigdata({ timeoutMs: 10 }))).toThrow(/bigdata\.process.*timeoutMs: Too small.*>=1000/);
    expect(() => validateChannelSettings(withBigdata({ sandbox: { heapMb: 8 } }))).toThrow(/bigdata\.process.*sandbox\.heapMb: Too small/);
    expect(() => validateChannelSettings(withBigdata({ timeout: 5 }))).toThrow(/bigdata\.process.*Unrecognized key: "timeout"/);
  });

  it('applies WORKER_CONCURRENCY, JOB_TIMEOUT_MS and JOB_HEAP_MB to every channel, the heap only to sandboxed ones', () => {
    const settings = effectiveChannelSettings({ workerConcurrency: 1, jobTimeoutMs: 3000, jobHeapMb: 64 });
    expect(settings['bigdata.process']).toEqual({ concurrency: 1, timeoutMs: 3000, sandbox: { heapMb: 64 } });
    expect(settings['report.render']).toEqual({ concurrency: 1, timeoutMs: 3000, sandbox: null });
    expect(effectiveChannelSettings({ workerConcurrency: undefined, jobTimeoutMs: undefined, jobHeapMb: undefined })).toEqual(channelSettings);
  });
});
