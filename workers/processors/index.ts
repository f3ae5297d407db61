import type { ProcessorRegistry } from '../processor.ts';
import { bigdataProcessor } from './bigdata-process.ts';
import { reportProcessor } from './report-render.ts';

/** The processor of every worker channel. */
export const processors: ProcessorRegistry = {
  'bigdata.process': bigdataProcessor,
  'report.render': reportProcessor,
};
