-- Liveblogs as readers of news sites know them: a summary at the top, a status
-- (live or ended) and a version that grows with every change (readers drop
-- stale copies of the liveblog.updated event), and posts can be pinned to the top
-- and marked as key updates. A post's edited_at says when its text last
-- changed (its version also grows when it is pinned or marked).

-- CreateEnum
CREATE TYPE "LiveblogStatus" AS ENUM ('live', 'ended');

-- AlterTable
ALTER TABLE "liveblogs" ADD COLUMN "summary" TEXT NOT NULL DEFAULT '',
ADD COLUMN "status" "LiveblogStatus" NOT NULL DEFAULT 'live',
ADD COLUMN "version" INTEGER NOT NULL DEFAULT 1,
ADD COLUMN "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- AlterTable
ALTER TABLE "liveblog_posts" ADD COLUMN "pinned" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN "is_key" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN "edited_at" TIMESTAMP(3);

-- Posts edited before: their version grew with each edit and nothing else.
UPDATE "liveblog_posts" SET "edited_at" = "updated_at" WHERE "version" > 1 AND "deleted_at" IS NULL;
