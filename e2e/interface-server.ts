import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { E2E_ENV } from './e2e-env.ts';

const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** An interface server a test starts and stops itself (the shared one from playwright.config.ts must stay up). */
export type OwnInterfaceServer = {
  readonly url: string;
  /** Stops it with SIGTERM (a graceful shutdown) and waits for the process to exit. */
  stop(): Promise<void>;
};

/**
 * Starts `tsx server/main.ts` on `port` with the e2e environment (same
 * database and Redis prefix as the shared server) and resolves once /healthz
 * answers 200. Rejects with the server's stderr if it exits first.
 */
export async function startInterfaceServer(port: number, timeoutMs = 30_000): Promise<OwnInterfaceServer> {
  const url = `http://127.0.0.1:${port}`;
  // Otherwise another server's /healthz on that port would pass for this one's.
  if (await fetch(`${url}/healthz`).then(() => true, () => false)) throw new Error(`port ${port} is already in use`);
  const child = spawn('node_modules/.bin/tsx', ['server/main.ts'], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, ...E2E_ENV, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
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
  return { url, stop: () => stop(child, exited) };
}

async function stop(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  await exited;
}
