import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

/**
 * Builds the interface server of another commit (`ref`: a branch, tag or
 * commit) the way `npm run build:server` does, into dist/server-<commit>.mjs,
 * so a bench can measure it beside this checkout's in the same run. The
 * commit's files come from `git archive`; its packages and generated Prisma
 * client are this checkout's (so the ref must have the same schema and
 * dependencies).
 */
export function buildServerAt(ref: string): { commit: string; file: string } {
  const commit = execFileSync('git', ['rev-parse', '--short', `${ref}^{commit}`], { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
  const file = `${REPO_ROOT}dist/server-${commit}.mjs`;
  const tree = mkdtempSync(join(tmpdir(), `switchyard-${commit}-`));
  try {
    execFileSync('sh', ['-c', 'git archive "$1" | tar -x -C "$2"', 'sh', commit, tree], { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
    cpSync(`${REPO_ROOT}prisma/generated`, `${tree}/prisma/generated`, { recursive: true });
    symlinkSync(`${REPO_ROOT}node_modules`, `${tree}/node_modules`);
    buildSync({ entryPoints: [`${tree}/server/main.ts`], bundle: true, platform: 'node', format: 'esm', packages: 'external', target: 'node20', outfile: file, logLevel: 'warning' });
  } finally {
    rmSync(tree, { recursive: true, force: true });
  }
  return { commit, file };
}
