-- An outbox row's time is when it is written (the last statement of its transaction), not when the
-- transaction began: the relay's commit → publish histogram measures from it.
ALTER TABLE "outbox_events" ALTER COLUMN "created_at" SET DEFAULT clock_timestamp();
