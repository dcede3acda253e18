/**
 * Picks the store a config asks for: `keychain`, `file`, or `auto` (the keychain, falling back to
 * the encrypted file with a warning on stderr — never silently, PRODUCT.md rule 3).
 */
import type { Context } from '../context.ts';
import type { StoreKind } from '../config/types.ts';
import { Port42Error } from '../errors.ts';
import type { SecretStore } from './types.ts';

function isUnavailable(error: unknown): error is Port42Error {
  return error instanceof Port42Error && error.code === 'store-unavailable';
}

/** The keychain, switching to the file (with one warning) when the keychain is unreachable. */
class KeychainThenFile implements SecretStore {
  private fallback: SecretStore | undefined;
  private keychainError: Port42Error | undefined;

  constructor(
    private readonly ctx: Context,
    private readonly keychain: SecretStore,
  ) {}

  get kind(): SecretStore['kind'] {
    return this.fallback ? this.fallback.kind : this.keychain.kind;
  }

  private async withFallback<T>(call: (store: SecretStore) => Promise<T>): Promise<{ value: T; fellBack: boolean }> {
    if (!this.fallback) {
      try {
        return { value: await call(this.keychain), fellBack: false };
      } catch (error) {
        if (!isUnavailable(error)) throw error;
        this.keychainError = error;
        this.fallback = await this.ctx.stores.file();
        this.ctx.stderr.write(
          `port42: warning: ${error.message}; using the encrypted file store instead (store = "auto")\n` +
            `  run: port42 doctor   # or set store = "keychain" to make this an error\n`,
        );
      }
    }
    return { value: await call(this.fallback), fellBack: true };
  }

  async get(account: string): Promise<string | undefined> {
    const { value, fellBack } = await this.withFallback((s) => s.get(account));
    // Not in the file either: the keychain failure is the real answer (exit 5, not "log in").
    if (value === undefined && fellBack && this.keychainError) throw this.keychainError;
    return value;
  }

  async set(account: string, value: string): Promise<void> {
    await this.withFallback((s) => s.set(account, value));
  }

  async delete(account: string): Promise<boolean> {
    return (await this.withFallback((s) => s.delete(account))).value;
  }

  async getAll(): Promise<ReadonlyMap<string, string>> {
    return (await this.withFallback((s) => s.getAll())).value;
  }
}

/** The store for this config's `store` setting. */
export async function openStore(ctx: Context, kind: StoreKind): Promise<SecretStore> {
  if (kind === 'keychain') return ctx.stores.keychain();
  if (kind === 'file') return ctx.stores.file();
  return new KeychainThenFile(ctx, await ctx.stores.keychain());
}
