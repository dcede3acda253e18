/**
 * The per-session placeholder a proxied child holds instead of the key: 192 bits from the CSPRNG,
 * shaped like the provider's keys so that clients' format checks pass, compared in constant time.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Provider } from '../providers.ts';

/** A new placeholder for one session: the provider's first key prefix, then 32 base64url characters. */
export function createPlaceholder(provider: Provider): string {
  // The shortest prefix is the generic one ("sk-", not "sk-proj-"); together's legacy keys are 64 hex.
  const prefix = [...provider.keyPrefixes].sort((a, b) => a.length - b.length)[0];
  if (prefix === undefined && provider.keyPattern) return randomBytes(32).toString('hex');
  return `${prefix ?? ''}port42-${randomBytes(24).toString('base64url')}`;
}

/**
 * True when `candidate` equals the placeholder. Both sides are hashed first so that the
 * comparison takes the same time whatever the candidate's length or content.
 */
export function isPlaceholder(candidate: string, placeholder: string): boolean {
  const a = createHash('sha256').update(candidate).digest();
  const b = createHash('sha256').update(placeholder).digest();
  return timingSafeEqual(a, b);
}
