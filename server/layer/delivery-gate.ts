import type { Adapter } from 'socket.io-adapter';
import type { Namespace } from 'socket.io';

/** An adapter factory (`createShardedAdapter(...)`): its adapters are socket.io-adapter ClusterAdapters. */
type AdapterFactory = (namespace: Namespace) => Adapter;
// ClusterAdapter's (protected) entry point for every message from the other servers and publishers.
type Receiving = { onMessage(message: unknown, offset?: string): unknown };

/**
 * Holds back what an interface server's adapter receives from the other
 * servers and publishers while its subscription is known to have missed
 * messages: a client that got a later message live would move its resume
 * cursor past the ones it missed. Messages dropped meanwhile reach the
 * clients by the catch-up they make once the server closes them
 * (redis-recovery.ts closes them, then resumes delivery).
 */
export type DeliveryGate = {
  suspend(): void;
  resume(): void;
  /** Wraps an adapter factory so that its adapters drop incoming messages while suspended. */
  gated<F extends AdapterFactory>(factory: F): F;
};

export function createDeliveryGate(): DeliveryGate {
  let suspended = false;
  return {
    suspend: () => void (suspended = true),
    resume: () => void (suspended = false),
    gated<F extends AdapterFactory>(factory: F): F {
      // Socket.IO calls the factory with `new`: a function (not an arrow) that returns the adapter.
      return function gatedAdapter(namespace: Namespace) {
        const adapter = factory(namespace);
        const receiving = adapter as unknown as Receiving;
        const deliver = receiving.onMessage.bind(adapter);
        receiving.onMessage = (message, offset) => (suspended ? undefined : deliver(message, offset));
        return adapter;
      } as F;
    },
  };
}
