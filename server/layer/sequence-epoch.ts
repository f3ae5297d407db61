import { randomBytes } from 'node:crypto';

/** A fresh random epoch for a reply-channel sequence that starts (over); see LayerStore.openSequence. */
export function newEpoch(): string {
  return randomBytes(6).toString('base64url');
}
