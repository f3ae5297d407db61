import styles from '../chat.module.css';

/** Marks a signed-in person (their name is their username) apart from a guest's chosen display name. */
export function WhoBadge({ verified }: { verified: boolean }) {
  return verified ? (
    <span className={styles.verified} title="Signed in: this is their username" data-testid="signed-in">
      {' '}
      ✓ signed in
    </span>
  ) : (
    <span className={`muted ${styles.guest}`} title="Guest: a display name anyone could choose" data-testid="guest">
      {' '}
      (guest)
    </span>
  );
}
