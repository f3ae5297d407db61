import type { ModelHook } from '../../prisma/model-hooks/index.ts';
import { kitProtocol } from '../protocol/kit-protocol.ts';
import type { KitProtocol } from '../protocol/kit-protocol.ts';
import type { NamespaceSpec } from '../protocol/namespace-spec.ts';
import { indexProtocol } from '../protocol/protocol-index.ts';
import type { ProtocolIndex } from '../protocol/protocol-index.ts';
import type { Feature } from './feature.ts';
import { httpApi as kitHttpApi } from '../protocol/http-api.ts';
import type { HttpRouteSpec } from '../protocol/http-api.ts';

/** The protocol of an application: the kit's namespace `/` and one namespace per feature. */
export type AppProtocol<F extends readonly Feature[]> = KitProtocol & {
  [P in F[number]['protocol'] as P['namespace']]: { client: P['client']; server: P['server'] };
};

/** An application: its features and what the kit derives from them. */
export type App<F extends readonly Feature[] = readonly Feature[]> = {
  readonly features: F;
  /** Namespace → event maps, the kit's and every feature's. */
  readonly protocol: AppProtocol<F>;
  /** The protocol at run time, for validation and lookups. */
  readonly index: ProtocolIndex;
  /** Every namespace, `/` first. */
  readonly namespaces: readonly (keyof AppProtocol<F> & string)[];
  /** The HTTP routes clients use: the kit's and every feature's. */
  readonly httpApi: Readonly<Record<string, HttpRouteSpec>>;
  /** Every feature's model hooks, for createPrismaClient. */
  readonly hooks: readonly ModelHook<never>[];
};

/**
 * Defines the application: the one list of its features. Every process reads
 * it — interface servers (routing, HTTP routes), the Prisma client (hooks),
 * the channel layer (event validation), workers and the CLI — and it
 * registers the protocol's type for the client (server/protocol/register.ts).
 *
 * @example
 * export const app = defineApp({ features: [liveblog, chat, jobs, poll] });
 */
export function defineApp<const F extends readonly Feature[]>({ features }: { features: F }): App<F> {
  const names = new Set<string>();
  const protocol: Record<string, NamespaceSpec> = { ...kitProtocol };
  for (const feature of features) {
    if (names.has(feature.name)) throw new Error(`two features are named "${feature.name}"; feature names must be unique`);
    names.add(feature.name);
    const { namespace, client, server } = feature.protocol;
    if (namespace in protocol) throw new Error(`feature "${feature.name}" uses namespace ${namespace}, which is already taken`);
    protocol[namespace] = { client, server };
  }
  return {
    features,
    protocol: protocol as unknown as AppProtocol<F>,
    index: indexProtocol(protocol),
    namespaces: Object.keys(protocol) as (keyof AppProtocol<F> & string)[],
    httpApi: Object.assign({}, kitHttpApi, ...features.map((feature) => feature.httpApi ?? {})),
    hooks: features.flatMap((feature) => feature.hooks ?? []),
  };
}
