import { mkdirSync, writeFileSync } from 'node:fs';
import { killAllSwitchyardProcesses, REPO_ROOT } from '../../server/testing/switchyard-process.ts';

/**
 * Runs a bench's `main` as the whole process: every child it started is
 * killed when the process exits, however it exits; SIGINT and SIGTERM end it;
 * a watchdog ends it after `timeoutS`. The result is printed on stdout as one
 * JSON object and written to bench/results/<name>-<time>.json; a failure is
 * one line on stderr and exit code 1, as is a result `passed` refuses.
 *
 * @example runBench('jobs', 300, () => measureEverything());
 */
export function runBench<T extends object>(name: string, timeoutS: number, main: () => Promise<T>, passed: (result: T) => boolean = () => true): void {
  const log = (line: string) => process.stderr.write(`[bench:${name}] ${line}\n`);
  process.on('exit', killAllSwitchyardProcesses);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => process.exit(130));
  const watchdog = setTimeout(() => {
    log(`hard timeout of ${timeoutS} s reached; stopping`);
    process.exit(2);
  }, timeoutS * 1000);
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  main().then(
    (result) => {
      clearTimeout(watchdog);
      const json = JSON.stringify(result, null, 2);
      mkdirSync(`${REPO_ROOT}bench/results`, { recursive: true });
      const file = `${REPO_ROOT}bench/results/${name}-${stamp}.json`;
      writeFileSync(file, `${json}\n`);
      log(`written to ${file}`);
      process.stdout.write(`${json}\n`);
      process.exit(passed(result) ? 0 : 1);
    },
    (error: unknown) => {
      log(`failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    },
  );
}
