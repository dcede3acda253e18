/**
 * The bytes of `secrets.enc`: a JSON envelope around AES-256-GCM ciphertext. Format 2 binds the
 * header (version, KDF parameters, salt) into GCM's associated data, so that a changed header is
 * detected like changed ciphertext; format 1 (no associated data) is still read. KDF parameters
 * read from a file are bounded before anything is derived from them.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** scrypt parameters and salt (base64) of one store. */
export interface KdfParams {
  readonly N: number;
  readonly r: number;
  readonly p: number;
  readonly salt: string;
}

/** The cost new stores are written with: 2^15 × 8 × 128 B = 32 MiB and ~100 ms per derivation. */
export const CURRENT_COST = { N: 2 ** 15, r: 8, p: 1 } as const;

/** The format this code writes. */
export const FORMAT_VERSION = 2;

/** A parsed envelope. */
export interface Envelope {
  readonly version: 1 | 2;
  readonly kdf: KdfParams;
  readonly iv: Buffer;
  readonly tag: Buffer;
  readonly data: Buffer;
}

/** One string per (salt, N, r, p): what a derived key is cached under. */
export function kdfId(kdf: KdfParams): string {
  return `${kdf.N}:${kdf.r}:${kdf.p}:${kdf.salt}`;
}

/** Whether parameters carry the current cost (the salt may differ). */
export function hasCurrentCost(kdf: KdfParams): boolean {
  return kdf.N === CURRENT_COST.N && kdf.r === CURRENT_COST.r && kdf.p === CURRENT_COST.p;
}

/** The current cost with a fresh random salt. */
export function freshKdf(): KdfParams {
  return { ...CURRENT_COST, salt: randomBytes(16).toString('base64') };
}

const isInt = (value: unknown, min: number, max: number): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;

/**
 * Checks scrypt parameters from a file: N a power of two in 2^10..2^20, r 1..32, p 1..16, at most
 * 256 MiB of memory and 2^23 block operations, salt 16..64 bytes. A file cannot make port42
 * allocate gigabytes or spin for minutes.
 */
function checkKdf(kdf: Record<string, unknown>): KdfParams {
  const { N, r, p, salt } = kdf;
  if (kdf.name !== 'scrypt') throw new Error('unknown key derivation');
  if (!isInt(N, 2 ** 10, 2 ** 20) || (N & (N - 1)) !== 0) throw new Error('scrypt N out of bounds');
  if (!isInt(r, 1, 32) || !isInt(p, 1, 16)) throw new Error('scrypt r or p out of bounds');
  if (128 * N * r > 256 * 1024 * 1024 || N * r * p > 2 ** 23) throw new Error('scrypt cost out of bounds');
  if (typeof salt !== 'string') throw new Error('no salt');
  const bytes = Buffer.from(salt, 'base64').length;
  if (bytes < 16 || bytes > 64) throw new Error('salt length out of bounds');
  return { N, r, p, salt };
}

function bytesOf(value: unknown, length: number, what: string): Buffer {
  const bytes = typeof value === 'string' ? Buffer.from(value, 'base64') : Buffer.alloc(0);
  if (bytes.length !== length) throw new Error(`bad ${what}`);
  return bytes;
}

/** Parses and bounds an envelope. Throws a plain Error naming what is wrong (the caller words it). */
export function parseEnvelope(text: string): Envelope {
  const raw = JSON.parse(text) as Record<string, unknown>;
  if (raw === null || typeof raw !== 'object') throw new Error('not an object');
  if (raw.version !== 1 && raw.version !== 2) throw new Error(`unknown format version ${String(raw.version)}`);
  if (raw.kdf === null || typeof raw.kdf !== 'object') throw new Error('no key derivation');
  if (typeof raw.data !== 'string') throw new Error('no data');
  return {
    version: raw.version,
    kdf: checkKdf(raw.kdf as Record<string, unknown>),
    iv: bytesOf(raw.iv, 12, 'iv'),
    tag: bytesOf(raw.tag, 16, 'tag'),
    data: Buffer.from(raw.data, 'base64'),
  };
}

/** Format 2's associated data: the header exactly as it decides how the key is made. */
function associatedData(kdf: KdfParams): Buffer {
  return Buffer.from(`port42-secrets v${FORMAT_VERSION} scrypt N=${kdf.N} r=${kdf.r} p=${kdf.p} salt=${kdf.salt}`, 'utf8');
}

/** Decrypts an envelope with its key. Throws when the key is wrong or anything was changed. */
export function openEnvelope(envelope: Envelope, key: Buffer): Record<string, string> {
  const decipher = createDecipheriv('aes-256-gcm', key, envelope.iv);
  if (envelope.version === 2) decipher.setAAD(associatedData(envelope.kdf));
  decipher.setAuthTag(envelope.tag);
  const plain = Buffer.concat([decipher.update(envelope.data), decipher.final()]);
  try {
    const items = JSON.parse(plain.toString('utf8')) as unknown;
    if (items === null || typeof items !== 'object' || Array.isArray(items)) throw new Error('not a map');
    return items as Record<string, string>;
  } finally {
    plain.fill(0);
  }
}

/** Encrypts items under a key as a format-2 envelope (the file's text). */
export function sealEnvelope(items: Readonly<Record<string, string>>, kdf: KdfParams, key: Buffer): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(associatedData(kdf));
  const plain = Buffer.from(JSON.stringify(items), 'utf8');
  const data = Buffer.concat([cipher.update(plain), cipher.final()]);
  plain.fill(0);
  const envelope = {
    version: FORMAT_VERSION,
    kdf: { name: 'scrypt', N: kdf.N, r: kdf.r, p: kdf.p, salt: kdf.salt },
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    data: data.toString('base64'),
  };
  return JSON.stringify(envelope) + '\n';
}
