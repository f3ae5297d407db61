import { freePort } from '../server/testing/free-port.ts';
import { startNginx } from '../harness/cluster/nginx.ts';
import { check } from './drill.ts';
import type { Drill } from './drill.ts';
import { createDrillLiveblog, startDrillStack } from './drill-stack.ts';
import { startReaderFleet } from './reader-fleet.ts';

const READERS = 1000;

/**
 * kill -9 an interface server under load: 1,000 liveblog readers (lean
 * clients in two processes) connect through nginx (deploy/nginx.conf.template)
 * to two servers while this process commits posts through the hooked Prisma
 * client. Half-way, one server is SIGKILLed. Its readers reconnect through
 * nginx to the survivor and catch up from their cursor; every reader must end
 * with exactly the committed posts.
 */
export const killServerDrill: Drill = {
  name: 'kill-server',
  async run(scope) {
    const stack = await startDrillStack(scope, { label: 'drill_kill', processes: 2 });
    // nginx logs every connect refused by the killed server; show the first few only.
    let logged = 0;
    const onLog = (line: string) => (logged += 1) <= 3 && scope.log(`nginx: ${line}`);
    const nginx = await startNginx({ host: '127.0.0.1', port: await freePort(), upstreams: stack.urls.map((url) => new URL(url).host), onLog });
    scope.watch('nginx', nginx.exited);
    scope.defer(() => nginx.stop());
    const liveblog = await createDrillLiveblog(scope, stack.databaseUrl);
    const fleet = startReaderFleet(scope, { urls: [nginx.url], slug: liveblog.slug, clients: READERS, processes: 2 });
    await fleet.following(120_000);
    scope.log(`${READERS} readers follow ${liveblog.slug} through ${nginx.url}`);

    await liveblog.post(30, 50);
    await stack.kill(0);
    await liveblog.post(30, 50);

    const tally = await fleet.settled(liveblog.ids, 90_000);
    check(tally.resets === 0, `${tally.resets} catch-ups answered reset`);
    check(tally.following === READERS, `only ${tally.following} of ${READERS} readers follow again (first error: ${tally.firstError})`);
    return {
      lost: tally.lost,
      duplicated: tally.duplicated,
      crashed: scope.crashed().length,
      notes: [`${READERS} readers through nginx, ${tally.reconnects} reconnected after the kill; ${liveblog.ids.length} posts, ${tally.complete} readers hold exactly them`],
    };
  },
};
