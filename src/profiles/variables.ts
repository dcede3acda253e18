/** The environment variables a profile's credential becomes (for env, exec and hooks). */
import type { Profile } from '../config/types.ts';
import type { Credential } from './credential.ts';
import type { EnvChange } from '../shells/types.ts';

/** Variable that names the active profile in the child or shell. */
export const PROFILE_VARIABLE = 'PORT42_PROFILE';
/** Variable that carries the credential's expiry (unix seconds) when it expires. */
export const EXPIRES_VARIABLE = 'PORT42_EXPIRES_AT';

/** The variable the secret goes in: the token variable for bearer tokens where the provider has one. */
export function secretVariable(profile: Profile, credential: Pick<Credential, 'kind'>): string {
  return credential.kind === 'bearer' && profile.provider.tokenEnv ? profile.provider.tokenEnv : profile.provider.keyEnv;
}

/** Every variable for this profile and credential, secret first. `model` overrides the profile's. */
export function profileVariables(profile: Profile, credential: Credential, model?: string): EnvChange[] {
  const changes: EnvChange[] = [];
  if (credential.secret !== undefined) changes.push({ name: secretVariable(profile, credential), value: credential.secret });
  const { provider } = profile;
  if (profile.baseUrl && provider.baseUrlEnv) changes.push({ name: provider.baseUrlEnv, value: profile.baseUrl });
  changes.push(...settingVariables(profile, model));
  if (credential.expiresAt !== undefined) changes.push({ name: EXPIRES_VARIABLE, value: String(Math.floor(credential.expiresAt / 1000)) });
  return changes;
}

/** The profile's non-secret settings as variables: its model (or `model`), its `env`, its name. */
export function settingVariables(profile: Profile, model?: string): EnvChange[] {
  const changes: EnvChange[] = [];
  const chosenModel = model ?? profile.model;
  if (chosenModel && profile.provider.modelEnv) changes.push({ name: profile.provider.modelEnv, value: chosenModel });
  for (const [name, value] of Object.entries(profile.env)) changes.push({ name, value });
  changes.push({ name: PROFILE_VARIABLE, value: profile.name });
  return changes;
}

/** The variables `--unset` removes for this profile (every name it could set). */
export function profileVariableNames(profile: Profile): string[] {
  const { provider } = profile;
  const names = [
    provider.keyEnv,
    provider.tokenEnv,
    provider.baseUrlEnv,
    provider.modelEnv,
    ...Object.keys(profile.env),
    PROFILE_VARIABLE,
    EXPIRES_VARIABLE,
  ];
  return [...new Set(names.filter((n): n is string => Boolean(n)))];
}

/**
 * Variables that unlock port42 itself and never reach a child: the encrypted store's passphrase
 * opens every secret, not just the profile's.
 */
export const PRIVATE_VARIABLES: readonly string[] = ['PORT42_PASSPHRASE'];

/** The caller's environment for a child process, without port42's private variables. */
export function childEnvironment(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) if (value !== undefined && !PRIVATE_VARIABLES.includes(name)) out[name] = value;
  return out;
}
