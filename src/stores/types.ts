/** A place secrets live: the OS keychain, the encrypted file, or memory (tests). */
export interface SecretStore {
  /** Shown in `auth status` (STORE column). */
  readonly kind: 'keychain' | 'file' | 'memory';
  /** The secret stored under `account`, or undefined. Throws store-unavailable (exit 5). */
  get(account: string): Promise<string | undefined>;
  /** Stores or replaces the secret under `account`. Throws store-unavailable (exit 5). */
  set(account: string, value: string): Promise<void>;
  /** Deletes the secret; false when there was none. Throws store-unavailable (exit 5). */
  delete(account: string): Promise<boolean>;
  /** Every port42 secret at once (one round trip), for listings like `auth status`. */
  getAll(): Promise<ReadonlyMap<string, string>>;
}

/** The service name every port42 item is filed under in the keychain. */
export const KEYCHAIN_SERVICE = 'port42';

/** Store account names: the profile name for its main secret, suffixed for the others. */
export const accountFor = {
  secret: (profile: string) => profile,
  previous: (profile: string) => `${profile}:previous`,
  admin: (profile: string) => `${profile}:admin`,
  clientSecret: (profile: string) => `${profile}:client-secret`,
  /** Holds the current key while `auth rotate --restore` swaps it with the previous one (crash safety). */
  restoring: (profile: string) => `${profile}:restoring`,
};
