/**
 * The per-directory `.port42.toml`: the nearest one from the working directory upwards, read
 * safely (src/trust/lookup.ts), and counted only when the user trusted exactly its content
 * (src/trust/database.ts). Anything else is ignored with one note on stderr: the next rule in
 * the profile order applies.
 */
import type { Context, Output } from '../context.ts';
import { parseToml } from '../config/toml.ts';
import { escapeControl } from '../terminal/escape.ts';
import { findDirectoryFile } from '../trust/lookup.ts';
import { matchesTrusted, readTrustEntries, trustKey } from '../trust/database.ts';
import { configError } from '../errors.ts';
import { DIRECTORY_FILE } from '../files/paths.ts';
import { describeLocation, lineOfKey } from '../config/locate.ts';

/** A directory file that was there but does not count, why, and the fix when there is one. */
export interface IgnoredDirectoryFile {
  readonly file: string;
  readonly dir: string;
  readonly reason: string;
  /** `port42 trust <dir>` for an untrusted or changed file. */
  readonly hint?: string;
}

/** What a directory file may set: non-secret settings only. `ignored` when it does not count. */
export interface DirectorySettings {
  readonly file: string;
  readonly profile?: string;
  readonly ignored?: IgnoredDirectoryFile;
}

const ALLOWED_KEYS = new Set(['profile']);

/** A directory that a hint can name as one shell word. */
function shellWord(path: string): string {
  return /^[A-Za-z0-9_./~+-]+$/.test(path) ? path : `'${path.replaceAll("'", `'\\''`)}'`;
}

/** The note for an ignored file: `port42: ignoring FILE: REASON` and the fix on a second line. */
export function formatIgnored(ignored: IgnoredDirectoryFile): string {
  return (
    escapeControl(`port42: ignoring ${ignored.file}: ${ignored.reason}`) +
    '\n' +
    (ignored.hint ? escapeControl(`  run: ${ignored.hint}`) + '\n' : '')
  );
}

/** Files already noted by this process, per stderr: a command that looks twice says it once. */
const noted = new WeakMap<Output, Set<string>>();

function noteOnce(ctx: Context, ignored: IgnoredDirectoryFile): void {
  let seen = noted.get(ctx.stderr);
  if (!seen) noted.set(ctx.stderr, (seen = new Set()));
  if (seen.has(ignored.file)) return;
  seen.add(ignored.file);
  ctx.stderr.write(formatIgnored(ignored));
}

/**
 * The nearest directory file from `from` upwards, or undefined. An unsafe, untrusted or changed
 * file comes back with `ignored` (and no profile), noted on stderr unless `quiet` (the shell hook
 * notes it once per directory itself). Throws config (3) for a trusted file with bad content,
 * store-unavailable (5) when the state directory holding the trust database is not ours.
 */
export async function findDirectorySettings(
  ctx: Context,
  from = ctx.cwd,
  options: { quiet?: boolean } = {},
): Promise<DirectorySettings | undefined> {
  const found = await findDirectoryFile(ctx, from);
  if (!found) return undefined;
  let settings: DirectorySettings;
  if (found.kind === 'unsafe') {
    settings = { file: found.file, ignored: { file: found.file, dir: found.dir, reason: found.reason } };
  } else {
    const [key, entries] = await Promise.all([trustKey(ctx, found.file), readTrustEntries(ctx)]);
    const trusted = entries.get(key);
    if (trusted && matchesTrusted(trusted, found.bytes)) return parseDirectoryFile(found.bytes.toString('utf8'), found.file, ctx.home);
    const reason =
      trusted === undefined ? 'not trusted yet (a directory file chooses which key programs here get)' : 'changed since you trusted it';
    settings = { file: found.file, ignored: { file: found.file, dir: found.dir, reason, hint: `port42 trust ${shellWord(found.dir)}` } };
  }
  if (!options.quiet && settings.ignored) noteOnce(ctx, settings.ignored);
  return settings;
}

/** Parses a directory file; it may hold `profile = "name"` and nothing else. */
export function parseDirectoryFile(text: string, file: string, home: string): DirectorySettings {
  const data = parseToml(text, file, home);
  for (const [key, value] of Object.entries(data)) {
    // A cloned repository writes this file (and names its directories): escaped, so that it cannot
    // add lines such as a fake `run:` to the message.
    const where = escapeControl(`${describeLocation(file, home, lineOfKey(text, [key]))}: ${key}`);
    if (!ALLOWED_KEYS.has(key)) {
      throw configError(
        `${where}: a ${DIRECTORY_FILE} may only set profile = "name" (secrets and other settings belong in the main config)`,
        `\${EDITOR:-vi} ${file}`,
      );
    }
    if (typeof value !== 'string' || value === '') {
      throw configError(`${where}: must be a profile name in quotes, e.g. profile = "work"`, `\${EDITOR:-vi} ${file}`);
    }
  }
  return { file, ...(typeof data.profile === 'string' ? { profile: data.profile } : {}) };
}

/**
 * The profile the nearest directory file names, trusted or not, or undefined (no file, an unsafe
 * one, or content that does not parse). For messages only: it chooses nothing, so trust does not
 * matter, and it never throws for the file's content. `port42 setup` says with it that global
 * settings did not follow a directory file.
 */
export async function peekDirectoryProfile(ctx: Context, from = ctx.cwd): Promise<{ file: string; profile: string } | undefined> {
  const found = await findDirectoryFile(ctx, from);
  if (found?.kind !== 'found') return undefined;
  try {
    const { profile } = parseDirectoryFile(found.bytes.toString('utf8'), found.file, ctx.home);
    return profile === undefined ? undefined : { file: found.file, profile };
  } catch {
    return undefined;
  }
}
