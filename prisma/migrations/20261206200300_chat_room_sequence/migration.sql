-- Per-room message order that catch-up can trust (docs/chat.md, "Order and resends").
-- A room's row counts its messages: the writer bumps `last_seq` under the room
-- row's lock in the INSERT's own statement, so a room's messages commit in
-- `seq` order. `person` + `client_id` make a resent message idempotent.

ALTER TABLE "chat_rooms" ADD COLUMN "last_seq" BIGINT NOT NULL DEFAULT 0;

ALTER TABLE "chat_messages" ADD COLUMN "seq" BIGINT,
    ADD COLUMN "person" TEXT,
    ADD COLUMN "client_id" TEXT;

-- Existing messages keep their order: numbered by id within each room.
UPDATE "chat_messages" AS m SET "seq" = n."seq"
FROM (SELECT "id", row_number() OVER (PARTITION BY "room_name" ORDER BY "id") AS "seq" FROM "chat_messages") AS n
WHERE m."id" = n."id";

UPDATE "chat_rooms" AS r SET "last_seq" = s."last"
FROM (SELECT "room_name", max("seq") AS "last" FROM "chat_messages" GROUP BY "room_name") AS s
WHERE r."name" = s."room_name";

ALTER TABLE "chat_messages" ALTER COLUMN "seq" SET NOT NULL;

DROP INDEX "chat_messages_room_name_id_idx";

CREATE UNIQUE INDEX "chat_messages_room_name_seq_key" ON "chat_messages"("room_name", "seq");

CREATE UNIQUE INDEX "chat_messages_room_name_person_client_id_key" ON "chat_messages"("room_name", "person", "client_id");
