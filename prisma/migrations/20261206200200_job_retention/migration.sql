-- The retention job (server/retention) deletes jobs some days after they
-- finished, by finished_at. Jobs that failed to be queued were marked failed
-- without it: they count as finished when they were created.
UPDATE "jobs" SET "finished_at" = "created_at" WHERE "finished_at" IS NULL AND "state" IN ('completed', 'failed', 'cancelled');

-- CreateIndex
CREATE INDEX "jobs_finished_at_idx" ON "jobs"("finished_at");
