import { runMain } from '../server/run-main.ts';
import { startWorkerProcess } from './worker-process.ts';

// `switchyard worker <channel...>` (or `--all`): a worker process serving those channels until SIGTERM.
runMain('worker', () => startWorkerProcess(process.argv.slice(2)));
