import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { E2E_ENV } from './e2e-env.ts';

const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** An interface server a test starts and stops itself (the shared one from playwright.config.ts must stay up). */
export type OwnInterfaceServer = {
  readonly url: string;
  /** What it has printed so far (stdout and stderr). */
  output(): string;
  /** Stops it with SIGTERM (a graceful shutdown) and waits for the process to exit. */
  stop(): Promise<void>;
};

/** Options of `startInterfaceServer`. */
export type InterfaceServerOptions = {
  /** How long to wait for /healthz (default 30 s). */
  timeoutMs?: number;
  /** Environment on top of the e2e one (e.g. its own DATABASE_URL). */
  env?: Record<string, string>;
};

/**
 * Starts `tsx server/main.ts` on `port` with the e2e environment (same
 * database and Redis prefix as the shared server, unless `env` says
 * otherwise) and resolves once /healthz answers 200. Rejects with the
 * server's output if it exits first.
 */
export async function startInterfaceServer(port: number, { timeoutMs = 30_000, env = {} }: InterfaceServerOptions = {}): Promise<OwnInterfaceServer> {
  const url = `http://127.0.0.1:${port}`;
  // Otherwise another server's /healthz on that port would pass for this one's.
  if (await fetch(`${url}/healthz`).then(() => true, () => false)) throw new Error(`port ${port} is already in use`);
  const child = spawn('node_modules/.bin/tsx', ['server/main.ts'], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, ...E2E_ENV, ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    output += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));

  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the interface server on port ${port} exited (${child.exitCode}): ${stderr.trim()}`);
    if (Date.now() > deadline) {
      await stop(child, exited);
      throw new Error(`the interface server on port ${port} did not answer /healthz within ${timeoutMs} ms: ${stderr.trim()}`);
    }
    const healthy = await fetch(`${url}/healthz`).then((response) => response.ok, () => false);
    if (healthy) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { url, output: () => output, stop: () => stop(child, exited) };
}

async function stop(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  await exited;
}
