import type { Metadata } from 'next';
import { getCurrentUser } from '../../_server/current-user.ts';
import { PollList } from './_components/poll-list.tsx';
import styles from './poll.module.css';

export const metadata: Metadata = { title: 'Polls' };

/** `/poll`: the newest polls with their tallies, live; staff also get the form to ask a new one. */
export default async function PollsPage() {
  const user = await getCurrentUser();
  return (
    <section className={styles.polls}>
      <h1>Polls</h1>
      <p className="muted">Vote once in any poll; everyone watching sees the results change as votes come in.</p>
      <PollList canCreate={user?.isStaff ?? false} />
    </section>
  );
}
