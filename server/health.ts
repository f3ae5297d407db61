/** Reachability of the services a process depends on. */
export type Health = { status: 'ok' | 'degraded' | 'draining'; redis: 'ok' | 'down'; postgres: 'ok' | 'down' };

/** `work`, or a rejection once `ms` have passed. */
export const within = <T>(work: Promise<T>, ms: number) =>
  Promise.race([work, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timed out')), ms).unref())]);

/** Checks Redis and PostgreSQL, each bounded by `timeoutMs`, and says whether the process can serve. */
export async function checkHealth(
  checks: { redis: () => Promise<unknown>; postgres: () => Promise<unknown> },
  draining: boolean,
  timeoutMs = 1000,
): Promise<Health> {
  const [redis, postgres] = await Promise.all(
    [checks.redis, checks.postgres].map((check) =>
      within(check(), timeoutMs).then(
        () => 'ok' as const,
        () => 'down' as const,
      ),
    ),
  );
  const status = draining ? 'draining' : redis === 'ok' && postgres === 'ok' ? 'ok' : 'degraded';
  return { status, redis: redis ?? 'down', postgres: postgres ?? 'down' };
}
