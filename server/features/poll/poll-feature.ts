import { defineFeature } from '../../kit.ts';
import type { Feature } from '../../kit.ts';
import { pollConsumer } from './poll-consumer.ts';
import { pollProtocol } from './poll-protocol.ts';
import { pollTallyHook } from './poll-tally-hook.ts';

/** Live polls: staff ask, anyone votes once, every viewer sees the tallies as votes commit. */
export const poll: Feature<typeof pollProtocol> = defineFeature({
  name: 'poll',
  protocol: pollProtocol,
  hooks: [pollTallyHook],
  start: () => ({ consumer: pollConsumer }),
});
