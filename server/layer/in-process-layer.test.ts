import { describeLayerConformance } from '../testing/layer-conformance.ts';
import { startTestServer } from '../testing/test-server.ts';

// The in-process backend, for single-process deployments: the server's own layer publishes.
describeLayerConformance('in-process (memory)', async (env) => {
  const server = await startTestServer({ ...env, CHANNEL_LAYER: 'memory' });
  return { server, layer: server.server.layer, close: () => server.close() };
});
