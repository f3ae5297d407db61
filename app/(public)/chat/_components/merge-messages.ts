import type { ChatMessage } from '../../../../server/features/chat/chat-protocol.ts';

const bySeq = (a: ChatMessage, b: ChatMessage) => {
  const [x, y] = [BigInt(a.seq), BigInt(b.seq)];
  return x < y ? -1 : x > y ? 1 : 0;
};

/**
 * Merges messages into a room's list: one entry per id, ordered by seq (the
 * room's commit order), whichever way each arrived (history, live, ack,
 * catch-up, a resend's second broadcast). A later copy of an id replaces the
 * earlier one.
 */
export function mergeMessages(list: readonly ChatMessage[], incoming: readonly ChatMessage[]): ChatMessage[] {
  if (incoming.length === 0) return list as ChatMessage[];
  const merged = new Map(list.map((m) => [m.id, m]));
  for (const message of incoming) merged.set(message.id, { ...message, clientId: message.clientId ?? merged.get(message.id)?.clientId ?? null });
  return [...merged.values()].sort(bySeq);
}

/** The newest seq in a list merged by `mergeMessages` (where catch-up resumes), or null when it is empty. */
export function lastSeq(list: readonly ChatMessage[]): string | null {
  return list.length > 0 ? (list[list.length - 1] as ChatMessage).seq : null;
}
