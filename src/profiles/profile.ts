/**
 * Picks the profile a command works on: the argument (or --profile); PORT42_PROFILE; the nearest
 * `.port42.toml`; the config's `default`; else an error listing the profiles (PRODUCT.md).
 */
import type { Context } from '../context.ts';
import type { Config, Profile } from '../config/types.ts';
import { Port42Error, usageError } from '../errors.ts';
import { findDirectorySettings } from './directory-file.ts';
import { describeLocation } from '../config/locate.ts';
import { escapeControl } from '../terminal/escape.ts';
import { implicitProfiles } from '../config/build.ts';
import { builtinProvider } from '../providers/table.ts';

/** Where the chosen profile name came from (shown by `profile list` and in messages). */
export type ProfileOrigin = 'argument' | 'PORT42_PROFILE' | 'directory' | 'default';

/** A chosen profile and why it was chosen. */
export interface ProfileChoice {
  readonly profile: Profile;
  readonly origin: ProfileOrigin;
  /** The directory file, when that decided. */
  readonly file?: string;
}

/** The implicit profile of a built-in provider id, or undefined for any other name. */
export function implicitProfileFor(name: string): Profile | undefined {
  const provider = builtinProvider(name);
  return provider ? implicitProfiles([provider]).get(name) : undefined;
}

function listNames(config: Config): string {
  return [...config.profiles.keys()].join(', ');
}

/**
 * The profile by name. A built-in provider id the config does not define is its implicit profile
 * (reading the provider's standard variable), whatever else the config holds. An unknown name is a
 * config error (exit 3) that lists the known ones.
 */
export function profileByName(config: Config, name: string, origin = 'argument'): Profile {
  const profile = config.profiles.get(name) ?? implicitProfileFor(name);
  if (profile) return profile;
  // The name may come from a repository's .port42.toml: printed escaped, never as terminal codes.
  const from = origin === 'argument' ? '' : ` (from ${escapeControl(origin)})`;
  throw new Port42Error('config', `no profile named "${escapeControl(name)}"${from}; profiles: ${listNames(config)}`, {
    hint: 'port42 profile list',
    suggest: { typed: name, choices: [...config.profiles.keys()] },
  });
}

/** How a profile is chosen: `directory: false` skips the directory file (`port42 setup` of user-global settings). */
export interface ChoiceOptions {
  readonly directory?: boolean;
}

/** The name that would be chosen without an argument, and its origin; undefined when nothing decides. */
export async function implicitProfileName(
  ctx: Context,
  config: Config,
  options: ChoiceOptions = {},
): Promise<{ name: string; origin: ProfileOrigin; file?: string } | undefined> {
  if (ctx.env.PORT42_PROFILE) return { name: ctx.env.PORT42_PROFILE, origin: 'PORT42_PROFILE' };
  const directory = options.directory === false ? undefined : await findDirectorySettings(ctx);
  if (directory?.profile) return { name: directory.profile, origin: 'directory', file: directory.file };
  if (config.defaultProfile) return { name: config.defaultProfile, origin: 'default' };
  return undefined;
}

/** Chooses the profile for a command. Throws config (3) or usage (2) errors with the fix. */
export async function chooseProfile(
  ctx: Context,
  config: Config,
  explicit: string | undefined,
  options: ChoiceOptions = {},
): Promise<ProfileChoice> {
  if (explicit) return { profile: profileByName(config, explicit), origin: 'argument' };
  const implicit = await implicitProfileName(ctx, config, options);
  if (!implicit) {
    throw usageError(`no profile named and no default set; profiles: ${listNames(config)}`, 'port42 profile use <name>');
  }
  const origin = implicit.origin === 'directory' && implicit.file ? describeLocation(implicit.file, ctx.home, undefined) : implicit.origin;
  return {
    profile: profileByName(config, implicit.name, origin),
    origin: implicit.origin,
    ...(implicit.file ? { file: implicit.file } : {}),
  };
}
