/**
 * What a browser tab remembers about its reply channel: the signed token that
 * proves it owns the channel, and per namespace the last sequence number it
 * has delivered. Kept in sessionStorage, so a reload or a reconnect of the same
 * tab resumes the same channel ("a reply channel belongs to a client, not a
 * socket") while another tab, or another browser, gets its own.
 */
export type ReplyStateStore = {
  /** The token to present in the handshake, or null before the server assigned one. */
  readonly token: string | null;
  /** The reply channel the token proves, or null before the server assigned one. */
  readonly replyChannel: string | null;
  /**
   * Remembers the channel the server assigned. Returns true when it is a
   * different channel from the one remembered: its sequence numbers start
   * over, so every namespace's counter is reset to 0.
   */
  assign(token: string, replyChannel: string): boolean;
  /** Last delivered sequence number of a namespace (0 when none). */
  lastSeq(namespace: string): number;
  /** Records a delivered sequence number; written through to storage at once, so a reload never replays it. */
  setLastSeq(namespace: string, seq: number): void;
  /** The epoch of the namespace's sequence (it changes when the server's counter starts over), or null. */
  epoch(namespace: string): string | null;
  /** Records the epoch the server announced. */
  setEpoch(namespace: string, epoch: string): void;
};

type Stored = { token: string; replyChannel: string; lastSeq: Record<string, number>; epochs: Record<string, string> };

/** The sessionStorage key; one per origin and tab. */
export const REPLY_STATE_KEY = 'switchyard.reply';

/**
 * Creates the store on `storage` (sessionStorage by default). When storage is
 * unavailable (disabled cookies, some private modes) it works in memory, so
 * the reply channel lasts as long as the page instead.
 */
export function createReplyStateStore(storage: Storage | null = defaultStorage(), key = REPLY_STATE_KEY): ReplyStateStore {
  let state: Stored | null = parse(read(storage, key));

  const save = () => {
    if (!storage || !state) return;
    try {
      storage.setItem(key, JSON.stringify(state));
    } catch {
      // Quota or privacy settings: keep going in memory.
    }
  };

  return {
    get token() {
      return state?.token ?? null;
    },
    get replyChannel() {
      return state?.replyChannel ?? null;
    },
    assign(token, replyChannel) {
      const changed = state?.replyChannel !== replyChannel;
      state = {
        token,
        replyChannel,
        lastSeq: changed ? {} : (state?.lastSeq ?? {}),
        epochs: changed ? {} : (state?.epochs ?? {}),
      };
      save();
      return changed;
    },
    lastSeq(namespace) {
      return state?.lastSeq[namespace] ?? 0;
    },
    setLastSeq(namespace, seq) {
      if (!state) return;
      state.lastSeq[namespace] = seq;
      save();
    },
    epoch(namespace) {
      return state?.epochs[namespace] ?? null;
    },
    setEpoch(namespace, epoch) {
      if (!state) return;
      state.epochs[namespace] = epoch;
      save();
    },
  };
}

function defaultStorage(): Storage | null {
  try {
    return typeof window === 'undefined' ? null : window.sessionStorage;
  } catch {
    return null;
  }
}

function read(storage: Storage | null, key: string): string | null {
  try {
    return storage?.getItem(key) ?? null;
  } catch {
    return null;
  }
}

// Storage is user-editable: accept only the exact shape written above.
function parse(text: string | null): Stored | null {
  if (!text) return null;
  try {
    const value = JSON.parse(text) as Partial<Stored> | null;
    if (typeof value?.token !== 'string' || typeof value.replyChannel !== 'string') return null;
    const lastSeq: Record<string, number> = {};
    for (const [namespace, seq] of Object.entries(value.lastSeq ?? {})) {
      if (Number.isSafeInteger(seq) && seq >= 0) lastSeq[namespace] = seq;
    }
    const epochs: Record<string, string> = {};
    for (const [namespace, epoch] of Object.entries(value.epochs ?? {})) {
      if (typeof epoch === 'string' && epoch.length <= 64) epochs[namespace] = epoch;
    }
    return { token: value.token, replyChannel: value.replyChannel, lastSeq, epochs };
  } catch {
    return null;
  }
}
