import type { KitProtocol } from './kit-protocol.ts';
import type { NamespaceSpec } from './namespace-spec.ts';

/**
 * Where an application registers its protocol's type, once, so that every
 * typed API of the kit (consumers, the channel layer, the client and its
 * React hooks) knows the features' events. server/features/index.ts does it:
 *
 * @example
 * declare module '../protocol/register.ts' {
 *   interface Register { protocol: typeof app.protocol }
 * }
 */
// An interface (not a type) so that the application can augment it.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface Register {}

/** The registered application's protocol: namespace → event maps (the kit's alone when nothing is registered). */
export type Protocol = Register extends { protocol: infer P extends Record<string, NamespaceSpec> } ? P : KitProtocol;
