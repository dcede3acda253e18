/** A read-through snapshot of a store, so that listings read every secret in one round trip. */
import type { SecretStore } from './types.ts';

/**
 * Wraps a store with the result of one getAll(): reads come from the snapshot, writes go to the
 * store. If getAll fails, reads fall back to the store one by one (and report its errors).
 */
export async function preloadStore(store: SecretStore): Promise<SecretStore> {
  let snapshot: ReadonlyMap<string, string>;
  try {
    snapshot = await store.getAll();
  } catch {
    return store;
  }
  return {
    get kind() {
      return store.kind;
    },
    get: async (account) => snapshot.get(account),
    set: (account, value) => store.set(account, value),
    delete: (account) => store.delete(account),
    getAll: async () => snapshot,
  };
}
