/**
 * Where the encrypted store's key comes from: derived by scrypt from a passphrase (cached per
 * salt and cost, so a store with other parameters stays readable), or held ready-made by the
 * unlock agent (which never sees the passphrase).
 */
import { scrypt, type ScryptOptions } from 'node:crypto';
import { storeUnavailable } from '../errors.ts';
import { freshKdf, hasCurrentCost, kdfId, type KdfParams } from './envelope.ts';

/** The shortest passphrase a new store accepts, in characters. */
export const MIN_PASSPHRASE_LENGTH = 8;

/** Supplies the key that opens and seals the store. */
export interface StoreKeys {
  /** The key for these parameters; `creating` when the store does not exist yet. Throws store-unavailable. */
  key(kdf: KdfParams, creating: boolean): Promise<Buffer>;
  /** The parameters to encrypt with when the file currently has `current` (undefined: no file yet). */
  kdfForWrite(current: KdfParams | undefined): KdfParams;
  /** Drops a key that did not open the file. */
  forget(kdf: KdfParams): void;
}

/** Derives the 32-byte key with scrypt. */
export function deriveKey(passphrase: string, kdf: KdfParams): Promise<Buffer> {
  const options: ScryptOptions = { N: kdf.N, r: kdf.r, p: kdf.p, maxmem: 256 * kdf.N * kdf.r };
  const salt = Buffer.from(kdf.salt, 'base64');
  return new Promise((resolve, reject) =>
    scrypt(passphrase.normalize('NFC'), salt, 32, options, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

/** Throws store-unavailable when a passphrase is too short to protect a new store. */
export function checkNewPassphrase(passphrase: string): void {
  if ([...passphrase].length < MIN_PASSPHRASE_LENGTH) {
    throw storeUnavailable(
      `the passphrase is shorter than ${MIN_PASSPHRASE_LENGTH} characters: too weak to protect a new encrypted store; nothing was stored`,
    );
  }
}

/**
 * Keys derived from a passphrase that is asked for at most once per process (a prompt is not
 * repeated even when the store needs a second derivation to move to the current cost).
 */
export function passphraseKeys(passphrase: (creating: boolean) => Promise<string>): StoreKeys {
  const cache = new Map<string, Promise<Buffer>>();
  let asked: Promise<string> | undefined;
  return {
    async key(kdf, creating) {
      const id = kdfId(kdf);
      let key = cache.get(id);
      if (!key) {
        key = (async () => {
          asked ??= passphrase(creating);
          const text = await asked;
          if (creating) checkNewPassphrase(text);
          return deriveKey(text, kdf);
        })();
        cache.set(id, key);
        key.catch(() => cache.delete(id));
      }
      return key;
    },
    kdfForWrite: (current) => (current && hasCurrentCost(current) ? current : freshKdf()),
    forget: (kdf) => {
      const id = kdfId(kdf);
      // Overwritten, not only dropped: a wrong key is still key material derived from the passphrase.
      void cache.get(id)?.then(
        (key) => key.fill(0),
        () => undefined,
      );
      cache.delete(id);
    },
  };
}

/** A key already derived (the agent's): it opens only the store it was derived for. */
export function heldKey(kdf: KdfParams, key: Buffer): StoreKeys {
  return {
    async key(asked) {
      if (kdfId(asked) !== kdfId(kdf)) {
        throw storeUnavailable('the unlocked key does not fit the encrypted store (it was re-created since)', 'port42 unlock');
      }
      return key;
    },
    kdfForWrite: () => kdf,
    forget: () => undefined,
  };
}
