/**
 * `port42 env --hook [--shell S]`, which the prompt hook (src/shells/hook.ts) evaluates on cd and
 * when PORT42_EXPIRES_AT is due: applies the profile of the nearest `.port42.toml`, undoes it on
 * leaving, re-exports before expiry. What it applied is kept in the shell itself, in
 * PORT42_HOOK_STATE, so no file or config is written. The code is rendered whole before the one
 * write: after an error it is the complete "leave" code, never part of an export.
 */
import type { Context } from '../context.ts';
import { note } from '../context.ts';
import type { ParsedArgs } from '../cli/args.ts';
import { stringOption } from '../cli/args.ts';
import { exitCodeOf, formatError, usageError } from '../errors.ts';
import { findDirectorySettings, formatIgnored, type DirectorySettings, type IgnoredDirectoryFile } from '../profiles/directory-file.ts';
import { resolveProfileCredential } from '../profiles/resolve.ts';
import { getShell, shellFromPath } from '../shells/registry.ts';
import type { EnvChange, ShellName } from '../shells/types.ts';
import { EXPIRES_VARIABLE, PROFILE_VARIABLE, profileVariables } from '../profiles/variables.ts';

/** The shell variable holding what the hook applied (JSON, see HookState). */
export const HOOK_STATE_VARIABLE = 'PORT42_HOOK_STATE';

/**
 * The directory file the hook last said it ignores (untrusted, changed or unsafe). The hook runs
 * at every `cd`; the note is printed when this differs, so once per directory file, not at every
 * prompt or subdirectory.
 */
export const HOOK_IGNORED_VARIABLE = 'PORT42_HOOK_IGNORED';

/** Seconds before PORT42_EXPIRES_AT at which the hook re-exports (the hook scripts use the same 60). */
export const EXPIRY_MARGIN_SECONDS = 60;

/**
 * The hook's own "last directory" variable (src/shells/hook.ts). Unsetting it after a failure
 * makes the next prompt try again, as direnv retries a blocked .envrc at every prompt.
 */
const RETRY_VARIABLE: Partial<Record<ShellName, string>> = { bash: '_port42_hook_pwd', zsh: '_port42_hook_pwd', fish: '__port42_hook_pwd' };

/** What the hook applied: the profile, the directory file that chose it, the variables it set. */
export interface HookState {
  readonly profile: string;
  readonly file: string;
  readonly names: readonly string[];
}

/** Reads PORT42_HOOK_STATE; anything unreadable counts as no state. */
export function parseHookState(text: string | undefined): HookState | undefined {
  if (!text) return undefined;
  try {
    const data = JSON.parse(text) as { profile?: unknown; file?: unknown; names?: unknown };
    const names = Array.isArray(data.names)
      ? data.names.filter((n): n is string => typeof n === 'string' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(n))
      : [];
    if (typeof data.profile !== 'string' || typeof data.file !== 'string') return undefined;
    return { profile: data.profile, file: data.file, names };
  } catch {
    return undefined;
  }
}

/** True when PORT42_EXPIRES_AT (unix seconds) is within the margin of `nowMs`, or past. */
export function expiryDue(expiresAt: string | undefined, nowMs: number): boolean {
  if (!expiresAt || !/^[0-9]{1,12}$/.test(expiresAt)) return false;
  return nowMs / 1000 >= Number(expiresAt) - EXPIRY_MARGIN_SECONDS;
}

/** The outcome: changes to render, and the error that stopped a profile from applying. */
export interface HookPlan {
  readonly changes: EnvChange[];
  readonly error?: unknown;
}

function unsetAll(names: readonly string[]): EnvChange[] {
  return names.map((name) => ({ name, value: null }));
}

function leave(state: HookState | undefined): EnvChange[] {
  return state ? [...unsetAll(state.names), { name: HOOK_STATE_VARIABLE, value: null }] : [];
}

async function apply(ctx: Context, state: HookState | undefined, profileName: string, file: string | undefined): Promise<EnvChange[]> {
  const { profile, credential } = await resolveProfileCredential(ctx, profileName, { release: { verb: 'env --hook' } });
  const set = profileVariables(profile, credential);
  const names = set.map((change) => change.name);
  for (const change of set) {
    const before = ctx.env[change.name];
    if (before !== undefined && before !== change.value && !change.name.startsWith('PORT42_') && !state?.names.includes(change.name)) {
      note(ctx, `note: ${change.name} was already set; profile "${profile.name}" replaces it here, and leaving unsets it`);
    }
  }
  const stale = unsetAll((state?.names ?? []).filter((name) => !names.includes(name)));
  // Without a directory file (a plain expiry refresh) there is no state to keep.
  const keep: EnvChange[] =
    file === undefined ? [] : [{ name: HOOK_STATE_VARIABLE, value: JSON.stringify({ profile: profile.name, file, names }) }];
  return [...stale, ...set, ...keep];
}

/** Notes an ignored directory file unless the shell already heard about it; the marker changes to keep. */
function noteIgnoredOnce(ctx: Context, ignored: IgnoredDirectoryFile | undefined): EnvChange[] {
  const said = ctx.env[HOOK_IGNORED_VARIABLE];
  if (!ignored) return said ? [{ name: HOOK_IGNORED_VARIABLE, value: null }] : [];
  if (said === ignored.file) return [];
  ctx.stderr.write(formatIgnored(ignored));
  return [{ name: HOOK_IGNORED_VARIABLE, value: ignored.file }];
}

/** Decides what the hook does now, from the directory, PORT42_HOOK_STATE and PORT42_EXPIRES_AT. */
export async function planHook(ctx: Context): Promise<HookPlan> {
  const state = parseHookState(ctx.env[HOOK_STATE_VARIABLE]);
  const due = expiryDue(ctx.env[EXPIRES_VARIABLE], ctx.now());
  try {
    const directory = await findDirectorySettings(ctx, ctx.cwd, { quiet: true });
    const marker = noteIgnoredOnce(ctx, directory?.ignored);
    const changes = await planChanges(ctx, state, due, directory);
    return { changes: [...changes, ...marker] };
  } catch (error) {
    return { changes: leave(state), error };
  }
}

async function planChanges(
  ctx: Context,
  state: HookState | undefined,
  due: boolean,
  directory: DirectorySettings | undefined,
): Promise<EnvChange[]> {
  if (directory?.profile) {
    if (state?.profile === directory.profile && !due) {
      // Same profile (a subdirectory, or a nested file naming it again): nothing to re-resolve.
      if (state.file === directory.file) return [];
      return [{ name: HOOK_STATE_VARIABLE, value: JSON.stringify({ ...state, file: directory.file }) }];
    }
    const changes = await apply(ctx, state, directory.profile, directory.file);
    if (state?.profile !== directory.profile) note(ctx, `profile "${directory.profile}" set (from ${directory.file})`);
    return changes;
  }
  if (state) {
    note(ctx, `profile "${state.profile}" unset (left ${state.file})`);
    return leave(state);
  }
  // Variables from a manual `eval "$(port42 env …)"`: keep them fresh too.
  const manual = ctx.env[PROFILE_VARIABLE];
  if (due && manual) return apply(ctx, undefined, manual, undefined);
  return [];
}

/** Runs `env --hook`. Exits with the error's code after printing the complete leave code. */
export async function runEnvHook(ctx: Context, args: ParsedArgs): Promise<number> {
  if (args.positionals.length > 0 || stringOption(args, 'profile') !== undefined) {
    throw usageError('env --hook takes no profile: the nearest .port42.toml names it', 'port42 env work   # for one profile');
  }
  const shell = getShell(stringOption(args, 'shell') ?? shellFromPath(ctx.env.SHELL));
  if (shell.name === 'json' || shell.name === 'dotenv' || shell.name === 'gha')
    throw usageError(`env --hook writes shell code, not ${shell.name}`);
  const plan = await planHook(ctx);
  const retry = RETRY_VARIABLE[shell.name];
  const changes = plan.error !== undefined && retry ? [...plan.changes, { name: retry, value: null }] : plan.changes;
  const code = changes.length > 0 ? shell.render(changes) : '';
  if (plan.error !== undefined) ctx.stderr.write(formatError(plan.error, ctx.env.PORT42_DEBUG === '1'));
  ctx.stdout.write(code);
  return plan.error === undefined ? 0 : exitCodeOf(plan.error);
}
