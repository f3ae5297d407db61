import { defineFeature } from '../../registry/feature.ts';
import type { Feature } from '../../registry/feature.ts';
import { chatConsumer } from './chat-consumer.ts';
import { chatProtocol } from './chat-protocol.ts';
import { createChatServices } from './chat-services.ts';

/**
 * Chat rooms with presence: messages are stored before they are broadcast,
 * presence lives in Redis (docs/chat.md).
 */
export const chat: Feature<typeof chatProtocol> = defineFeature({
  name: 'chat',
  protocol: chatProtocol,
  start({ config, db, layer }) {
    const services = createChatServices({ db, redis: config, prefix: config.redisPrefix, secretKey: config.secretKey, limits: config.chat, layer });
    return {
      consumer: chatConsumer(services),
      // The people still here leave, and presence's last batches go out while the layer can send them.
      beforeLayerClose: () => services.presence.close(),
      close: () => services.close(),
    };
  },
});
