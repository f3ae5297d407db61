import { describe, expect, it } from 'vitest';
import { applyPresenceChanged, applySnapshot, NO_PEOPLE } from './room-people.ts';
import type { RoomPeople } from './room-people.ts';

const ann = { id: 'v:ann', name: 'ann', verified: false };
const bob = { id: 'u:bob', name: 'bob', verified: true };
const cid = { id: 'v:cid', name: 'cid', verified: false };
const room = 'general';
const start: RoomPeople = { members: [ann], count: 1, version: 4, all: true, held: [] };

/**
 * A page's member list follows the server's versioned batches (one event per
 * room per window per server): it applies changes in version order, waits for
 * a version another server has not delivered yet, takes whole lists, keeps
 * only the count of a room bigger than a member list, and asks for a
 * snapshot when it needs names it does not have.
 */
describe('room people', () => {
  it('applies a batch in version order: arrivals sorted by name, renames replace, leaves removed; the count is the list’s', () => {
    const changes = [
      { kind: 'joined' as const, member: bob, version: 5 },
      { kind: 'renamed' as const, member: { ...ann, name: 'zed' }, version: 6 },
      { kind: 'joined' as const, member: cid, version: 7 },
      { kind: 'left' as const, member: bob, version: 8 },
    ];
    const { people, need } = applyPresenceChanged(start, { room, count: 2, version: 8, changes });
    expect(need).toBe('nothing');
    expect(people).toEqual({ members: [cid, { ...ann, name: 'zed' }], count: 2, version: 8, all: true, held: [] });
  });

  it('ignores changes it has, holds those after a missing version, and applies them when another server’s batch fills the gap', () => {
    const fromB = applyPresenceChanged(start, { room, count: 3, version: 6, changes: [{ kind: 'joined', member: cid, version: 6 }] });
    expect(fromB.need).toBe('wait');
    expect(fromB.people).toMatchObject({ members: [ann], version: 4, held: [{ version: 6 }] });
    const fromA = applyPresenceChanged(fromB.people, {
      room,
      count: 2,
      version: 5,
      changes: [
        { kind: 'joined', member: ann, version: 4 },
        { kind: 'joined', member: bob, version: 5 },
      ],
    });
    expect(fromA).toEqual({ people: { members: [ann, bob, cid], count: 3, version: 6, all: true, held: [] }, need: 'nothing' });
  });

  it('takes a whole list unless it is older than the one it has', () => {
    const whole = applyPresenceChanged(start, { room, count: 2, version: 9, members: [cid, bob] });
    expect(whole).toEqual({ people: { members: [bob, cid], count: 2, version: 9, all: true, held: [] }, need: 'nothing' });
    expect(applyPresenceChanged(whole.people, { room, count: 1, version: 7, members: [ann] }).people).toBe(whole.people);
  });

  it('keeps only the count of a room that outgrew a member list, and asks for names once changes say it is small again', () => {
    const big = applyPresenceChanged(start, { room, count: 900, version: 20 });
    expect(big).toEqual({ people: { members: [ann], count: 900, version: 20, all: false, held: [] }, need: 'nothing' });
    expect(applyPresenceChanged(big.people, { room, count: 850, version: 19 }).people).toBe(big.people);
    const small = applyPresenceChanged(big.people, { room, count: 2, version: 22, changes: [{ kind: 'left', member: cid, version: 22 }] });
    expect(small.need).toBe('snapshot');
    const listed = applySnapshot(small.people, { members: [ann, bob, cid], count: 3, version: 21 });
    expect(listed).toEqual({ members: [ann, bob], count: 2, version: 22, all: true, held: [] });
  });

  it('takes a snapshot unless a newer whole list came first; a partial one keeps the newer count; none leaves a wait', () => {
    const snapshot = { members: [cid, ann], count: 2, version: 9 };
    expect(applySnapshot(NO_PEOPLE, snapshot)).toEqual({ members: [ann, cid], count: 2, version: 9, all: true, held: [] });
    expect(applySnapshot({ ...start, version: 10 }, snapshot)).toEqual({ ...start, version: 10 });
    const big = { members: [ann], count: 500, version: 30, all: false, held: [] };
    expect(applySnapshot(big, { members: [bob, cid], count: 480, version: 28 })).toEqual({ members: [bob, cid], count: 500, version: 30, all: false, held: [] });
    const waiting = { ...start, held: [{ kind: 'joined' as const, member: cid, version: 12 }] };
    expect(applySnapshot(waiting, { members: [ann, bob], count: 2, version: 10 })).toEqual({ members: [ann, bob], count: 2, version: 10, all: true, held: [] });
  });
});
