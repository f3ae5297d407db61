import { Gauge } from 'prom-client';
import type { Registry } from 'prom-client';
import type { Server } from 'socket.io';

/** Registers `switchyard_connections{namespace}`: sockets connected to this interface server now. */
export function registerConnectionGauge(registry: Registry, io: () => Server, namespaces: readonly string[]): void {
  new Gauge({
    name: 'switchyard_connections',
    help: 'Sockets connected to this interface server',
    labelNames: ['namespace'],
    registers: [registry],
    collect() {
      for (const namespace of namespaces) this.set({ namespace }, io().of(namespace).sockets.size);
    },
  });
}
