/**
 * The OS keychain through @napi-rs/keyring. On Linux every entry is pinned to the Secret Service:
 * the library's default silently falls back to the kernel keyring, which loses secrets at logout
 * (PRODUCT.md rule 3). Every call is bounded by a timeout.
 */
import { createRequire } from 'node:module';
import { Port42Error, storeUnavailable } from '../errors.ts';
import { KEYCHAIN_SERVICE, type SecretStore } from './types.ts';

type Keyring = typeof import('@napi-rs/keyring');
type AsyncEntry = InstanceType<Keyring['AsyncEntry']>;

/** Default bound for one keychain call; PORT42_KEYCHAIN_TIMEOUT_MS overrides it. */
export const DEFAULT_KEYCHAIN_TIMEOUT_MS = 3000;

const UNAVAILABLE_HINT = 'port42 doctor';

let keyring: Keyring | undefined;
function loadKeyring(): Keyring {
  // createRequire, not import: the ESM import of the addon costs ~40 ms more (FACTS.md).
  keyring ??= createRequire(import.meta.url)('@napi-rs/keyring') as Keyring;
  return keyring;
}

/** Options for the keychain store. */
export interface KeychainOptions {
  readonly timeoutMs: number;
  readonly platform: NodeJS.Platform;
  /** Explains a failure when the environment already shows why (no D-Bus session). */
  readonly environmentHint?: string;
}

function describeFailure(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  if (/dismissed|locked/i.test(text)) return 'the keyring is locked (unlock it, e.g. by logging in to the desktop)';
  if (/AccessDenied|dbus|D-Bus|org\.freedesktop/i.test(text)) return 'the Secret Service is not reachable over D-Bus';
  return 'the keychain refused the request';
}

/** The OS keychain as a SecretStore. */
export class KeychainStore implements SecretStore {
  readonly kind = 'keychain' as const;
  private readonly entries = new Map<string, AsyncEntry>();

  constructor(private readonly options: KeychainOptions) {}

  private entry(account: string): AsyncEntry {
    let entry = this.entries.get(account);
    if (!entry) {
      const { AsyncEntry } = loadKeyring();
      entry = new AsyncEntry(
        KEYCHAIN_SERVICE,
        account,
        this.options.platform === 'linux' ? { linux: { store: 'secret-service' } } : undefined,
      );
      this.entries.set(account, entry);
    }
    return entry;
  }

  // No AbortSignal is passed to the library: creating one loads node's abort machinery on the hot
  // path, and the race below already bounds the call (the process exits right after).
  private async bounded<T>(action: string, call: (entry: AsyncEntry | undefined) => Promise<T>, account: string | undefined): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        reject(storeUnavailable(`keychain did not answer within ${this.options.timeoutMs} ms (${action})`, UNAVAILABLE_HINT));
      }, this.options.timeoutMs);
    });
    try {
      const entry = account === undefined ? undefined : this.entry(account);
      return await Promise.race([call(entry), timeout]);
    } catch (error) {
      if (error instanceof Port42Error) throw error; // our own timeout
      const reason = this.options.environmentHint ?? describeFailure(error);
      throw storeUnavailable(`keychain unavailable: ${reason}`, UNAVAILABLE_HINT, error);
    } finally {
      clearTimeout(timer);
    }
  }

  async get(account: string): Promise<string | undefined> {
    const value = await this.bounded('read', (entry) => entry!.getPassword(), account);
    return value ?? undefined;
  }

  async set(account: string, value: string): Promise<void> {
    await this.bounded('write', (entry) => entry!.setPassword(value), account);
  }

  async delete(account: string): Promise<boolean> {
    return this.bounded('delete', (entry) => entry!.deleteCredential(), account);
  }

  /** One search for every item of the port42 service: one D-Bus connection instead of one per entry. */
  async getAll(): Promise<ReadonlyMap<string, string>> {
    const found = await this.bounded('list', () => loadKeyring().findCredentialsAsync(KEYCHAIN_SERVICE), undefined);
    return new Map(found.map((c) => [c.account, c.password]));
  }
}

/** What the environment says about a keychain failure (no D-Bus session), or undefined. */
export function keychainEnvironmentHint(env: Readonly<Record<string, string | undefined>>, platform: NodeJS.Platform): string | undefined {
  if (platform === 'linux' && !env.DBUS_SESSION_BUS_ADDRESS && !env.XDG_RUNTIME_DIR) {
    return 'no D-Bus session (DBUS_SESSION_BUS_ADDRESS is not set), so no Secret Service';
  }
  return undefined;
}

/** The keychain timeout from PORT42_KEYCHAIN_TIMEOUT_MS, or the default. */
export function keychainTimeout(env: Readonly<Record<string, string | undefined>>): number {
  const value = Number(env.PORT42_KEYCHAIN_TIMEOUT_MS);
  return Number.isFinite(value) && value > 0 ? value : DEFAULT_KEYCHAIN_TIMEOUT_MS;
}
