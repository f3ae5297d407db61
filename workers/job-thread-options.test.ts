import { describe, expect, it } from 'vitest';
import { jobThreadOptions } from './job-thread-options.ts';

describe('jobThreadOptions', () => {
  it('gives threads none of the process flags', () => {
    expect(jobThreadOptions(['--import', 'tsx', '--expose-gc', '--enable-source-maps'])).toEqual({ execArgv: [] });
  });

  it('turns the last --max-old-space-size into each thread’s heap limit', () => {
    expect(jobThreadOptions(['--max-old-space-size=512', '--import', 'tsx', '--max_old_space_size=2048'])).toEqual({
      execArgv: [],
      resourceLimits: { maxOldGenerationSizeMb: 2048 },
    });
  });
});
