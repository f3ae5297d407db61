import { defineFeature } from '../../registry/feature.ts';
import type { Feature } from '../../registry/feature.ts';
import { jobResultRoute } from './http/job-result-route.ts';
import { jobRoutes } from './http/job-routes.ts';
import { createResultDownloadLimit } from './http/result-download-limit.ts';
import { jobsConsumer } from './jobs-consumer.ts';
import { jobsProtocol } from './jobs-protocol.ts';
import { jobsHttpApi } from './jobs-http-api.ts';

/**
 * Jobs: datasets uploaded over HTTP, processed by workers (`bigdata.process`,
 * `report.render`), progress and results on the owner's reply channel.
 */
export const jobs: Feature<typeof jobsProtocol> = defineFeature({
  name: 'jobs',
  protocol: jobsProtocol,
  httpApi: jobsHttpApi,
  start({ config, db, redis, queues, sessions, layer }) {
    const jobLimits = {
      perClient: config.jobsPerClient,
      perAddress: config.jobsPerAddress,
      anonymousBytesPerAddress: config.uploads.anonymousBytesPerAddress,
      anonymousBytesTotal: config.uploads.anonymousBytesTotal,
    };
    const app = { db, queues, jobLimits, maxMessageBytes: config.maxMessageBytes };
    const downloads = createResultDownloadLimit(redis, { prefix: config.redisPrefix, perMinute: config.resultDownloadsPerMinute });
    return {
      consumer: jobsConsumer(jobLimits),
      httpRoutes: [
        jobRoutes({ config, app, lookupSession: sessions.lookup, sessionCookie: sessions.cookieName, layer, redis }),
        jobResultRoute({ db, secretKey: config.secretKey, allowedOrigins: config.allowedOrigins, trustedProxies: config.trustedProxies, lookupSession: sessions.lookup, sessionCookie: sessions.cookieName, limit: downloads }),
      ],
    };
  },
});
