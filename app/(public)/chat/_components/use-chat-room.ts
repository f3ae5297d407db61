'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import type { ChatMessage } from '../../../../server/features/chat/chat-protocol.ts';
import { RealtimeError, useGroupEvent, useRealtimeEmit, useWhenConnected } from '../../../_realtime/index.ts';
import { lastSeq, mergeMessages } from './merge-messages.ts';
import { applyPresenceChanged, applySnapshot, NO_PEOPLE } from './room-people.ts';
import type { RoomPeople } from './room-people.ts';

/**
 * A message this tab sent that the server has not confirmed (pending) or
 * refused (failed). `retry` says sending it again may work (the server or the
 * connection failed, or it came too fast; not the message itself), from
 * `retryAt` (ms since the epoch) after a rate limit: a retry reuses the
 * clientId, so the server stores it at most once.
 */
export type OutgoingMessage = { clientId: string; body: string; state: 'pending' | 'failed'; error?: string; retry?: boolean; retryAt?: number };

/** Who this tab is in the room, as the server said on join. */
export type ChatSelf = { id: string; name: string; verified: boolean };

const VISITOR_KEY = 'sy-chat-visitor';
const TYPING_SHOWN_MS = 3000;
const TYPING_SEND_EVERY_MS = 2000;
/** How long a missing presence version (another server's event, sent within its batch window) is waited for before asking for a snapshot. */
const GAP_WAIT_MS = 3000;
const RETRYABLE = new Set(['unavailable', 'internal', 'timeout', 'rate_limited']);

const newClientId = () => `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
const storedVisitor = () => (typeof localStorage === 'undefined' ? undefined : (localStorage.getItem(VISITOR_KEY) ?? undefined));

/** What a failed message says: the server's reason (for a refused field, that field's; for a rate limit, plain words and when to retry). */
function whyNotSent(failure: unknown): Pick<OutgoingMessage, 'error' | 'retry' | 'retryAt'> {
  if (!(failure instanceof RealtimeError)) return { error: 'Sending failed; try again.', retry: true };
  if (failure.code === 'rate_limited') return { error: 'Sending too fast.', retry: true, retryAt: Date.now() + (failure.retryAfterMs ?? 1000) };
  // A refused field's own message ("a message has at most 2000 characters") says it without the protocol's words.
  return { error: failure.issues[0]?.message ?? failure.message, retry: RETRYABLE.has(failure.code) };
}

/**
 * One room's live state for a page: joins on every (re)connection, merges
 * history, live messages and — after a reconnect — everything after the last
 * seq it had (`message.catchup`), so nothing is missed or shown twice. Sends
 * with pending → sent/failed states, pages back with "load older", and keeps
 * the member list and who is typing. `displayName` null means "not ready to
 * join" (a guest who has not chosen a name yet); undefined means logged in.
 */
export function useChatRoom(room: string, initial: { messages: ChatMessage[]; hasOlder: boolean }, displayName: string | null | undefined) {
  const emit = useRealtimeEmit('/chat');
  const [messages, setMessages] = useState<ChatMessage[]>(initial.messages);
  const [hasOlder, setHasOlder] = useState(initial.hasOlder);
  const [outgoing, setOutgoing] = useState<OutgoingMessage[]>([]);
  const [people, setPeople] = useState<RoomPeople>(NO_PEOPLE);
  const [self, setSelf] = useState<ChatSelf | null>(null);
  const [joinError, setJoinError] = useState<RealtimeError | null>(null);
  // The clientIds this tab sent: their stored copies say "Sent".
  const [mine, setMine] = useState<ReadonlySet<string>>(() => new Set());
  const [typing, setTyping] = useState<Record<string, { name: string; until: number }>>({});
  const newest = useRef<string | null>(lastSeq(initial.messages));
  const lastTypingSent = useRef(0);
  const resyncing = useRef(false);
  const gapTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  // Changes are applied to the latest list as they arrive (a ref: state updaters run later), then shown.
  const peopleNow = useRef<RoomPeople>(NO_PEOPLE);
  const showPeople = useCallback((next: RoomPeople) => {
    peopleNow.current = next;
    setPeople(next);
  }, []);

  const merge = useCallback((incoming: ChatMessage[]) => {
    setMessages((list) => {
      const next = mergeMessages(list, incoming);
      newest.current = lastSeq(next);
      return next;
    });
    const confirmed = new Set(incoming.map((m) => m.clientId).filter(Boolean));
    if (confirmed.size > 0) setOutgoing((list) => list.filter((o) => !confirmed.has(o.clientId)));
  }, []);

  // Join on every (re)connection: a new connection is in no room until it joins.
  const status = useWhenConnected(
    '/chat',
    async (isCurrent) => {
      if (displayName === null) return;
      const known = newest.current;
      try {
        const reply = await emit('room.join', { room, ...(displayName ? { displayName, visitor: storedVisitor() } : {}) });
        if (!isCurrent()) return;
        if (reply.you.visitor) localStorage.setItem(VISITOR_KEY, reply.you.visitor);
        setSelf({ id: reply.you.id, name: reply.you.name, verified: reply.you.verified });
        // A fresh join replaces what this page knew (the room's version may have started again).
        showPeople(applySnapshot(NO_PEOPLE, reply.presence));
        setJoinError(null);
        merge(reply.history);
        setHasOlder((older) => (known === null ? reply.hasOlder : older));
        // Catch up on everything after what this page had before the (re)join.
        for (let after = known; after !== null; ) {
          const page = await emit('message.catchup', { room, after });
          if (!isCurrent()) return;
          merge(page.messages);
          after = page.hasMore ? lastSeq(page.messages) : null;
        }
      } catch (failure) {
        if (isCurrent()) setJoinError(failure instanceof RealtimeError ? failure : new RealtimeError('internal', 'Could not join the room.'));
      }
    },
    [emit, room, displayName, merge, showPeople],
  );

  // Leave when the page goes away (client-side navigation keeps the socket).
  useEffect(() => () => void emit('room.leave', { room }).catch(() => {}), [emit, room]);

  useGroupEvent('/chat', 'chat.message', (message) => {
    if (message.room === room) merge([message]);
  });
  // Presence arrives as versioned batches; a version still missing after a short wait is repaired with a snapshot.
  const resync = useCallback(() => {
    if (resyncing.current) return;
    resyncing.current = true;
    emit('presence.list', { room })
      .then((snapshot) => showPeople(applySnapshot(peopleNow.current, snapshot)))
      .catch(() => {})
      .finally(() => {
        resyncing.current = false;
      });
  }, [emit, room, showPeople]);
  useEffect(
    () => () => {
      if (gapTimer.current) clearTimeout(gapTimer.current);
    },
    [],
  );
  useGroupEvent('/chat', 'presence.changed', (event) => {
    if (event.room !== room) return;
    const { people: next, need } = applyPresenceChanged(peopleNow.current, event);
    showPeople(next);
    if (need === 'snapshot') resync();
    if (need === 'wait' && !gapTimer.current) {
      gapTimer.current = setTimeout(() => {
        gapTimer.current = null;
        if (peopleNow.current.held.length > 0) resync();
      }, GAP_WAIT_MS);
    }
  });
  useGroupEvent('/chat', 'typing.started', ({ room: where, member }) => {
    if (where !== room || member.id === self?.id) return;
    setTyping((now) => ({ ...now, [member.id]: { name: member.name, until: Date.now() + TYPING_SHOWN_MS } }));
    setTimeout(() => setTyping((now) => Object.fromEntries(Object.entries(now).filter(([, t]) => t.until > Date.now()))), TYPING_SHOWN_MS + 50);
  });

  const deliver = useCallback(
    async (clientId: string, body: string) => {
      try {
        const { id, seq, at } = await emit('message.send', { room, body, clientId });
        merge([{ room, id, seq, at, body: body.trim(), clientId, author: self?.name ?? '', verified: self?.verified ?? false }]);
      } catch (failure) {
        setOutgoing((list) => list.map((o) => (o.clientId === clientId ? { ...o, state: 'failed', ...whyNotSent(failure) } : o)));
      }
    },
    [emit, merge, room, self],
  );

  const send = useCallback(
    async (body: string) => {
      const clientId = newClientId();
      setMine((ids) => new Set(ids).add(clientId));
      setOutgoing((list) => [...list, { clientId, body, state: 'pending' }]);
      await deliver(clientId, body);
    },
    [deliver],
  );

  /** Sends a failed message again under its clientId: if the first attempt was stored after all, the server answers with it. */
  const retry = useCallback(
    async (clientId: string) => {
      const message = outgoing.find((o) => o.clientId === clientId);
      if (!message) return;
      setOutgoing((list) => list.map((o) => (o.clientId === clientId ? { clientId, body: o.body, state: 'pending' } : o)));
      await deliver(clientId, message.body);
    },
    [deliver, outgoing],
  );

  const dismiss = useCallback((clientId: string) => setOutgoing((list) => list.filter((o) => o.clientId !== clientId)), []);

  const loadOlder = useCallback(async () => {
    const oldest = messages[0]?.seq;
    if (!oldest) return;
    const page = await emit('message.history', { room, before: oldest });
    merge(page.messages);
    setHasOlder(page.hasOlder);
  }, [emit, merge, messages, room]);

  const typed = useCallback(() => {
    const now = Date.now();
    if (!self || now - lastTypingSent.current < TYPING_SEND_EVERY_MS) return;
    lastTypingSent.current = now;
    void emit('typing.start', { room }).catch(() => {});
  }, [emit, room, self]);

  const typingNames = Object.values(typing).map((t) => t.name);
  return { status, messages, hasOlder, outgoing, mine, people, self, joinError, typingNames, send, retry, dismiss, loadOlder, typed, refreshPeople: resync };
}
