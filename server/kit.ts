/**
 * The kit's public API for features: what a feature folder imports to define
 * its protocol, consumer, model hooks and registration (docs/adding-a-feature.md).
 */
export { defineFeature } from './registry/feature.ts';
export type { Feature, FeatureKit, StartedFeature } from './registry/feature.ts';
export { defineConsumer } from './consumers/consumer.ts';
export type { ConsumerContext } from './consumers/consumer.ts';
export { defineProtocol } from './protocol/namespace-spec.ts';
export { recordIdSchema, textSchema } from './protocol/fields.ts';
export { groupNameSchema } from './protocol/names.ts';
export { markedReads } from './layer/marked-reads.ts';
export type { MarkedReadsOptions } from './layer/marked-reads.ts';
export { defineModelHook } from '../prisma/model-hooks/model-hook.ts';
export type { Database } from '../prisma/client.ts';
export { requireStaff } from './auth/require-staff.ts';
export { conflictOnDuplicate } from './duplicate-key.ts';
export { createAddressRateLimit } from './http/address-rate-limit.ts';
export type { AddressRateLimit } from './http/address-rate-limit.ts';
export { addressKey } from './http/address-key.ts';
export { Conflict, Forbidden, InvalidInput, NotFound, Unauthorized } from './errors.ts';
export type { Scope } from './scope.ts';
