/** Small seeded random helpers for the helper-protocol tests (reproducible fuzzing). */

export type Random = () => number;

/** mulberry32: a tiny seeded PRNG returning floats in [0, 1). */
export function mulberry32(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function randomInt(random: Random, maxExclusive: number): number {
  return Math.floor(random() * maxExclusive);
}

export function pick<T>(random: Random, items: readonly T[]): T {
  const item = items[randomInt(random, items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

const ASCII_SAFE = [...Array.from({ length: 0x7f - 0x20 }, (_, i) => String.fromCharCode(0x20 + i)), '\t'];
const UNICODE_SAMPLES = ['é', 'ß', 'ж', '中', '🔑', '\u00a0', '\u2028', '\ufeff', '\u007f'];

/** A string of 0..maxLength characters with no LF, CR or NUL (what the git protocol can carry). */
export function randomSafeValue(random: Random, maxLength: number): string {
  const length = randomInt(random, maxLength + 1);
  let out = '';
  for (let i = 0; i < length; i++) {
    out += random() < 0.9 ? pick(random, ASCII_SAFE) : pick(random, UNICODE_SAMPLES);
  }
  return out;
}

const SECRET_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789_-~^%$!';

/** A high-entropy secret (so any 8-character window of it is very unlikely to occur by chance). */
export function randomSecret(random: Random, length = 24): string {
  let out = '';
  for (let i = 0; i < length; i++) out += SECRET_ALPHABET[randomInt(random, SECRET_ALPHABET.length)];
  return out;
}

/** True when `message` contains any `window`-character slice of `secret`. */
export function leaksSecret(message: string, secret: string, window = 8): boolean {
  if (secret.length < window) return secret.length > 0 && secret.length >= 4 && message.includes(secret);
  for (let i = 0; i + window <= secret.length; i++) {
    if (message.includes(secret.slice(i, i + window))) return true;
  }
  return false;
}
