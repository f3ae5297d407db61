import { loadConfig } from './config.ts';
import { runMain } from './run-main.ts';
import { serve } from './serve.ts';

// The interface server process. `--no-pages` leaves out Next.js.
runMain('interface-server', () => serve(loadConfig(), { pages: !process.argv.includes('--no-pages') }));
