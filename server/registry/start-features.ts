import type { RoutedConsumer } from '../consumers/consumer.ts';
import type { HttpRoute } from '../http/http-route.ts';
import type { Feature, FeatureKit, StartedFeature } from './feature.ts';

/** The started features of one interface server, combined. */
export type StartedFeatures = {
  readonly consumers: readonly RoutedConsumer[];
  readonly httpRoutes: readonly HttpRoute[];
  /** Every feature's last broadcasts during a shutdown; one failing does not stop the others. */
  beforeLayerClose(): Promise<void>;
  /** Closes every feature, last started first. */
  close(): Promise<void>;
};

/**
 * Starts each feature's server side in order. When one fails to start, those
 * already started are closed before the error is rethrown.
 */
export async function startFeatures(features: readonly Feature[], kit: FeatureKit): Promise<StartedFeatures> {
  const started: { name: string; feature: StartedFeature }[] = [];
  const close = async () => {
    for (const { name, feature } of started.reverse()) {
      await feature.close?.().catch((error: unknown) => console.error(`[switchyard] feature ${name}: close failed:`, error));
    }
  };
  try {
    for (const feature of features) started.push({ name: feature.name, feature: await feature.start(kit) });
  } catch (error) {
    await close();
    throw error;
  }
  return {
    consumers: started.map(({ feature }) => feature.consumer),
    httpRoutes: started.flatMap(({ feature }) => feature.httpRoutes ?? []),
    async beforeLayerClose() {
      await Promise.all(
        started.map(({ name, feature }) =>
          feature.beforeLayerClose?.().catch((error: unknown) => console.error(`[switchyard] feature ${name}: last broadcasts failed:`, error)),
        ),
      );
    },
    close,
  };
}
