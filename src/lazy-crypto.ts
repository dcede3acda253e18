/**
 * node:crypto on first use. Importing it at the top of a module costs a few milliseconds of
 * start-up on every run; the hot verbs only need it in rare paths (a lock nonce, a delimiter).
 */
import { createRequire } from 'node:module';

let crypto: typeof import('node:crypto') | undefined;

/** `bytes` random bytes as hex, loading node:crypto the first time. */
export function randomHex(bytes: number): string {
  crypto ??= createRequire(import.meta.url)('node:crypto') as typeof import('node:crypto');
  return crypto.randomBytes(bytes).toString('hex');
}
