-- Registered usernames as chat compares names (server/chat/name-key.ts: NFKC,
-- case fold, TR39 confusable skeleton), so no guest takes a name that looks
-- like a user's. SQL cannot compute the skeleton: a trigger records every new
-- or renamed user with no key, and chat computes the key when it first needs it.

CREATE TABLE "chat_name_keys" (
    "user_id" TEXT NOT NULL,
    "username" TEXT NOT NULL,
    "key" TEXT,

    CONSTRAINT "chat_name_keys_pkey" PRIMARY KEY ("user_id")
);

CREATE INDEX "chat_name_keys_key_idx" ON "chat_name_keys"("key");

ALTER TABLE "chat_name_keys" ADD CONSTRAINT "chat_name_keys_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

INSERT INTO "chat_name_keys" ("user_id", "username") SELECT "id", "username" FROM "users";

-- The body is an E'' string with its semicolons written \x3b, because the
-- migration runner (adapter-pg's executeScript) splits scripts at every semicolon.
CREATE FUNCTION "chat_name_keys_track"() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
    INSERT INTO "chat_name_keys" ("user_id", "username", "key") VALUES (NEW."id", NEW."username", NULL)
    ON CONFLICT ("user_id") DO UPDATE SET "username" = EXCLUDED."username", "key" = NULL\x3b
    RETURN NULL\x3b
END';

CREATE TRIGGER "chat_name_keys_track" AFTER INSERT OR UPDATE OF "username" ON "users"
    FOR EACH ROW EXECUTE FUNCTION "chat_name_keys_track"();
