import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Processor, ProcessorRegistry } from '../../workers/processor.ts';
import { processors as builtIn } from '../../workers/processors/index.ts';
import { readDataset } from '../../server/features/jobs/dataset-store.ts';

/**
 * Processors that fail on purpose, for the job-failures drill: a worker
 * loads them with WORKER_PROCESSORS=drills/job-failures/drill-processors.ts,
 * the way any processor module is registered. Tooling, never production.
 *
 * Two marker files in the directory DRILL_MARKERS names break this module
 * for job processes started while they exist (the worker loaded it at start,
 * before them): `broken` makes its import throw (a deploy that left a bad
 * file), `no-start` makes the process exit before it is ready, with code 9,
 * as Node does for a flag it refuses.
 */
const markers = process.env.DRILL_MARKERS;
if (markers && existsSync(join(markers, 'broken'))) throw new Error('this processor module was broken on purpose by the drill');
if (markers && existsSync(join(markers, 'no-start'))) process.exit(9);

/** Never settles: the job runs until its process ends. */
const forever = () => new Promise<never>(() => {});

/**
 * `bigdata.process` whose dataset's first line picks a failure: `drill:hang`
 * (reports progress, then waits, ignoring its signal), `drill:loop` (a loop
 * that never yields), `drill:allocate` (allocates until the heap is full),
 * `drill:throw` (an exception thrown in a timer, outside the job's promise).
 * Any other dataset is profiled by the real processor.
 */
const drillBigdata: Processor<'bigdata.process'> = async (input, context) => {
  const text = (await readDataset(context.db, input.datasetId))?.toString('utf8') ?? '';
  switch (text.slice(0, text.indexOf('\n'))) {
    case 'drill:hang':
      context.progress({ phase: 'parsing', fraction: 0, rowsProcessed: 0, totalRows: null, bytesProcessed: 0, totalBytes: text.length });
      return forever();
    case 'drill:loop': {
      let turns = 0;
      while (turns >= 0) turns = (turns + 1) % Number.MAX_SAFE_INTEGER;
      return forever();
    }
    case 'drill:allocate': {
      const hoard: { n: number; text: string }[] = [];
      while (hoard.length >= 0) hoard.push({ n: hoard.length, text: `item ${hoard.length}` });
      return forever();
    }
    case 'drill:throw':
      setTimeout(() => {
        throw new Error('an exception the drill threw in a timer');
      }, 10);
      return forever();
    default:
      return builtIn['bigdata.process'](input, context);
  }
};

/** The drill's registry: its failing `bigdata.process`, the real `report.render`. */
export const processors: ProcessorRegistry = { ...builtIn, 'bigdata.process': drillBigdata };
