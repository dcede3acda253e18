/**
 * The one profile `port42 setup` wires into claude-code, codex or gemini, and the note that says
 * where it came from. Global settings (~/.claude, ~/.codex, ~/.gemini) serve every directory, so a
 * `.port42.toml` never chooses theirs: a cloned repository's file would otherwise decide which key
 * every session everywhere gets. Per-directory settings (claude-code --project) follow the
 * directory file like any other command.
 */
import type { Context } from '../context.ts';
import type { Config, Profile } from '../config/types.ts';
import { describeLocation } from '../config/locate.ts';
import { peekDirectoryProfile } from '../profiles/directory-file.ts';
import { chooseProfile, implicitProfileFor, implicitProfileName, profileByName, type ProfileOrigin } from '../profiles/profile.ts';
import { escapeControl } from '../terminal/escape.ts';
import { usageError } from '../errors.ts';
import type { ConsumerId, OneProfile } from './types.ts';

/** Where a setup's profile came from: a usual origin, or the consumer's built-in fallback. */
export type SetupOrigin = ProfileOrigin | 'fallback';

/** The profile a setup wires, and why. */
export interface SetupChoice {
  readonly profile: Profile;
  readonly origin: SetupOrigin;
  /** The directory file, when that decided. */
  readonly file?: string;
}

/** A consumer wired for one profile, and whether `--project` asked for per-directory settings. */
export interface SetupTarget {
  readonly consumer: ConsumerId;
  readonly rule: OneProfile;
  readonly project: boolean;
}

/**
 * Chooses the profile of a one-profile consumer: the argument; PORT42_PROFILE; the directory file
 * only for per-directory settings; the default; the consumer's fallback when the config has it.
 * Throws config (3) for an unknown name, usage (2) when nothing decides.
 */
export async function chooseSetupProfile(
  ctx: Context,
  config: Config,
  target: SetupTarget,
  explicit: string | undefined,
): Promise<SetupChoice> {
  if (explicit) return { profile: profileByName(config, explicit), origin: 'argument' };
  const { consumer, rule } = target;
  const options = { directory: rule.perDirectory(target.project) };
  if (await implicitProfileName(ctx, config, options)) return chooseProfile(ctx, config, undefined, options);
  const fallback = config.profiles.get(rule.fallback);
  if (fallback) return { profile: fallback, origin: 'fallback' };
  if (options.directory) return chooseProfile(ctx, config, undefined, options);
  // A user used to directory files would otherwise not see why theirs did not count here.
  const why = (await directoryProfile(ctx)) ? ' (a .port42.toml does not choose for global settings)' : '';
  throw usageError(
    `no profile named and no default set${why}; profiles: ${[...config.profiles.keys()].join(', ')}`,
    `port42 setup ${consumer} <profile>`,
  );
}

/** Why a profile was chosen, as a note says it. */
function describeOrigin(ctx: Context, choice: SetupChoice): string {
  switch (choice.origin) {
    case 'argument':
      return 'named on the command line';
    case 'PORT42_PROFILE':
      return 'from PORT42_PROFILE';
    case 'directory':
      return `from ${describeLocation(choice.file ?? '.port42.toml', ctx.home, undefined)}`;
    case 'default':
      return "the config's default";
    case 'fallback':
      return 'no default is set';
  }
}

/** The directory file's profile, or undefined: a file that cannot even be looked at only loses its note. */
async function directoryProfile(ctx: Context): Promise<{ file: string; profile: string } | undefined> {
  try {
    return await peekDirectoryProfile(ctx);
  } catch {
    return undefined;
  }
}

/**
 * The note saying which profile setup wires and why; undefined for a profile named on the command
 * line. For global settings, when the nearest directory file (trusted or not) names another
 * profile, the note says so and gives the command that wires that one instead. Never throws.
 */
export async function describeChoice(ctx: Context, config: Config, target: SetupTarget, choice: SetupChoice): Promise<string | undefined> {
  if (choice.origin === 'argument') return undefined;
  const name = choice.profile.name;
  const why = describeOrigin(ctx, choice);
  const named = target.rule.perDirectory(target.project) ? undefined : await directoryProfile(ctx);
  if (named === undefined || named.profile === name) return `wiring profile "${name}" (${why})`;
  // A repository wrote this name: escaped (no forged lines), and offered as a command only when
  // it is a profile port42 knows, whose name is then a plain word.
  const other = escapeControl(named.profile);
  const known = config.profiles.has(named.profile) || implicitProfileFor(named.profile) !== undefined;
  const where = escapeControl(describeLocation(named.file, ctx.home, undefined));
  const instead = known ? `: port42 setup ${target.consumer} ${other} to wire "${other}" instead` : '';
  return `${where} names "${other}"; global settings use "${name}" (${why})${instead}`;
}
