-- Jobs of visitors who are not logged in belong to the browser (the signed
-- sy_visitor cookie), no longer to one tab. Rows without a visitor keep
-- belonging to their reply channel (clients that keep no cookies).
ALTER TABLE "jobs" ADD COLUMN "visitor_id" TEXT;
-- A job's owner may share it by a link holding this unguessable token, null
-- while not shared (revoking clears it, so the old link stops working).
ALTER TABLE "jobs" ADD COLUMN "share_token" TEXT;

-- CreateIndex
CREATE INDEX "jobs_visitor_id_created_at_idx" ON "jobs"("visitor_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "jobs_share_token_key" ON "jobs"("share_token");
