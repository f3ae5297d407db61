import type { RedisClient } from '../layer/redis-connection.ts';
import type { Database } from '../../prisma/client.ts';
import type { ModelHook } from '../../prisma/model-hooks/index.ts';
import type { Config } from '../config.ts';
import type { RoutedConsumer } from '../consumers/consumer.ts';
import type { HttpRoute } from '../http/http-route.ts';
import type { InterfaceLayer } from '../layer/channel-layer.ts';
import type { WorkerQueues } from '../layer/worker-queues.ts';
import type { SessionLookup } from '../middleware/session-auth.ts';
import type { FeatureProtocol } from '../protocol/namespace-spec.ts';
import type { HttpRouteSpec } from '../protocol/http-api.ts';
import type { WorkerChannelSpec } from '../protocol/worker-channels.ts';

/** What the kit hands a feature when an interface server starts it. */
export type FeatureKit = {
  readonly config: Config;
  /** The database client, with every registered model hook applied. */
  readonly db: Database;
  /** The Redis of counters every interface server shares (rate limits). */
  readonly redis: RedisClient;
  readonly queues: WorkerQueues;
  /** Resolves a session cookie to its user, and that cookie's name. */
  readonly sessions: { readonly lookup: SessionLookup; readonly cookieName: string };
  /** The interface server's channel layer (callable once the server has started, i.e. from handlers). */
  layer(): InterfaceLayer;
};

/** What a started feature adds to its interface server. */
export type StartedFeature = {
  /** The consumer of the feature's namespace. */
  readonly consumer: RoutedConsumer;
  /** HTTP routes, tried in order after the kit's own. */
  readonly httpRoutes?: readonly HttpRoute[];
  /** Runs during a shutdown once in-flight work finished, while the layer can still send (last broadcasts). */
  beforeLayerClose?(): Promise<void>;
  /** Releases what `start` opened, after the interface server stopped. */
  close?(): Promise<void>;
};

/**
 * A feature: one folder of server/features/ registered in the application's
 * definition (server/features/index.ts). The kit reads everything about it
 * from here — its namespace and events, its consumer and HTTP routes, the
 * model hooks its writes publish through, what retention deletes.
 */
export type Feature<P extends FeatureProtocol = FeatureProtocol, W extends Readonly<Record<string, WorkerChannelSpec>> = Readonly<Record<never, WorkerChannelSpec>>> = {
  /** A short lowercase name, unique in the application (used in logs and errors). */
  readonly name: string;
  /** The namespace and its event maps (defineProtocol). */
  readonly protocol: P;
  /** The HTTP routes clients use, as the protocol document states them (the handlers are `start`'s `httpRoutes`). */
  readonly httpApi?: Readonly<Record<string, HttpRouteSpec>>;
  /** Worker channels (one BullMQ queue each) whose jobs this feature submits; workers/ runs their processors. */
  readonly workerChannels?: W;
  /** Model hooks: writes of these models publish after commit (docs/model-hooks.md). */
  readonly hooks?: readonly ModelHook<never>[];
  /** Starts the feature's server side on an interface server. */
  start(kit: FeatureKit): StartedFeature | Promise<StartedFeature>;
};

/**
 * Defines a feature. Annotate the constant with its type, as below: the
 * registered protocol's type is derived from the features' types, and the
 * consumer `start` returns is checked against the registered protocol, so
 * without the annotation the two would depend on each other.
 *
 * @example
 * export const poll: Feature<typeof pollProtocol> = defineFeature({
 *   name: 'poll',
 *   protocol: pollProtocol,
 *   hooks: [pollTallyHook],
 *   start: () => ({ consumer: pollConsumer }),
 * });
 */
export function defineFeature<P extends FeatureProtocol, W extends Readonly<Record<string, WorkerChannelSpec>>>(feature: Feature<P, W>): Feature<P, W> {
  if (!/^[a-z][a-z0-9-]*$/.test(feature.name)) throw new Error(`feature name "${feature.name}" must be lowercase letters, digits and "-"`);
  return feature;
}
