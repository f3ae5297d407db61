-- Store uploaded datasets with lz4 instead of pglz: a 9.6 MB CSV compresses
-- about 3x faster on upload and a worker's read of it costs PostgreSQL less
-- CPU, for about 15% more disk (docs/performance.md). Needs PostgreSQL 14+
-- built with lz4, as every packaged build is.
ALTER TABLE "datasets" ALTER COLUMN "bytes" SET COMPRESSION lz4;
