import type { SecretStore } from './types.ts';

/** A store in memory, for tests; `kind` can pose as another store to test fallbacks. */
export class MemoryStore implements SecretStore {
  readonly items = new Map<string, string>();
  constructor(readonly kind: SecretStore['kind'] = 'memory') {}

  async get(account: string): Promise<string | undefined> {
    return this.items.get(account);
  }

  async set(account: string, value: string): Promise<void> {
    this.items.set(account, value);
  }

  async delete(account: string): Promise<boolean> {
    return this.items.delete(account);
  }

  async getAll(): Promise<ReadonlyMap<string, string>> {
    return new Map(this.items);
  }
}
