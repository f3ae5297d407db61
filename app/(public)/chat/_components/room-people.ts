import type { ChatMember, PresenceChanged, PresenceDelta } from '../../../../server/features/chat/chat-protocol.ts';

/**
 * What a page knows of a room's people. `all`: `members` is the whole room,
 * kept live by changes, at `version`. Otherwise the room is bigger than a
 * member list: `members` is some of them as of the last snapshot, and only
 * `count` is live. `held`: changes after a missing version (another server's
 * event is on its way), applied once it arrives.
 */
export type RoomPeople = { members: ChatMember[]; count: number; version: number; all: boolean; held: PresenceDelta[] };

/** What the page should do next: nothing; wait briefly for a missing version, then ask for a snapshot; or ask now. */
export type PeopleNeed = 'nothing' | 'wait' | 'snapshot';

/** A snapshot as `room.join` and `presence.list` answer it. */
export type PeopleSnapshot = { members: ChatMember[]; count: number; version: number };

/** No people known yet (before the join's snapshot). */
export const NO_PEOPLE: RoomPeople = { members: [], count: 0, version: 0, all: true, held: [] };

/** Changes held at most while waiting for a missing one; past it, a snapshot is cheaper. */
const HELD_MAX = 500;

const byName = (a: ChatMember, b: ChatMember) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id);

const applyDelta = (members: ChatMember[], { kind, member }: PresenceDelta) => {
  const others = members.filter((m) => m.id !== member.id);
  return kind === 'left' ? others : [...others, member];
};

/** Applies the held changes that follow `version` without a gap; says whether a gap is left. */
function settle(people: RoomPeople): { people: RoomPeople; need: PeopleNeed } {
  const held = people.held.filter((d) => d.version > people.version).sort((a, b) => a.version - b.version);
  let { members, version } = people;
  while (held[0]?.version === version + 1) {
    members = applyDelta(members, held.shift() as PresenceDelta);
    version += 1;
  }
  const next = { ...people, members: members === people.members ? members : [...members].sort(byName), count: members.length, version, held };
  return { people: next, need: held.length > 0 ? 'wait' : 'nothing' };
}

/**
 * Applies one `presence.changed`. Changes are applied in version order;
 * older ones are ignored; after a gap they are held (`wait`). A whole list
 * replaces what was known unless it is older. A count alone means the room
 * outgrew a member list: the count is kept, the names stay as they were.
 * Changes while only some names are known mean the room is small again:
 * ask for the whole list (`snapshot`).
 */
export function applyPresenceChanged(people: RoomPeople, event: PresenceChanged): { people: RoomPeople; need: PeopleNeed } {
  if (event.members) {
    if (people.all && event.version < people.version) return { people, need: people.held.length > 0 ? 'wait' : 'nothing' };
    return settle({ members: [...event.members].sort(byName), count: event.members.length, version: event.version, all: true, held: people.held });
  }
  if (!event.changes) {
    if (event.version <= people.version) return { people, need: 'nothing' };
    return { people: { ...people, count: event.count, version: event.version, all: false, held: [] }, need: 'nothing' };
  }
  const held = [...people.held, ...event.changes.filter((d) => d.version > people.version)];
  if (!people.all || held.length > HELD_MAX) return { people: { ...people, held: people.all ? [] : held.slice(-HELD_MAX) }, need: 'snapshot' };
  return settle({ ...people, held });
}

/**
 * Applies a snapshot: it replaces what was known unless it is older than a
 * whole list already held; held changes that follow it are applied and the
 * rest dropped (a later gap asks again), so a snapshot never leaves a wait.
 */
export function applySnapshot(people: RoomPeople, snapshot: PeopleSnapshot): RoomPeople {
  if (people.all && snapshot.version < people.version) return people;
  const members = [...snapshot.members].sort(byName);
  if (members.length < snapshot.count) {
    const newer = people.version > snapshot.version;
    return { members, count: newer ? people.count : snapshot.count, version: Math.max(people.version, snapshot.version), all: false, held: [] };
  }
  const settled = settle({ members, count: members.length, version: snapshot.version, all: true, held: people.held }).people;
  return { ...settled, held: [] };
}
