import type { RedisClient } from '../layer/redis-connection.ts';
import type { Database } from '../../prisma/client.ts';
import { needsFirstRun } from './needs-first-run.ts';
import { ensureSetupCode } from './setup-code.ts';

/** What `firstRunNotice` needs. */
export type FirstRunNoticeOptions = { db: Database; redis: RedisClient; prefix: string; url: string };

/**
 * The lines an interface server prints once it listens: where to open the
 * site and, while there is no staff account, how to create the first one —
 * at `/admin`, from this machine as it is, from elsewhere with the one-time
 * setup code (created here if there is none yet).
 */
export async function firstRunNotice({ db, redis, prefix, url }: FirstRunNoticeOptions): Promise<string[]> {
  const site = browsableUrl(url);
  if (!(await needsFirstRun(db))) return [`Open ${site} in a browser; staff edit liveblogs at ${site}/admin.`];
  const code = await ensureSetupCode(redis, prefix);
  return [
    `Open ${site} in a browser.`,
    `No staff account yet: open ${site}/admin to create the first one.`,
    `From this machine no code is needed; from another machine, enter the one-time setup code ${code}`,
  ];
}

// A server listening on every interface is reached, from this machine, at localhost.
function browsableUrl(url: string): string {
  return url.replace('//0.0.0.0:', '//localhost:').replace('//[::]:', '//localhost:');
}
