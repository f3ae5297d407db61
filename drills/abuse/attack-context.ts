/** What every attack of the abuse drill gets: where the server is, who attacks, and a way to count rows. */
export type AttackContext = {
  /** The interface server's URL. */
  readonly url: string;
  /** The attacker's loopback address (see addressed-client.ts). */
  readonly attacker: string;
  /** Runs a `SELECT count(*) …` on the stack's database. */
  count(sql: string): Promise<number>;
  /** Progress on stderr. */
  log(line: string): void;
};
