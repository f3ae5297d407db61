import type { Metadata } from 'next';
import Link from 'next/link';
import { getCurrentUser } from '../../../_server/current-user.ts';
import { roomNameSchema } from '../../../../server/features/chat/chat-protocol.ts';
import { ChatRoom } from '../_components/chat-room.tsx';
import { roomHistory } from '../_server/room-history.ts';
import styles from '../chat.module.css';

type Params = { params: Promise<{ room: string }> };

const decoded = (raw: string) => {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
};

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const room = roomNameSchema.safeParse(decoded((await params).room));
  return { title: room.success ? `#${room.data}` : 'Invalid room name' };
}

/**
 * `/chat/<room>`: validates the name (an invalid one gets a page saying why),
 * renders the last 50 messages on the server, and hands over to the live room
 * (which has the room's heading and the way back to the lobby).
 */
export default async function ChatRoomPage({ params }: Params) {
  const raw = decoded((await params).room);
  const room = roomNameSchema.safeParse(raw);
  if (!room.success) {
    return (
      <section className={styles.chat}>
        <h1>Invalid room name</h1>
        <p role="alert" data-testid="room-name-error">
          “{raw.slice(0, 100)}” is not a room name: {room.error.issues[0]?.message}.
        </p>
        <p>
          <Link href="/chat">Back to the lobby</Link>
        </p>
      </section>
    );
  }
  const [user, history] = await Promise.all([getCurrentUser(), roomHistory(room.data)]);
  return (
    <section className={styles.chat}>
      <ChatRoom key={room.data} room={room.data} username={user?.username ?? null} initial={history} />
    </section>
  );
}
