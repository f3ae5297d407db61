-- The outbox statements as two functions, so a hooked write records its messages in one round trip
-- (it took three, each a statement through the ORM: the locks of the groups, the inserts, the notification).
-- The bodies are E'' strings with their semicolons written \x3b, because the migration runner
-- (adapter-pg executeScript) splits scripts at every semicolon.

-- Takes the outbox transaction lock of each group, in one order for every caller (byte order, "C"),
-- so two transactions writing to the same groups never deadlock. A lock already held is taken again at no cost.
CREATE FUNCTION switchyard_outbox_lock(groups text[]) RETURNS void LANGUAGE plpgsql AS E'
DECLARE
    g text\x3b
BEGIN
    FOR g IN SELECT DISTINCT u COLLATE "C" FROM unnest(groups) AS u ORDER BY 1 LOOP
        PERFORM pg_advisory_xact_lock(hashtextextended(''switchyard.outbox:'' || g, 0))\x3b
    END LOOP\x3b
END';

-- Records messages (groups[i], events[i], payloads[i]) in the outbox. First the lock of every group: without it a
-- later transaction could take a smaller id and commit after a reader cursor passed it. Then the inserts, which
-- take the ids in message order. Then the notification, which PostgreSQL delivers only if the transaction commits.
-- Returns the ids in message order.
CREATE FUNCTION switchyard_outbox_record(groups text[], events text[], payloads jsonb[]) RETURNS SETOF bigint LANGUAGE plpgsql AS E'
DECLARE
    i integer\x3b
    id bigint\x3b
BEGIN
    IF cardinality(groups) <> cardinality(events) OR cardinality(groups) <> cardinality(payloads) THEN
        RAISE EXCEPTION ''switchyard_outbox_record: % groups, % events, % payloads'', cardinality(groups), cardinality(events), cardinality(payloads)\x3b
    END IF\x3b
    PERFORM switchyard_outbox_lock(groups)\x3b
    FOR i IN 1 .. cardinality(groups) LOOP
        INSERT INTO outbox_events ("group", event, payload) VALUES (groups[i], events[i], payloads[i]) RETURNING outbox_events.id INTO id\x3b
        RETURN NEXT id\x3b
    END LOOP\x3b
    IF cardinality(groups) > 0 THEN
        PERFORM pg_notify(''switchyard_outbox'', '''')\x3b
    END IF\x3b
END';
