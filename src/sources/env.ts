/**
 * auth = "env" (and the implicit built-in profiles): the key comes from the caller's environment —
 * `from_env` first, then the provider's standard variables. A loopback base URL needs none.
 */
import type { Profile } from '../config/types.ts';
import type { Context } from '../context.ts';
import { maskSecret } from '../profiles/credential.ts';
import { allKeyPrefixes } from '../keys/key-owner.ts';
import { loginNeeded, usageError } from '../errors.ts';
import { isLoopbackUrl } from '../providers/table.ts';
import { baseUrlOf } from './api-key.ts';
import type { CredentialSource } from './types.ts';

/** The variables an env profile reads, in order. */
export function envChain(profile: Profile): string[] {
  const chain = [profile.fromEnv, profile.provider.keyEnv, ...(profile.provider.aliasKeyEnvs ?? [])];
  return [...new Set(chain.filter((name): name is string => Boolean(name)))];
}

function findInEnv(ctx: Context, profile: Profile): { name: string; value: string } | undefined {
  for (const name of envChain(profile)) {
    const value = ctx.env[name];
    if (value) return { name, value };
  }
  return undefined;
}

function missingHint(profile: Profile): string | undefined {
  // Implicit profiles can be turned into stored keys; explicit env profiles are the user's choice.
  return profile.implicit ? `port42 auth login ${profile.name}` : undefined;
}

/** The env credential source. */
export const envSource: CredentialSource = {
  async resolve({ ctx }, profile) {
    const found = findInEnv(ctx, profile);
    if (found) return { secret: found.value, kind: 'api-key', origin: `env:${found.name}` };
    if (profile.provider.keylessOnLoopback && isLoopbackUrl(baseUrlOf(profile))) return { kind: 'none', origin: 'none' };
    throw loginNeeded(
      `profile "${profile.name}" reads its key from the environment, but ${envChain(profile).join(' and ')} ${envChain(profile).length > 1 ? 'are' : 'is'} not set`,
      missingHint(profile),
    );
  },

  async login(_deps, profile) {
    throw usageError(
      `profile "${profile.name}" reads its key from $${envChain(profile)[0]}; there is nothing to log in`,
      `port42 profile add ${profile.name} --provider ${profile.provider.id}   # to keep the key in the keychain instead`,
    );
  },

  async logout(_deps, profile) {
    throw usageError(`profile "${profile.name}" reads its key from the environment; unset the variable to log out`);
  },

  async status({ ctx, config }, profile) {
    const found = findInEnv(ctx, profile);
    if (found)
      return {
        state: 'ok',
        store: 'env',
        source: `env:${found.name}`,
        masked: maskSecret(found.value, allKeyPrefixes(config.providers.values())),
        secretForCheck: found.value,
      };
    if (profile.provider.keylessOnLoopback && isLoopbackUrl(baseUrlOf(profile)))
      return { state: 'ok', store: '-', source: 'none (loopback)' };
    const hint = missingHint(profile);
    return { state: 'missing', store: 'env', source: `env:${envChain(profile)[0]}`, ...(hint ? { hint } : {}) };
  },
};
