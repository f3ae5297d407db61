import { execFileSync } from 'node:child_process';
import { AsyncLocalStorage } from 'node:async_hooks';
import { parseArgs } from 'node:util';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
import { startTracing } from '../server/tracing/start-tracing.ts';
import { inSpan } from '../server/tracing/trace-context.ts';
import { REPO_ROOT } from '../server/testing/switchyard-process.ts';
import { monotonicMs } from './lib/clock.ts';
import { machineInfo } from './lib/report.ts';
import { runBench } from './lib/run-bench.ts';
import { percentile, round } from './lib/stats.ts';

/**
 * `npm run -s bench:await`: what one `await` costs in a process with tracing
 * off, with tracing on (startTracing at 1 %, spans made), and with an
 * AsyncLocalStorage that has entered a context (what OpenTelemetry's async
 * context manager did, which Switchyard no longer registers:
 * server/tracing/start-tracing.ts). Each variant runs in a fresh process (an
 * AsyncLocalStorage leaves promise hooks on for the rest of its process's
 * life), the variants alternating for --rounds rounds; each process times
 * --awaits sequential awaits five times and reports its median. Prints one
 * JSON object: per variant the median and range over rounds, in ms and ns per
 * await.
 */
const medianMs = (values: readonly number[]) => percentile(values, 50);
const VARIANTS = ['off', 'traced', 'asyncLocalStorage'] as const;
type Variant = (typeof VARIANTS)[number];
const USAGE = 'usage: npm run -s bench:await -- [--awaits 2000000] [--rounds 5]';

async function awaitMany(count: number): Promise<number> {
  const started = monotonicMs();
  for (let i = 0; i < count; i += 1) await undefined;
  return monotonicMs() - started;
}

/** One process's measurement: sets the variant up, then the median of five timings of `count` awaits (after one warm-up). */
async function measureHere(variant: Variant, count: number): Promise<number> {
  let inside = (work: () => Promise<number>) => work();
  if (variant === 'traced') {
    startTracing({ serviceName: 'bench-await', processors: [new SimpleSpanProcessor({ exporter: new InMemorySpanExporter() })], sampleRatio: 0.01 });
    for (let i = 0; i < 1000; i += 1) await inSpan('bench.span', {}, async () => {});
    // The awaits run inside a span, as a handler's do.
    inside = (work) => inSpan('bench.awaits', {}, () => work());
  }
  if (variant === 'asyncLocalStorage') {
    const storage = new AsyncLocalStorage<number>();
    inside = (work) => storage.run(1, work);
  }
  await inside(() => awaitMany(count));
  const timings: number[] = [];
  for (let i = 0; i < 5; i += 1) timings.push(await inside(() => awaitMany(count)));
  return medianMs(timings);
}

const positive = (raw: string | undefined, fallback: number, name: string) => {
  const value = raw === undefined ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 100_000_000) throw new Error(`--${name} must be an integer from 1 to 100000000, got "${raw}"\n${USAGE}`);
  return value;
};

const { values } = parseArgs({ args: process.argv.slice(2), options: { awaits: { type: 'string' }, rounds: { type: 'string' }, variant: { type: 'string' } } });
const awaits = positive(values.awaits, 2_000_000, 'awaits');

if (values.variant) {
  if (!(VARIANTS as readonly string[]).includes(values.variant)) throw new Error(`--variant must be one of ${VARIANTS.join(', ')}`);
  process.stdout.write(`${JSON.stringify({ ms: await measureHere(values.variant as Variant, awaits) })}\n`);
} else {
  const rounds = Math.min(positive(values.rounds, 5, 'rounds'), 50);
  runBench('await', 60 + rounds * 60, async () => {
    const ms: Record<Variant, number[]> = { off: [], traced: [], asyncLocalStorage: [] };
    for (let round_ = 0; round_ < rounds; round_ += 1) {
      for (const variant of VARIANTS) {
        const out = execFileSync(process.execPath, ['--import', 'tsx', 'bench/await-cost.ts', '--variant', variant, '--awaits', String(awaits)], { cwd: REPO_ROOT, encoding: 'utf8' });
        ms[variant].push((JSON.parse(out) as { ms: number }).ms);
      }
    }
    const summary = (list: number[]) => ({
      msMedian: round(medianMs(list)),
      msRange: [round(Math.min(...list)), round(Math.max(...list))],
      nsPerAwait: round((medianMs(list) * 1e6) / awaits),
      ms: list.map((value) => round(value)),
    });
    return {
      bench: 'await',
      awaits,
      rounds,
      variants: { off: summary(ms.off), traced: summary(ms.traced), asyncLocalStorage: summary(ms.asyncLocalStorage) },
      tracedVsOff: round(medianMs(ms.traced) / medianMs(ms.off)),
      machine: machineInfo(),
    };
  });
}
