import { execFileSync } from 'node:child_process';
import { buildSync } from 'esbuild';
import { REPO_ROOT } from '../../server/testing/switchyard-process.ts';

/**
 * Bundles a bench module (bench/bare-server.ts, lib/child-agent.ts) into one
 * JavaScript file under bench/results/compiled/, packages left as imports,
 * for a child that runs with plain `node`, without tsx's loader, the way the
 * production interface server runs. Returns the file's absolute path.
 */
export function compileBenchModule(module: string): string {
  const outfile = `${REPO_ROOT}bench/results/compiled/${module.replace(/[/.]/g, '-')}.mjs`;
  buildSync({ entryPoints: [`${REPO_ROOT}${module}`], bundle: true, platform: 'node', format: 'esm', packages: 'external', target: 'node20', outfile, logLevel: 'warning' });
  return outfile;
}

/** Builds the interface server as production runs it (`npm run build:server`); returns dist/server.mjs's path. */
export function buildServer(): string {
  execFileSync('npm', ['run', '-s', 'build:server'], { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  return `${REPO_ROOT}dist/server.mjs`;
}
