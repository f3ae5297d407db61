import type { ReplyMessage } from '../server/protocol/index.ts';

/** What a reply sequencer needs from the connection it serves. */
export type ReplySequencerOptions = {
  /** The last sequence number already delivered (remembered across reloads). */
  lastSeq: number;
  /** Hands one message to the listeners; called in sequence order, at most once per seq. */
  deliver(message: ReplyMessage): void;
  /** Records the new last delivered seq; called before `deliver`, so a throwing listener never causes a redelivery. */
  advance(seq: number): void;
  /** Asks the server for its buffered messages with seq > `after` (`reply.fetch`). */
  fetchAfter(after: number): Promise<ReplyMessage[]>;
  /** Called when fetching a gap fails; the sequencer retries, then gives the gap up. */
  onFetchError?(error: unknown, attempt: number): void;
  /** Fetch attempts before the held messages are delivered without the gap. Default 3. */
  maxFetchAttempts?: number;
  /** Pause before the first retry of a failed fetch, in ms; doubles per attempt. Default 500. */
  retryDelayMs?: number;
};

/** Puts a reply channel's numbered messages in order. See `createReplySequencer`. */
export type ReplySequencer = {
  /** Takes one `reply.message` as it arrived on the socket (live or replayed). */
  receive(message: ReplyMessage): void;
  /** The last delivered sequence number. */
  readonly lastSeq: number;
  /** How many messages wait for a gap before them to be filled. */
  readonly held: number;
  /** Starts over at `lastSeq` (the client was given another reply channel); pending work is dropped. */
  reset(lastSeq?: number): void;
  /** Cancels a scheduled retry. */
  dispose(): void;
};

/**
 * Delivers a reply channel's messages exactly once and in order:
 * - seq <= last delivered: a duplicate (a replay after reconnect, or a fetched
 *   copy of a live message): dropped;
 * - seq = last + 1: delivered, then any held messages that now follow on;
 * - seq > last + 1: a gap. The message is held and the missing ones are asked
 *   for with `reply.fetch { after: last }`; the answer and the held messages
 *   are then delivered together in seq order, each once.
 *
 * The server numbers a message before publishing it, so a fetch returns every
 * message up to the newest one held when it was made, if still buffered; a gap
 * below that one that remains after the fetch has expired from the server's
 * buffer and is skipped. Messages held while a fetch was in flight (several
 * processes publishing to one channel can publish out of seq order) get a
 * fetch of their own.
 */
export function createReplySequencer(options: ReplySequencerOptions): ReplySequencer {
  const maxAttempts = options.maxFetchAttempts ?? 3;
  const retryDelayMs = options.retryDelayMs ?? 500;
  let last = options.lastSeq;
  const held = new Map<number, ReplyMessage>();
  let fetching = false;
  let generation = 0;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;

  const deliverOne = (message: ReplyMessage) => {
    last = message.seq;
    options.advance(message.seq);
    options.deliver(message);
  };

  const deliverFollowing = () => {
    for (let next = held.get(last + 1); next; next = held.get(last + 1)) {
      held.delete(next.seq);
      deliverOne(next);
    }
  };

  /** Delivers, in order, every held message up to `upTo`, skipping the gaps before them; then what follows on. */
  const deliverHeldUpTo = (upTo: number) => {
    const ordered = [...held.values()].filter((m) => m.seq <= upTo).sort((a, b) => a.seq - b.seq);
    for (const message of ordered) {
      held.delete(message.seq);
      if (message.seq > last) deliverOne(message);
    }
    deliverFollowing();
  };

  const fill = async (attempt: number) => {
    const current = generation;
    // The newest message held now: the server numbered every message before it
    // earlier, so after this fetch a gap below it can only be one the buffer lost.
    const upTo = Math.max(...held.keys());
    fetching = true;
    try {
      const fetched = await options.fetchAfter(last);
      if (current !== generation) return;
      for (const message of fetched) if (message.seq > last && !held.has(message.seq)) held.set(message.seq, message);
      deliverHeldUpTo(upTo);
      fetching = false;
      // Messages held while fetching may sit behind a gap that opened after the fetch was made.
      if (held.size > 0) void fill(1);
    } catch (error) {
      if (current !== generation) return;
      options.onFetchError?.(error, attempt);
      fetching = false;
      // A reconnect's replay may fill the gap meanwhile: then there is nothing left to fetch.
      if (held.size === 0) return;
      if (attempt >= maxAttempts) return deliverHeldUpTo(Infinity);
      fetching = true;
      retryTimer = setTimeout(() => {
        retryTimer = undefined;
        fetching = false;
        if (current === generation && held.size > 0) void fill(attempt + 1);
      }, retryDelayMs * 2 ** (attempt - 1));
    }
  };

  return {
    receive(message) {
      if (message.seq <= last || held.has(message.seq)) return;
      if (message.seq === last + 1) {
        deliverOne(message);
        deliverFollowing();
        return;
      }
      held.set(message.seq, message);
      if (!fetching) void fill(1);
    },
    get lastSeq() {
      return last;
    },
    get held() {
      return held.size;
    },
    reset(lastSeq = 0) {
      generation += 1;
      clearTimeout(retryTimer);
      retryTimer = undefined;
      fetching = false;
      held.clear();
      last = lastSeq;
    },
    dispose() {
      generation += 1;
      clearTimeout(retryTimer);
      retryTimer = undefined;
      fetching = false;
    },
  };
}
