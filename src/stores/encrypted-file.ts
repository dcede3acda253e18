/**
 * Secrets in one file encrypted with AES-256-GCM under a key derived by scrypt from a passphrase
 * (src/stores/envelope.ts has the format). The file is re-read on every call, so changes by other
 * processes are seen, and replaced atomically under a lock, in a 0700 directory with mode 0600. A
 * wrong passphrase or a changed file is an error that leaves the file untouched. Every write uses
 * the current format and scrypt cost.
 */
import { join } from 'node:path';
import type { FileSystem } from '../context.ts';
import { ensurePrivateDir, writeFileAtomic } from '../files/atomic-file.ts';
import { readNoFollow } from '../files/no-follow.ts';
import { Port42Error, storeUnavailable } from '../errors.ts';
import { withFileLock } from '../files/file-lock.ts';
import { FORMAT_VERSION, hasCurrentCost, openEnvelope, parseEnvelope, sealEnvelope, type Envelope, type KdfParams } from './envelope.ts';
import { passphraseKeys, type StoreKeys } from './store-keys.ts';
import type { SecretStore } from './types.ts';

/** Where the store lives and where its key comes from. */
export interface EncryptedFileOptions {
  readonly fs: FileSystem;
  readonly dir: string;
  /** The key source; or `passphrase` (PORT42_PASSPHRASE or a hidden prompt), which throws when neither is possible. */
  readonly keys?: StoreKeys;
  readonly passphrase?: (creating: boolean) => Promise<string>;
  readonly pid: number;
  readonly now: () => number;
}

/** How a write may be called off (the unlock agent's write deadline, src/agent/write-deadline.ts). */
export interface StoreWriteOptions {
  /** Aborted before the store's lock is taken: the write is not done and its reason is thrown. Once the lock is held, the write finishes. */
  readonly signal?: AbortSignal;
}

/** Far more than any store holds; a larger file is not one port42 wrote. */
const MAX_STORE_BYTES = 64 * 1024 * 1024;

/** The file name of the store inside the state directory. */
export const STORE_FILE = 'secrets.enc';

/** The encrypted file as a SecretStore. */
export class EncryptedFileStore implements SecretStore {
  readonly kind = 'file' as const;
  readonly path: string;
  private readonly keys: StoreKeys;

  constructor(private readonly options: EncryptedFileOptions) {
    this.path = join(options.dir, STORE_FILE);
    const { passphrase } = options;
    this.keys = options.keys ?? passphraseKeys(passphrase ?? (async () => this.fail('no passphrase source')));
  }

  private fail(problem: string, cause?: unknown): never {
    throw storeUnavailable(`encrypted store ${this.path}: ${problem}`, 'port42 doctor', cause);
  }

  /** The envelope on disk, or undefined when there is no store yet. */
  async readEnvelope(): Promise<Envelope | undefined> {
    let text: string | undefined;
    try {
      // Never through a link, never blocking on a FIFO, only a regular file of ours (issue 9).
      text = await readNoFollow(this.options.fs, this.path, { maxBytes: MAX_STORE_BYTES });
    } catch (error) {
      this.fail('cannot be read', error);
    }
    if (text === undefined) return undefined;
    try {
      return parseEnvelope(text);
    } catch (error) {
      return this.fail('is not a port42 store (damaged?); it was left as it is', error);
    }
  }

  private async readAll(): Promise<{ items: Record<string, string>; kdf?: KdfParams }> {
    const envelope = await this.readEnvelope();
    if (!envelope) return { items: {} };
    const key = await this.keys.key(envelope.kdf, false);
    try {
      return { items: openEnvelope(envelope, key), kdf: envelope.kdf };
    } catch (error) {
      this.keys.forget(envelope.kdf);
      return this.fail('wrong passphrase, or the file was changed; nothing was modified', error);
    }
  }

  private async writeAll(items: Record<string, string>, current: KdfParams | undefined): Promise<void> {
    const kdf = this.keys.kdfForWrite(current);
    const key = await this.keys.key(kdf, current === undefined);
    await writeFileAtomic(this.options.fs, this.path, sealEnvelope(items, kdf, key), 0o600);
  }

  private async update(change: (items: Record<string, string>) => boolean, always = false, signal?: AbortSignal): Promise<boolean> {
    try {
      await ensurePrivateDir(this.options.fs, this.options.dir);
    } catch (error) {
      if (error instanceof Port42Error) throw error;
      this.fail('its directory cannot be created', error);
    }
    const lock = { pid: this.options.pid, now: this.options.now, ...(signal ? { signal } : {}) };
    return withFileLock(this.options.fs, `${this.path}.lock`, lock, async () => {
      const { items, kdf } = await this.readAll();
      const changed = change(items);
      if (changed || always) await this.writeAll(items, kdf);
      return changed;
    });
  }

  /**
   * Opens the store with its key (creating an empty one when there is none) and rewrites it in
   * the current format and cost: what `port42 unlock` does before an agent takes over the key.
   * Returns the parameters the file has now. Throws store-unavailable.
   */
  async verifyAndUpgrade(): Promise<KdfParams> {
    let envelope = await this.readEnvelope();
    if (envelope?.version === FORMAT_VERSION && hasCurrentCost(envelope.kdf)) {
      await this.readAll();
      return envelope.kdf;
    }
    await this.update(() => false, true);
    envelope = await this.readEnvelope();
    if (!envelope) return this.fail('vanished while it was being written');
    return envelope.kdf;
  }

  async get(account: string): Promise<string | undefined> {
    const { items } = await this.readAll();
    return Object.hasOwn(items, account) ? items[account] : undefined;
  }

  async getAll(): Promise<ReadonlyMap<string, string>> {
    return new Map(Object.entries((await this.readAll()).items));
  }

  async set(account: string, value: string, options: StoreWriteOptions = {}): Promise<void> {
    await this.update(
      (items) => {
        items[account] = value;
        return true;
      },
      false,
      options.signal,
    );
  }

  async delete(account: string, options: StoreWriteOptions = {}): Promise<boolean> {
    return this.update(
      (items) => {
        if (!Object.hasOwn(items, account)) return false;
        delete items[account];
        return true;
      },
      false,
      options.signal,
    );
  }
}
