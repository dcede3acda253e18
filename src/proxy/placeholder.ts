/**
 * The per-session placeholder a proxied child holds instead of the key: 192 bits from the
 * kernel's CSPRNG, shaped like the provider's keys so that clients' format checks pass, compared
 * in constant time. No node:crypto here: loading it (and seeding OpenSSL's generator) costs
 * `exec --proxy` ~5 ms of start-up, and /dev/urandom is the same kernel source.
 */
import { fsSync, randomHex } from '../builtins.ts';
import type { Provider } from '../providers/table.ts';

/** `n` bytes from /dev/urandom, or from node:crypto where there is no such device. */
function randomBytes(n: number): Buffer {
  const out = Buffer.alloc(n);
  try {
    const fd = fsSync.openSync('/dev/urandom', 'r');
    try {
      if (fsSync.readSync(fd, out, 0, n, null) === n) return out;
    } finally {
      fsSync.closeSync(fd);
    }
  } catch {
    // not Linux/macOS: node:crypto below
  }
  return Buffer.from(randomHex(n), 'hex');
}

/** A new placeholder for one session: the provider's shortest key prefix, `port42-`, 32 base64url characters. */
export function createPlaceholder(provider: Provider): string {
  // The shortest prefix is the generic one ("sk-", not "sk-proj-").
  const prefix = [...provider.keyPrefixes].sort((a, b) => a.length - b.length)[0];
  if (prefix === undefined && provider.keyPattern) return randomBytes(32).toString('hex');
  return `${prefix ?? ''}port42-${randomBytes(24).toString('base64url')}`;
}

/**
 * True when `candidate` equals the placeholder. Every character of the longer string is visited
 * and differences are OR-ed together, so the time does not depend on where they differ.
 */
export function isPlaceholder(candidate: string, placeholder: string): boolean {
  const length = Math.max(candidate.length, placeholder.length);
  let difference = candidate.length ^ placeholder.length;
  for (let i = 0; i < length; i++) difference |= (candidate.charCodeAt(i) | 0) ^ (placeholder.charCodeAt(i) | 0);
  return difference === 0;
}
