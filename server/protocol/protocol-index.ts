import type { z } from 'zod';
import type { ClientEventSpec, NamespaceSpec } from './namespace-spec.ts';

/** An application's protocol at run time: its namespaces and a lookup of server events. */
export type ProtocolIndex = {
  /** Namespace → event maps. */
  readonly protocol: Readonly<Record<string, NamespaceSpec>>;
  /** Every namespace, `/` first. */
  readonly namespaces: readonly string[];
  /** A server event's namespace and payload schema, or undefined when no namespace defines it. */
  serverEvent(event: string): { namespace: string; schema: z.ZodType } | undefined;
  /** The client events of a namespace (empty for an unknown one). */
  clientEvents(namespace: string): Readonly<Record<string, ClientEventSpec>>;
};

/**
 * Indexes a protocol. Server event names must be unique across namespaces,
 * so an event name alone says which namespace it travels on.
 */
export function indexProtocol(protocol: Readonly<Record<string, NamespaceSpec>>): ProtocolIndex {
  const events = new Map<string, { namespace: string; schema: z.ZodType }>();
  for (const [namespace, spec] of Object.entries(protocol)) {
    for (const [event, schema] of Object.entries(spec.server)) {
      const other = events.get(event);
      if (other) throw new Error(`server event "${event}" is defined in namespaces ${other.namespace} and ${namespace}; event names must be unique`);
      events.set(event, { namespace, schema });
    }
  }
  return {
    protocol,
    namespaces: Object.keys(protocol),
    serverEvent: (event) => events.get(event),
    clientEvents: (namespace) => protocol[namespace]?.client ?? {},
  };
}
