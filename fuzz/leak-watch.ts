import type { SocketCommunicator } from '../server/testing/socket-communicator.ts';

/**
 * Watches for messages reaching clients that must not get them. Observers
 * (members of a chat room, a liveblog's readers, the announcements group, a
 * job's owner) must receive nothing while the fuzzers run except the
 * `secret` sent to their own reply channels; fuzzing clients must never
 * receive that secret. Each violation is one leak.
 */
export type LeakWatch = {
  readonly leaks: string[];
  /** Counts every event a fuzzing client receives that carries the observers' secret. */
  guardFuzzer(client: SocketCommunicator, label: string): void;
  /** Counts every event an observer receives while armed, except its own secret. */
  guardObserver(client: SocketCommunicator, label: string): void;
  arm(): void;
  disarm(): void;
  /** Whether the observer received its secret while armed (it was listening all along). */
  heardSecret(label: string): boolean;
};

/** A leak watch for one secret string. */
export function createLeakWatch(secret: string): LeakWatch {
  const leaks: string[] = [];
  const heard = new Set<string>();
  let armed = false;
  return {
    leaks,
    guardFuzzer(client, label) {
      client.socket.onAny((event: string, ...args: unknown[]) => {
        if (JSON.stringify(args).includes(secret)) leaks.push(`${label} received ${event} carrying an observer's secret`);
      });
    },
    guardObserver(client, label) {
      client.socket.onAny((event: string, ...args: unknown[]) => {
        if (!armed) return;
        const json = JSON.stringify(args);
        if (event === 'reply.message' && json.includes(secret)) heard.add(label);
        else leaks.push(`${label} received ${event}: ${json.slice(0, 200)}`);
      });
    },
    arm() {
      armed = true;
    },
    disarm() {
      armed = false;
    },
    heardSecret: (label) => heard.has(label),
  };
}
