import type { ErrorCode } from '../server/protocol/errors.ts';
import { systemClientEvents } from '../server/protocol/events.ts';
import type { ClientEventSpec, Namespace } from '../server/protocol/events.ts';
import { app } from '../server/features/index.ts';

/** The spec of client event `event` in `namespace` (its own events and the framework's), or undefined. */
export function clientEventSpec(namespace: Namespace, event: unknown): ClientEventSpec | undefined {
  if (typeof event !== 'string') return undefined;
  const specs: Record<string, ClientEventSpec> = { ...app.index.clientEvents(namespace), ...systemClientEvents };
  return Object.hasOwn(specs, event) ? specs[event] : undefined;
}

/**
 * The test oracle: what docs/protocol.md says the interface server answers
 * to a packet (`data` = `[event, ...args]` as the server decodes it) before
 * any handler runs — `unknown_event` for a name the namespace does not have,
 * `invalid_input` for more than one payload, binary data, or a payload that
 * fails its schema, `payload_too_large` past `MAX_MESSAGE_BYTES` — or null
 * when the event is well-formed and its handler decides.
 */
export function expectedRejection(namespace: Namespace, data: readonly unknown[], maxMessageBytes: number): ErrorCode | null {
  const [event, ...args] = data;
  const spec = clientEventSpec(namespace, event);
  if (!spec) return 'unknown_event';
  if (args.length > 1) return 'invalid_input';
  // A missing payload is an empty object: `socket.emit('session.describe')` is fine.
  const payload = args[0] ?? {};
  if (ArrayBuffer.isView(payload) || payload instanceof ArrayBuffer) return 'invalid_input';
  const json = jsonOf(payload);
  if (json === undefined) return 'invalid_input';
  if (Buffer.byteLength(json) > maxMessageBytes) return 'payload_too_large';
  return spec.payload.safeParse(payload).success ? null : 'invalid_input';
}

/** JSON text of a value, or undefined when it is nested too deeply to encode. */
function jsonOf(value: unknown): string | undefined {
  try {
    return JSON.stringify(value) ?? '';
  } catch {
    return undefined;
  }
}
