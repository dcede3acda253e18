/**
 * Secrets in one file encrypted with AES-256-GCM under a key derived by scrypt from a passphrase.
 * The file is replaced atomically under a lock, in a 0700 directory with mode 0600. A wrong
 * passphrase or a changed file is an error that leaves the file untouched.
 */
import { createCipheriv, createDecipheriv, randomBytes, scrypt, type ScryptOptions } from 'node:crypto';
import { join } from 'node:path';
import type { FileSystem } from '../context.ts';
import { ensurePrivateDir, readTextIfExists, writeFileAtomic } from '../atomic-file.ts';
import { storeUnavailable } from '../errors.ts';
import { withFileLock } from '../file-lock.ts';
import type { SecretStore } from './types.ts';

/** scrypt cost: 2^15 × 8 × 128 B = 32 MiB and ~100 ms per derivation, once per process. */
const KDF = { N: 2 ** 15, r: 8, p: 1 } as const;

interface EnvelopeV1 {
  readonly version: 1;
  readonly kdf: { readonly name: 'scrypt'; readonly N: number; readonly r: number; readonly p: number; readonly salt: string };
  readonly iv: string;
  readonly tag: string;
  readonly data: string;
}

/** Where the store lives and how it gets its passphrase. */
export interface EncryptedFileOptions {
  readonly fs: FileSystem;
  readonly dir: string;
  /** PORT42_PASSPHRASE or a hidden prompt; throws when neither is possible. */
  readonly passphrase: (creating: boolean) => Promise<string>;
  readonly pid: number;
  readonly now: () => number;
}

function deriveKey(passphrase: string, salt: Buffer, kdf: { N: number; r: number; p: number }): Promise<Buffer> {
  const options: ScryptOptions = { N: kdf.N, r: kdf.r, p: kdf.p, maxmem: 256 * kdf.N * kdf.r };
  return new Promise((resolve, reject) =>
    scrypt(passphrase.normalize('NFC'), salt, 32, options, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

/** The encrypted file as a SecretStore. */
export class EncryptedFileStore implements SecretStore {
  readonly kind = 'file' as const;
  readonly path: string;
  private key: { salt: string; key: Buffer } | undefined;

  constructor(private readonly options: EncryptedFileOptions) {
    this.path = join(options.dir, 'secrets.enc');
  }

  private fail(problem: string, cause?: unknown): never {
    throw storeUnavailable(`encrypted store ${this.path}: ${problem}`, 'port42 doctor', cause);
  }

  private async keyFor(salt: Buffer, kdf: { N: number; r: number; p: number }, creating: boolean): Promise<Buffer> {
    const saltText = salt.toString('base64');
    if (this.key?.salt === saltText) return this.key.key;
    const key = await deriveKey(await this.options.passphrase(creating), salt, kdf);
    this.key = { salt: saltText, key };
    return key;
  }

  private async readAll(): Promise<{ items: Record<string, string>; salt?: Buffer }> {
    let text: string | undefined;
    try {
      text = await readTextIfExists(this.options.fs, this.path);
    } catch (error) {
      this.fail('cannot be read', error);
    }
    if (text === undefined) return { items: {} };
    let envelope: EnvelopeV1;
    try {
      envelope = JSON.parse(text) as EnvelopeV1;
      if (envelope.version !== 1 || envelope.kdf?.name !== 'scrypt') throw new Error('unknown format');
    } catch (error) {
      return this.fail('is not a port42 store (damaged?); it was left as it is', error);
    }
    const salt = Buffer.from(envelope.kdf.salt, 'base64');
    const key = await this.keyFor(salt, envelope.kdf, false);
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(envelope.iv, 'base64'));
      decipher.setAuthTag(Buffer.from(envelope.tag, 'base64'));
      const plain = Buffer.concat([decipher.update(Buffer.from(envelope.data, 'base64')), decipher.final()]);
      return { items: JSON.parse(plain.toString('utf8')) as Record<string, string>, salt };
    } catch (error) {
      this.key = undefined;
      return this.fail('wrong passphrase, or the file was changed; nothing was modified', error);
    }
  }

  private async writeAll(items: Record<string, string>, salt: Buffer | undefined): Promise<void> {
    const useSalt = salt ?? randomBytes(16);
    const key = await this.keyFor(useSalt, KDF, salt === undefined);
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    const data = Buffer.concat([cipher.update(JSON.stringify(items), 'utf8'), cipher.final()]);
    const envelope: EnvelopeV1 = {
      version: 1,
      kdf: { name: 'scrypt', ...KDF, salt: useSalt.toString('base64') },
      iv: iv.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
      data: data.toString('base64'),
    };
    await writeFileAtomic(this.options.fs, this.path, JSON.stringify(envelope) + '\n', 0o600);
  }

  private async update(change: (items: Record<string, string>) => boolean): Promise<boolean> {
    await ensurePrivateDir(this.options.fs, this.options.dir);
    const lock = { pid: this.options.pid, now: this.options.now };
    return withFileLock(this.options.fs, `${this.path}.lock`, lock, async () => {
      const { items, salt } = await this.readAll();
      const changed = change(items);
      if (changed) await this.writeAll(items, salt);
      return changed;
    });
  }

  async get(account: string): Promise<string | undefined> {
    const { items } = await this.readAll();
    return Object.hasOwn(items, account) ? items[account] : undefined;
  }

  async getAll(): Promise<ReadonlyMap<string, string>> {
    return new Map(Object.entries((await this.readAll()).items));
  }

  async set(account: string, value: string): Promise<void> {
    await this.update((items) => {
      items[account] = value;
      return true;
    });
  }

  async delete(account: string): Promise<boolean> {
    return this.update((items) => {
      if (!Object.hasOwn(items, account)) return false;
      delete items[account];
      return true;
    });
  }
}
