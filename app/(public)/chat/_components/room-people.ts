import type { ChatMember } from '../../../../server/protocol/index.ts';

/** What a page knows of a room's people: some members (all, in a small room), the count, and the version it is at. */
export type RoomPeople = { members: ChatMember[]; count: number; version: number };

/** A presence change as the server sends it. */
export type PeopleChange = { kind: 'joined' | 'left' | 'renamed'; member: ChatMember; count: number; version: number };

/** No people known yet (before the join's snapshot). */
export const NO_PEOPLE: RoomPeople = { members: [], count: 0, version: 0 };

const byName = (a: ChatMember, b: ChatMember) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id);

/**
 * Applies one change. A change at or below the known version is old (already
 * in a snapshot) and ignored; one right after it is applied; one further on
 * means a change was missed (lost, or overtaken by another server's), so the
 * answer is `gap`: ask for a snapshot (`presence.list`). Only people already
 * listed, or arrivals while the list is short of `listMax`, are listed; the
 * count is always the server's.
 */
export function applyPeopleChange(people: RoomPeople, change: PeopleChange, listMax: number): RoomPeople | 'gap' {
  if (change.version <= people.version) return people;
  if (change.version > people.version + 1) return 'gap';
  const others = people.members.filter((m) => m.id !== change.member.id);
  const listed = others.length < people.members.length;
  const keep = change.kind !== 'left' && (listed || others.length < listMax);
  const members = keep ? [...others, change.member].sort(byName) : others;
  return { members, count: change.count, version: change.version };
}

/** A snapshot replaces what was known unless it is older (a change arrived first). */
export function applySnapshot(people: RoomPeople, snapshot: RoomPeople): RoomPeople {
  return snapshot.version < people.version ? people : { ...snapshot, members: [...snapshot.members].sort(byName) };
}
