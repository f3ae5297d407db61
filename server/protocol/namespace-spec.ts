import type { z } from 'zod';

/** Client → server event: its payload schema and the schema of the data its ack carries. */
export type ClientEventSpec = { payload: z.ZodType; reply: z.ZodType };

/** One namespace's event maps: what clients may send, what the server may emit. */
export type NamespaceSpec = {
  client: Record<string, ClientEventSpec>;
  server: Record<string, z.ZodType>;
};

/** A Socket.IO namespace name: `/` followed by lowercase words. */
export type NamespaceName = `/${string}`;

/** A feature's protocol: its namespace and that namespace's event maps. */
export type FeatureProtocol<N extends NamespaceName = NamespaceName> = NamespaceSpec & { readonly namespace: N };

/**
 * Defines the protocol of a feature's namespace: the single definition of its
 * event names and payloads, shared by its consumer, the channel layer, other
 * processes and clients (it is registered with the feature, see
 * server/registry/define-app.ts).
 *
 * @example
 * export const pollProtocol = defineProtocol('/poll', {
 *   client: { 'poll.vote': { payload: z.object({ pollId: z.string(), option: z.number() }).strict(), reply: z.object({}) } },
 *   server: { 'poll.tallied': z.object({ pollId: z.string(), tallies: z.array(z.number()) }) },
 * });
 */
export function defineProtocol<const N extends NamespaceName, const C extends Record<string, ClientEventSpec>, const S extends Record<string, z.ZodType>>(
  namespace: N,
  spec: { client: C; server: S },
): { readonly namespace: N; readonly client: C; readonly server: S } {
  if (!/^\/[a-z][a-z0-9-]*$/.test(namespace)) throw new Error(`namespace "${namespace}" must be "/" followed by lowercase letters, digits and "-"`);
  return { namespace, client: spec.client, server: spec.server };
}
