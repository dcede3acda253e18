/** auth = "api-key": the key lives in the secret store under the profile's name. */
import type { Profile } from '../config/types.ts';
import { maskSecret, type SourceStatus } from '../profiles/credential.ts';
import { failure, loginNeeded, Port42Error, usageError } from '../errors.ts';
import type { Provider } from '../providers/table.ts';
import { readSecret } from './read-secret.ts';
import { accountFor } from '../stores/types.ts';
import { checkKey } from '../providers/check.ts';
import { allKeyPrefixes, keyProblem } from '../keys/key-owner.ts';
import { note } from '../context.ts';
import type { CredentialSource, SourceDeps } from './types.ts';
import { hostOf, whileWaiting } from '../terminal/waiting.ts';

/** The profile's base URL: its own, else the provider's default. */
export function baseUrlOf(profile: Profile): string {
  return profile.baseUrl ?? profile.provider.defaultBaseUrl;
}

/** The login that fits a key of `owner`: a profile of that provider in the config, else its implicit profile. */
function loginCommandFor(deps: SourceDeps, profile: Profile, owner: Provider, admin: boolean): string {
  if (admin)
    return `port42 auth login ${owner === profile.provider ? profile.name : owner.id} --admin   # kept apart, only for port42 usage`;
  const declared = [...deps.config.profiles.values()].find((p) => p.provider === owner && p.auth === 'api-key' && !p.implicit);
  return `port42 auth login ${declared?.name ?? owner.id}   # or --force to store it in "${profile.name}" anyway`;
}

/** Reads a key (prompt or stdin), checks its prefix unless forced, optionally verifies it online. */
export async function acceptNewKey(deps: SourceDeps, profile: Profile, options: { force: boolean; verify: boolean }): Promise<string> {
  const key = await readSecret(deps.ctx, `Paste the ${profile.provider.id} API key for profile "${profile.name}": `, 'API key');
  if (!options.force) {
    const providers = deps.config.providers.values();
    const problem = keyProblem(profile.provider, key, providers, (owner, admin) => loginCommandFor(deps, profile, owner, admin));
    if (problem) {
      throw usageError(
        `${problem.message}; nothing was stored`,
        problem.hint ?? `port42 auth login ${profile.name} --force   # to store it anyway`,
      );
    }
  }
  if (options.verify) {
    const verdict = await whileWaiting(deps.ctx, `checking ${hostOf(baseUrlOf(profile))}`, () =>
      checkKey(deps.ctx.fetch, profile.provider, baseUrlOf(profile), key),
    );
    if (verdict.result === 'invalid') {
      throw failure(`${profile.provider.id} rejected the key (${verdict.detail}); nothing was stored`, `port42 auth login ${profile.name}`);
    }
    note(
      deps.ctx,
      verdict.result === 'valid' ? `key verified: valid (${verdict.detail})` : `key not verified: unknown (${verdict.detail})`,
    );
  }
  return key;
}

/** The api-key credential source. */
export const apiKeySource: CredentialSource = {
  async resolve({ store }, profile) {
    const secret = await store.get(accountFor.secret(profile.name));
    if (secret === undefined) {
      throw loginNeeded(`profile "${profile.name}" has no key stored`, `port42 auth login ${profile.name}`);
    }
    return { secret, kind: 'api-key', origin: store.kind };
  },

  async login(deps, profile, options) {
    const key = await acceptNewKey(deps, profile, options);
    const where = deps.store.kind === 'file' ? 'encrypted file' : deps.store.kind;
    // store = "auto" on the file reports a missing key as the keychain's failure: nothing to keep then.
    const current = await deps.store
      .get(accountFor.secret(profile.name))
      .catch((error: unknown) => (error instanceof Port42Error && error.code === 'store-unavailable' ? undefined : Promise.reject(error)));
    if (current !== undefined && current !== key) {
      // Like `auth rotate`: the replaced key stays as "previous" (previous first, so a crash loses nothing).
      await deps.store.set(accountFor.previous(profile.name), current);
      await deps.store.set(accountFor.secret(profile.name), key);
      note(deps.ctx, `replaced the key of "${profile.name}" in the ${where}; the old one is kept as previous`);
      deps.ctx.stderr.write(`  run: port42 auth rotate ${profile.name} --restore   # to go back to it\n`);
      return;
    }
    await deps.store.set(accountFor.secret(profile.name), key);
    note(deps.ctx, `stored the key for "${profile.name}" in the ${where}`);
  },

  async logout({ ctx, store }, profile) {
    const removed = await store.delete(accountFor.secret(profile.name));
    note(ctx, removed ? `removed the key of "${profile.name}"` : `profile "${profile.name}" had no key stored`);
  },

  async status({ store, config }, profile): Promise<SourceStatus> {
    try {
      const secret = await store.get(accountFor.secret(profile.name));
      if (secret === undefined) {
        return { state: 'missing', store: store.kind, source: 'store', hint: `port42 auth login ${profile.name}` };
      }
      return {
        state: 'ok',
        store: store.kind,
        source: 'store',
        masked: maskSecret(secret, allKeyPrefixes(config.providers.values())),
        secretForCheck: secret,
      };
    } catch (error) {
      if (error instanceof Port42Error)
        return { state: 'error', store: store.kind, source: 'store', detail: error.message, hint: 'port42 doctor' };
      throw error;
    }
  },
};
