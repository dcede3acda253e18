/**
 * The OS keychain through @napi-rs/keyring. On Linux every entry is pinned to the Secret Service:
 * the library's default silently falls back to the kernel keyring, which loses secrets at logout
 * (PRODUCT.md rule 3). Every call is bounded:
 * - On Linux by the library itself: its Secret Service client gives each D-Bus call a 2 s reply
 *   timeout (dbus-secret-service), the entry's constructor included. port42 calls the synchronous
 *   Entry there: a JS timer could not end the process sooner anyway — node joins its thread pool
 *   at exit, so a timed-out async call still holds the exit until the library gives up (measured:
 *   timer at 0.3 s, exit at 2.2 s) — and not starting that pool saves ~1 ms on every run.
 *   test/hotpath/hung-keychain.test.ts stops the Secret Service and checks exit 5 within the bound.
 * - Elsewhere (a macOS keychain may wait for the user), and for the search behind getAll, by racing
 *   the async call against PORT42_KEYCHAIN_TIMEOUT_MS.
 */
import { Port42Error, storeUnavailable } from '../errors.ts';
import { KEYCHAIN_SERVICE, type SecretStore } from './types.ts';
import { loadKeyring, type Keyring } from './keyring-addon.ts';

type Entry = InstanceType<Keyring['Entry']>;
type AsyncEntry = InstanceType<Keyring['AsyncEntry']>;

/** Default bound for one keychain call; PORT42_KEYCHAIN_TIMEOUT_MS overrides it (async calls). */
export const DEFAULT_KEYCHAIN_TIMEOUT_MS = 3000;

/** The Secret Service client's own reply timeout for each D-Bus call (dbus-secret-service). */
export const SECRET_SERVICE_CALL_TIMEOUT_MS = 2000;

const UNAVAILABLE_HINT = 'port42 doctor';

/** Options for the keychain store. */
export interface KeychainOptions {
  readonly timeoutMs: number;
  readonly platform: NodeJS.Platform;
  /** Explains a failure when the environment already shows why (no D-Bus session). */
  readonly environmentHint?: string;
}

function describeFailure(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  // libdbus's timeout text mentions a policy that "blocked the reply": tested before "locked".
  if (/did not receive a reply/i.test(text)) return `the Secret Service did not answer within ${SECRET_SERVICE_CALL_TIMEOUT_MS / 1000} s`;
  if (/dismissed|\blocked\b/i.test(text)) return 'the keyring is locked (unlock it, e.g. by logging in to the desktop)';
  if (/AccessDenied|dbus|D-Bus|org\.freedesktop/i.test(text)) return 'the Secret Service is not reachable over D-Bus';
  return 'the keychain refused the request';
}

/** The OS keychain as a SecretStore. */
export class KeychainStore implements SecretStore {
  readonly kind = 'keychain' as const;
  private readonly entries = new Map<string, Entry>();
  private readonly asyncEntries = new Map<string, AsyncEntry>();
  /** Set when a call found the keychain hung: later calls fail at once instead of waiting again. */
  private hung: Port42Error | undefined;

  constructor(private readonly options: KeychainOptions) {}

  private get entryOptions() {
    return this.options.platform === 'linux' ? { linux: { store: 'secret-service' as const } } : undefined;
  }

  private unavailable(error: unknown): Port42Error {
    if (error instanceof Port42Error) {
      this.hung = error; // our own timeout
      return error;
    }
    const reason = this.options.environmentHint ?? describeFailure(error);
    const failure = storeUnavailable(`keychain unavailable: ${reason}`, UNAVAILABLE_HINT, error);
    if (/did not receive a reply/i.test(String(error))) this.hung = failure;
    return failure;
  }

  /**
   * One call on the account's entry: the synchronous Entry on Linux, else the AsyncEntry raced
   * against the timeout (module comment). Both have the same methods; `op` calls one of them.
   */
  private async call<T>(action: string, account: string, op: (e: Entry | AsyncEntry) => T | Promise<T>): Promise<T> {
    if (this.hung) throw this.hung;
    if (this.options.platform !== 'linux') {
      return this.bounded(action, async () => {
        let entry = this.asyncEntries.get(account);
        if (!entry) this.asyncEntries.set(account, (entry = new (loadKeyring().AsyncEntry)(KEYCHAIN_SERVICE, account, this.entryOptions)));
        return op(entry);
      });
    }
    try {
      let entry = this.entries.get(account);
      if (!entry) this.entries.set(account, (entry = new (loadKeyring().Entry)(KEYCHAIN_SERVICE, account, this.entryOptions)));
      return op(entry);
    } catch (error) {
      throw this.unavailable(error);
    }
  }

  // No AbortSignal is passed to the library: creating one loads node's abort machinery, and the
  // race below already bounds the call (the process exits right after).
  private async bounded<T>(action: string, start: () => Promise<T>): Promise<T> {
    if (this.hung) throw this.hung;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        reject(storeUnavailable(`keychain did not answer within ${this.options.timeoutMs} ms (${action})`, UNAVAILABLE_HINT));
      }, this.options.timeoutMs);
    });
    try {
      return await Promise.race([start(), timeout]);
    } catch (error) {
      throw this.unavailable(error);
    } finally {
      clearTimeout(timer);
    }
  }

  async get(account: string): Promise<string | undefined> {
    return (await this.call('read', account, (e) => e.getPassword())) ?? undefined;
  }

  async set(account: string, value: string): Promise<void> {
    await this.call('write', account, (e) => e.setPassword(value));
  }

  async delete(account: string): Promise<boolean> {
    return this.call('delete', account, (e) => e.deleteCredential());
  }

  /**
   * One search for every item of the port42 service: one D-Bus connection instead of one (with its
   * key exchange) per entry. The library's search has no reply timeout — a stopped Secret Service
   * hangs it for good, and node's exit would wait for it — so on Linux an entry's constructor
   * first shows, within the library's 2 s, that the service answers.
   */
  async getAll(): Promise<ReadonlyMap<string, string>> {
    if (this.options.platform === 'linux') await this.call('list', KEYCHAIN_SERVICE, () => undefined);
    const found = await this.bounded('list', () => loadKeyring().findCredentialsAsync(KEYCHAIN_SERVICE));
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
