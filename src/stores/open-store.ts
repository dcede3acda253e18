/**
 * Picks the store a config asks for: `keychain`, `file`, or `auto` (the keychain, falling back to
 * the encrypted file with a warning on stderr — never silently, PRODUCT.md rule 3).
 */
import type { Context } from '../context.ts';
import type { StoreKind } from '../config/types.ts';
import { Port42Error } from '../errors.ts';
import type { SecretStore } from './types.ts';
import { reportCodePath } from '../cli/report-code-path.ts';

function isUnavailable(error: unknown): error is Port42Error {
  return error instanceof Port42Error && error.code === 'store-unavailable';
}

/** Contexts already warned: one line per command however many stores it opens (copies of this module share it). */
const WARNED: WeakSet<object> = ((globalThis as Record<symbol, unknown>)[Symbol.for('port42.store-fallback-warned')] ??=
  new WeakSet<object>()) as WeakSet<object>;

/** The one-line fallback warning (issue 10): what happened and how to make the choice explicit. */
function warnOnce(ctx: Context, error: Port42Error): void {
  if (WARNED.has(ctx)) return;
  WARNED.add(ctx);
  ctx.stderr.write(
    `port42: warning: ${error.message}; using the encrypted file store instead (store = "auto": ` +
      `set store = "file" in the config to choose it and silence this, or "keychain" to make it an error)\n`,
  );
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
        this.fallback = await this.ctx.stores.file({ mayPrompt: this.ctx.interactive === true });
        warnOnce(this.ctx, error);
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
  reportCodePath(`store ${kind}`);
  if (kind === 'keychain') return ctx.stores.keychain();
  if (kind === 'file') return ctx.stores.file({ mayPrompt: ctx.interactive === true });
  return new KeychainThenFile(ctx, await ctx.stores.keychain());
}
