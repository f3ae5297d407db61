import type { Metadata } from 'next';
import { ChatLobby } from './_components/chat-lobby.tsx';
import styles from './chat.module.css';

export const metadata: Metadata = { title: 'Chat' };

/** `/chat`: the lobby — rooms with people in them right now, and a form to join any room by name. */
export default function ChatLobbyPage() {
  return (
    <section className={styles.chat}>
      <h1>Chat rooms</h1>
      <p className="muted">Join a room by name; everyone in the same room sees each other&apos;s messages live.</p>
      <ChatLobby />
    </section>
  );
}
