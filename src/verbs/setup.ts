/**
 * `port42 setup <consumer> [profile] [--project] [--shell S] [--dry-run] [--undo]`: writes a
 * consumer's own configuration so that it asks port42 (src/setup/, one file per consumer), shows
 * the diff instead with --dry-run, and removes what it added with --undo. Exit 0 also when
 * nothing had to change; 2 for a wrong command line; 3 for a config or settings file that does
 * not parse (left untouched).
 */
import { configKeyPrefixes, redactText } from '../cli/mistakes/redact.ts';
import type { Context } from '../context.ts';
import { note } from '../context.ts';
import type { ParsedArgs } from '../cli/args.ts';
import { booleanOption, stringOption } from '../cli/args.ts';
import type { Config, Profile } from '../config/types.ts';
import { loadConfig } from '../config/load.ts';
import { configError, usageError } from '../errors.ts';
import { profileByName } from '../profiles/profile.ts';
import { chooseSetupProfile, describeChoice } from '../setup/profile-choice.ts';
import { CONSUMERS } from '../setup/consumers.ts';
import { findOnPath } from '../setup/on-path.ts';
import { closest } from '../cli/mistakes/suggest.ts';
import { CONSUMER_IDS, type Consumer, type ConsumerId } from '../setup/types.ts';

/** The consumer named on the command line. Throws usage (2) with the closest id. */
function consumerNamed(name: string | undefined): Consumer {
  if (name && (CONSUMER_IDS as readonly string[]).includes(name)) return CONSUMERS[name as ConsumerId];
  const list = CONSUMER_IDS.join(', ');
  if (!name) throw usageError(`name what to set up: ${list}`, 'port42 setup claude-code');
  const near = closest(name, CONSUMER_IDS);
  throw usageError(
    `port42 cannot set up "${name}"${near ? `; did you mean ${near}?` : ''} (it sets up ${list})`,
    near ? `port42 setup ${near}` : 'port42 setup --help',
  );
}

/** The profiles a consumer is wired for (see Consumer.profiles), and a note on why. Throws config (3) or usage (2). */
async function profilesFor(
  ctx: Context,
  config: Config,
  consumer: Consumer,
  explicit: string | undefined,
  options: { undo: boolean; project: boolean },
): Promise<{ profiles: Profile[]; note?: string }> {
  const rule = consumer.profiles;
  if (rule.kind === 'none') {
    if (explicit) throw usageError(`setup ${consumer.id} takes no profile (the hook follows .port42.toml)`, `port42 setup ${consumer.id}`);
    return { profiles: [] };
  }
  if (options.undo && !explicit) return { profiles: [] };
  if (rule.kind === 'one') {
    const target = { consumer: consumer.id, rule, project: options.project };
    const choice = await chooseSetupProfile(ctx, config, target, explicit);
    const note = options.undo ? undefined : await describeChoice(ctx, config, target, choice);
    return { profiles: [choice.profile], ...(note ? { note } : {}) };
  }
  return { profiles: matchingProfiles(config, consumer, explicit, options.undo) };
}

/** The profiles git or docker ask: the one named, else every one with match URLs. Throws config (3). */
function matchingProfiles(config: Config, consumer: Consumer, explicit: string | undefined, undo: boolean): Profile[] {
  if (explicit) {
    const profile = profileByName(config, explicit);
    if (profile.match.length === 0 && !undo) {
      throw configError(
        `profile "${profile.name}" has no match URLs, so ${consumer.id} would never ask it`,
        `\${EDITOR:-vi} ${config.path}   # add match = ["https://…"] under [profiles.${profile.name}]`,
      );
    }
    return [profile];
  }
  const matching = [...config.profiles.values()].filter((p) => p.match.length > 0);
  if (matching.length === 0)
    throw configError(
      `no profile has match URLs, so ${consumer.id} would never ask port42`,
      `port42 profile add <name> --provider <id> --match https://…`,
    );
  return matching;
}

/** Consumers run port42 by name: say so when this PATH would not find it (e.g. run as ./bin/port42 from a clone). */
async function notePath(ctx: Context, consumer: Consumer): Promise<void> {
  if (consumer.id === 'gemini') return;
  const program = consumer.id === 'docker' ? 'docker-credential-port42' : 'port42';
  if (await findOnPath(ctx, program)) return;
  note(ctx, `${program} is not on PATH, and ${consumer.id} runs it by name: npm install -g port42 (or npm link in its checkout)`);
}

/** Runs `setup`. Throws usage (2), config (3) or failure (1) errors; returns 0. */
export async function runSetup(ctx: Context, args: ParsedArgs): Promise<number> {
  const consumer = consumerNamed(args.positionals[0]);
  const undo = booleanOption(args, 'undo');
  const project = booleanOption(args, 'project');
  const shell = stringOption(args, 'shell');
  if (project && consumer.id !== 'claude-code') throw usageError('--project is for claude-code only', `port42 setup ${consumer.id}`);
  if (shell && consumer.id !== 'shell') throw usageError('--shell is for the shell hook only: port42 setup shell --shell zsh');
  const config = await loadConfig(ctx);
  const explicit = args.positionals[1] ?? stringOption(args, 'profile');
  const { profiles, note: chosen } = await profilesFor(ctx, config, consumer, explicit, { undo, project });
  const request = { ctx, config, profiles, project, ...(shell ? { shell } : {}) };
  const plan = undo ? await consumer.planUndo(request) : await consumer.plan(request);
  // Notes and diffs quote the consumer's own files, where people keep keys (`echo sk-…`):
  // key-shaped words are masked before anything is printed, custom providers' prefixes included.
  const customPrefixes = configKeyPrefixes(config);
  const shown = (text: string): string => redactText(text, [], customPrefixes);
  if (chosen) note(ctx, shown(chosen));
  for (const text of plan.notes) note(ctx, shown(text));
  if (!undo) await notePath(ctx, consumer);
  if (plan.changes.length === 0) {
    note(ctx, `${plan.unchanged}: nothing changed`);
    return 0;
  }
  if (booleanOption(args, 'dry-run')) {
    ctx.stdout.write(shown(plan.changes.map((c) => c.preview).join('')));
    note(ctx, 'dry run: nothing was written');
    return 0;
  }
  for (const change of plan.changes) {
    await change.apply();
    note(ctx, change.done);
  }
  return 0;
}
