-- Uploads are streamed into PostgreSQL as they arrive, checked against their
-- caps before the first byte is stored (server/jobs/submit-upload.ts).

-- A dataset's bytes, in chunks of 256 KiB written one by one as the
-- request body streams in: the interface server holds one chunk per upload,
-- never the file. The worker reads them back in `seq` order by binary COPY.
CREATE TABLE "dataset_chunks" (
    "dataset_id" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "bytes" BYTEA NOT NULL,

    CONSTRAINT "dataset_chunks_pkey" PRIMARY KEY ("dataset_id", "seq")
);
ALTER TABLE "dataset_chunks" ALTER COLUMN "bytes" SET COMPRESSION lz4;
ALTER TABLE "dataset_chunks" ADD CONSTRAINT "dataset_chunks_dataset_id_fkey" FOREIGN KEY ("dataset_id") REFERENCES "datasets"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- A finished job's dataset is never read again, and is now deleted when the
-- job's outcome is recorded: the backlog goes here. Datasets of queued and
-- running jobs move into chunks.
DELETE FROM "datasets" d WHERE NOT EXISTS (SELECT FROM "jobs" j WHERE j."dataset_id" = d."id" AND j."state" IN ('queued', 'active'));
INSERT INTO "dataset_chunks" ("dataset_id", "seq", "bytes") SELECT "id", 0, "bytes" FROM "datasets" WHERE length("bytes") > 0;
ALTER TABLE "datasets" DROP COLUMN "bytes";

-- The address (server/http/address-key.ts) an anonymous upload came from:
-- what the anonymous storage caps add up. NULL for logged-in users' datasets.
ALTER TABLE "datasets" ADD COLUMN "anonymous_address" TEXT;
CREATE INDEX "datasets_anonymous_address_idx" ON "datasets" ("anonymous_address") WHERE "anonymous_address" IS NOT NULL;

-- The address an anonymous client submitted a job from, for the per-address
-- job cap: a fresh reply channel per handshake must not bring fresh slots.
-- NULL for logged-in users' jobs (their cap is per user).
ALTER TABLE "jobs" ADD COLUMN "client_address" TEXT;

-- Deleting a dataset (at a job's outcome, by retention) looks up its jobs.
CREATE INDEX "jobs_dataset_id_idx" ON "jobs" ("dataset_id");

-- Jobs in flight now include uploads still being received ('uploading'): an
-- upload holds its slot from before its first byte is stored.
DROP INDEX "jobs_in_flight_user_idx";
DROP INDEX "jobs_in_flight_reply_channel_idx";
CREATE INDEX "jobs_in_flight_user_idx" ON "jobs" ("user_id") WHERE "state" IN ('uploading', 'queued', 'active');
CREATE INDEX "jobs_in_flight_reply_channel_idx" ON "jobs" ("reply_channel") WHERE "state" IN ('uploading', 'queued', 'active') AND "user_id" IS NULL;
CREATE INDEX "jobs_in_flight_address_idx" ON "jobs" ("client_address") WHERE "state" IN ('uploading', 'queued', 'active') AND "user_id" IS NULL;

DROP FUNCTION "switchyard_jobs_in_flight"(text, text);

-- Which cap, if any, refuses a job: 'ok', 'client_jobs' (the user's, or the
-- anonymous reply channel's, jobs in flight), 'address_jobs' (anonymous jobs
-- in flight from the address), 'address_bytes' / 'total_bytes' (anonymous
-- datasets stored, from the address / in all). Called by the INSERT that
-- records the job (server/jobs/job-records.ts insertJobWithinCaps) once it
-- holds the owner's advisory locks (held until it commits): VOLATILE, so its
-- query takes a fresh snapshot when called and counts every submit that held
-- the locks before, even one that committed after the INSERT began, and a cap
-- is exact however many submits arrive at once. One statement of SQL, in a
-- quoted string: Prisma's migration runner splits scripts at every semicolon.
CREATE FUNCTION switchyard_job_verdict(
    owner_user_id text,
    owner_reply_channel text,
    owner_address text,
    dataset_bytes bigint,
    jobs_per_client integer,
    jobs_per_address integer,
    anonymous_bytes_per_address bigint,
    anonymous_bytes_total bigint
) RETURNS text
LANGUAGE sql VOLATILE
AS '
SELECT CASE
    WHEN owner_user_id IS NOT NULL THEN
        CASE WHEN (SELECT count(*) FROM jobs WHERE user_id = owner_user_id AND state IN (''uploading'', ''queued'', ''active'')) >= jobs_per_client
            THEN ''client_jobs'' ELSE ''ok'' END
    WHEN (SELECT count(*) FROM jobs WHERE user_id IS NULL AND reply_channel = owner_reply_channel AND state IN (''uploading'', ''queued'', ''active'')) >= jobs_per_client
        THEN ''client_jobs''
    WHEN (SELECT count(*) FROM jobs WHERE user_id IS NULL AND client_address = owner_address AND state IN (''uploading'', ''queued'', ''active'')) >= jobs_per_address
        THEN ''address_jobs''
    WHEN dataset_bytes > 0 AND (SELECT coalesce(sum(size), 0) FROM datasets WHERE anonymous_address = owner_address) + dataset_bytes > anonymous_bytes_per_address
        THEN ''address_bytes''
    WHEN dataset_bytes > 0 AND (SELECT coalesce(sum(size), 0) FROM datasets WHERE anonymous_address IS NOT NULL) + dataset_bytes > anonymous_bytes_total
        THEN ''total_bytes''
    ELSE ''ok''
END';
