import type { WorkerChannelName } from '../../server/protocol/jobs.ts';
import type { Processor } from '../processor.ts';
import { bigdataProcessor } from './bigdata-process.ts';
import { reportProcessor } from './report-render.ts';

/** The processor of every worker channel. */
export const processors: { [C in WorkerChannelName]: Processor<C> } = {
  'bigdata.process': bigdataProcessor,
  'report.render': reportProcessor,
};
