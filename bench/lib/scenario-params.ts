import type { ClientKind } from './clients.ts';

/** How one scenario is run; the same for Switchyard and the bare server. */
export type ScenarioParams = {
  clients: number;
  client: ClientKind;
  broadcasts: number;
  intervalMs: number;
  generators: number;
  /** Connection attempts in flight per generator. */
  concurrency: number;
  /** Quiet time before memory is read, in ms. */
  settleMs: number;
  /** Where generators and the publisher write CPU profiles, or undefined for none. */
  profileDir: string | undefined;
};
