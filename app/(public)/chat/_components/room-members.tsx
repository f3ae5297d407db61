import styles from '../chat.module.css';
import type { RoomPeople } from './room-people.ts';
import type { ChatSelf } from './use-chat-room.ts';
import { WhoBadge } from './who-badge.tsx';

/**
 * Who is in the room: signed-in people marked apart from guests, "(you)"; in
 * a room bigger than a member list, the live count with some names and a
 * refresh.
 */
export function RoomMembers({ id, people, self, onRefresh }: { id: string; people: RoomPeople; self: ChatSelf | null; onRefresh(): void }) {
  return (
    <aside id={id} className={`card ${styles.people}`} aria-labelledby={`${id}-heading`} data-testid="members-panel">
      <h2 id={`${id}-heading`} className={styles.peopleHeading}>
        Here now (<span data-testid="member-count">{people.count}</span>)
      </h2>
      <ul className={styles.members} data-testid="members">
        {people.members.map((m) => (
          <li key={m.id} data-testid="member" data-verified={m.verified}>
            {m.name}
            <WhoBadge verified={m.verified} />
            {m.id === self?.id && <span className="muted"> (you)</span>}
          </li>
        ))}
      </ul>
      {!people.all && (
        <p className="muted" data-testid="members-more">
          {people.count > people.members.length && `and ${people.count - people.members.length} more. `}
          In a room this big only the count is live; the names are as of when you joined or refreshed.{' '}
          <button type="button" className="link-button" data-testid="members-refresh" onClick={onRefresh}>
            Refresh names
          </button>
        </p>
      )}
    </aside>
  );
}
