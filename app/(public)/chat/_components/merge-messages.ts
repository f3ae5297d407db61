import type { ChatMessage } from '../../../../server/protocol/index.ts';

const byId = (a: ChatMessage, b: ChatMessage) => {
  const [x, y] = [BigInt(a.id), BigInt(b.id)];
  return x < y ? -1 : x > y ? 1 : 0;
};

/**
 * Merges messages into a room's list: one entry per id, ordered by id (the
 * order PostgreSQL assigned), whichever way each arrived (history, live,
 * ack, catch-up). A later copy of an id replaces the earlier one.
 */
export function mergeMessages(list: readonly ChatMessage[], incoming: readonly ChatMessage[]): ChatMessage[] {
  if (incoming.length === 0) return list as ChatMessage[];
  const merged = new Map(list.map((m) => [m.id, m]));
  for (const message of incoming) merged.set(message.id, { ...message, clientId: message.clientId ?? merged.get(message.id)?.clientId ?? null });
  return [...merged.values()].sort(byId);
}

/** The newest id in a list merged by `mergeMessages`, or null when it is empty. */
export function lastId(list: readonly ChatMessage[]): string | null {
  return list.length > 0 ? (list[list.length - 1] as ChatMessage).id : null;
}
