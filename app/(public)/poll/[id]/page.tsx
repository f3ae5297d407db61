import type { Metadata } from 'next';
import { PollView } from '../_components/poll-view.tsx';
import styles from '../poll.module.css';

export const metadata: Metadata = { title: 'Poll' };

/** `/poll/<id>`: one poll, its options as buttons and its results, live. */
export default async function PollPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return (
    <section className={styles.polls}>
      <PollView pollId={id} />
    </section>
  );
}
