import { describe, expect, it } from 'vitest';
import { applyPeopleChange, applySnapshot, NO_PEOPLE } from './room-people.ts';
import type { RoomPeople } from './room-people.ts';

const ann = { id: 'v:ann', name: 'ann', verified: false };
const bob = { id: 'u:bob', name: 'bob', verified: true };
const cid = { id: 'v:cid', name: 'cid', verified: false };
const start: RoomPeople = { members: [ann], count: 1, version: 4 };

/** A page's member list follows the server's versioned deltas, and asks for a snapshot when it missed one. */
describe('room people', () => {
  it('applies the next version: arrivals sorted by name, leaves removed, renames replace, the count is the server’s', () => {
    const joined = applyPeopleChange(start, { kind: 'joined', member: bob, count: 2, version: 5 }, 10);
    expect(joined).toEqual({ members: [ann, bob], count: 2, version: 5 });
    const renamed = applyPeopleChange(joined as RoomPeople, { kind: 'renamed', member: { ...ann, name: 'zed' }, count: 2, version: 6 }, 10);
    expect(renamed).toEqual({ members: [bob, { ...ann, name: 'zed' }], count: 2, version: 6 });
    const left = applyPeopleChange(renamed as RoomPeople, { kind: 'left', member: bob, count: 1, version: 7 }, 10);
    expect(left).toEqual({ members: [{ ...ann, name: 'zed' }], count: 1, version: 7 });
  });

  it('ignores a change it already has and reports a gap when one is missing', () => {
    expect(applyPeopleChange(start, { kind: 'joined', member: ann, count: 1, version: 4 }, 10)).toBe(start);
    expect(applyPeopleChange(start, { kind: 'joined', member: cid, count: 3, version: 6 }, 10)).toBe('gap');
  });

  it('keeps the list at listMax in a big room while the count grows', () => {
    const full = applyPeopleChange(start, { kind: 'joined', member: cid, count: 900, version: 5 }, 1);
    expect(full).toEqual({ members: [ann], count: 900, version: 5 });
  });

  it('takes a snapshot unless a newer change came first', () => {
    const snapshot = { members: [cid, ann], count: 2, version: 9 };
    expect(applySnapshot(NO_PEOPLE, snapshot)).toEqual({ members: [ann, cid], count: 2, version: 9 });
    expect(applySnapshot({ ...start, version: 10 }, snapshot)).toEqual({ ...start, version: 10 });
  });
});
