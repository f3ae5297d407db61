-- The per-client cap counts an owner's queued and running jobs on every
-- submit (server/jobs/job-records.ts). These partial indexes hold only those
-- jobs, so the count does not grow with the owner's history. Prisma's schema
-- cannot express a partial index: they live here only (see schema.prisma).
CREATE INDEX "jobs_in_flight_user_idx" ON "jobs" ("user_id") WHERE "state" IN ('queued', 'active');
CREATE INDEX "jobs_in_flight_reply_channel_idx" ON "jobs" ("reply_channel") WHERE "state" IN ('queued', 'active') AND "user_id" IS NULL;
