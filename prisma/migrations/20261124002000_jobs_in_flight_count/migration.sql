-- An owner's queued and running jobs, for the per-client cap
-- (server/jobs/job-records.ts insertJobWithinCap). VOLATILE on purpose: its
-- query takes a fresh snapshot when called, after the insert has taken the
-- owner's advisory lock, so it counts every submit that held the lock
-- before, even one that committed after the insert began.
CREATE FUNCTION switchyard_jobs_in_flight(owner_user_id text, owner_reply_channel text) RETURNS bigint
LANGUAGE sql VOLATILE
AS 'SELECT count(*) FROM jobs WHERE state IN (''queued'', ''active'') AND ((owner_user_id IS NOT NULL AND user_id = owner_user_id) OR (owner_user_id IS NULL AND user_id IS NULL AND reply_channel = owner_reply_channel))';
