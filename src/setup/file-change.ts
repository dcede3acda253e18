/**
 * Reading and replacing a consumer's settings file: a symlinked file (dotfile managers) is edited
 * where it really lives, the version before setup is kept next to it as `<file>.port42.bak`
 * (src/setup/backup.ts), and the new one replaces it atomically with the old file's mode.
 */
import type * as fsp from 'node:fs/promises';
import type { Context, FileSystem } from '../context.ts';
import { ensureParentDir, readTextIfExists, writeFileAtomic } from '../files/atomic-file.ts';
import { describeLocation } from '../config/locate.ts';
import { configError, failure, Port42Error } from '../errors.ts';
import { readNoFollow, UnsafeFileError } from '../files/no-follow.ts';
import { BACKUP_SUFFIX, backUpBeforeSetup, describeBackup, readBackup, UNDO_BACKUP_SUFFIX, type BackupOutcome } from './backup.ts';
import { unifiedDiff } from './diff.ts';
import { parseJsonObject } from './json-edit.ts';
import type { Change } from './types.ts';

/** A settings file as read: where it really is, its text (undefined when missing) and its mode. */
export interface SettingsFile {
  /** The path as the user knows it. */
  readonly path: string;
  /** The file written: the symlink's target when `path` is a symlink. */
  readonly target: string;
  readonly text: string | undefined;
  readonly mode: number | undefined;
}

/** Settings files are small; a larger one is not what setup thinks it is. */
const SETTINGS_MAX_BYTES = 1024 * 1024;

/**
 * Reads a settings file, following a symlink to the file it names (dotfile managers). The file
 * itself must be a regular file of ours of at most 1 MiB, opened without blocking: `doctor` reads
 * a repository's .claude/settings.json, which a hostile clone could make a FIFO or a device.
 * Throws config (3) otherwise, the file left as it is.
 */
export async function readSettingsFile(ctx: Context, path: string): Promise<SettingsFile> {
  const fs = ctx.fs as FileSystem & Partial<Pick<typeof fsp, 'realpath'>>;
  let target = path;
  try {
    if (fs.realpath) target = await fs.realpath(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  let text: string | undefined;
  try {
    text = await readNoFollow(ctx.fs, target, { maxBytes: SETTINGS_MAX_BYTES });
  } catch (error) {
    if (!(error instanceof UnsafeFileError)) throw error;
    throw configError(`${shown(ctx, path)} is not a regular file of yours of at most 1 MiB (${error.reason}); port42 left it as it is`);
  }
  const mode = text === undefined ? undefined : (await ctx.fs.stat(target)).mode & 0o777;
  return { path, target, text, mode };
}

/**
 * Reads a JSON settings file (JSONC when `comments`), refusing one that does not parse: config
 * (3), the file left as it is.
 */
export async function readJsonSettings(ctx: Context, path: string, comments: boolean): Promise<SettingsFile> {
  const file = await readSettingsFile(ctx, path);
  const { problem } = parseJsonObject(file.text ?? '', comments);
  if (problem) throw unparsable(ctx, file.path, 'JSON', problem);
  return file;
}

/** A file's name as messages show it (`~/…`). */
export const shown = (ctx: Context, path: string): string => describeLocation(path, ctx.home, undefined);

/** How setup writes a file: whether it carries port42's wiring now, and the mode of a new file. */
export interface SetupWrite {
  /**
   * The consumer's own check that the file as read carries port42's wiring (what its `--undo`
   * removes): then an existing `.port42.bak` holds the version before that wiring, and stays.
   */
  readonly wired: boolean;
  /** The mode of a file that does not exist yet (default 0600). */
  readonly newMode?: number;
}

/**
 * The change setup makes to turn `file` into `after` (undefined when nothing changes), keeping
 * the version before setup in `<file>.port42.bak`. Applying it fails (1) when the file changed
 * since it was read.
 */
export const fileChange = (ctx: Context, file: SettingsFile, after: string, what: string, write: SetupWrite): Change | undefined =>
  replacement(ctx, file, after, what, write.newMode ?? 0o600, BACKUP_SUFFIX, () =>
    backUpBeforeSetup(ctx, { target: file.target, text: file.text, mode: file.mode, wired: write.wired }),
  );

/** The change an `--undo` makes: like fileChange, with the previous version kept apart from setup's backup. */
export const undoChange = (ctx: Context, file: SettingsFile, after: string, what: string): Change | undefined =>
  replacement(ctx, file, after, what, 0o600, UNDO_BACKUP_SUFFIX, async () => {
    if (file.text === undefined) return 'none';
    await writeFileAtomic(ctx.fs, file.target + UNDO_BACKUP_SUFFIX, file.text, file.mode ?? 0o600);
    return 'previous';
  });

function replacement(
  ctx: Context,
  file: SettingsFile,
  after: string,
  what: string,
  newMode: number,
  suffix: string,
  backUp: () => Promise<BackupOutcome>,
): Change | undefined {
  if (after === file.text) return undefined;
  const name = shown(ctx, file.path);
  let outcome: BackupOutcome = 'none';
  return {
    preview: unifiedDiff(file.text, after, name),
    // Read once applied: the message says what the backup step did.
    get done() {
      const backup = describeBackup(outcome, shown(ctx, file.target + suffix));
      return `${file.text === undefined ? 'created' : 'updated'} ${name} (${what})${backup ? `; ${backup}` : ''}`;
    },
    async apply() {
      const now = await readTextIfExists(ctx.fs, file.target);
      if (now !== file.text) throw failure(`${name} changed while port42 was editing it; nothing was written (run the same command again)`);
      if (file.text === undefined) await ensureParentDir(ctx.fs, file.target);
      outcome = await backUp();
      await writeFileAtomic(ctx.fs, file.target, after, file.mode ?? newMode);
    },
  };
}

/**
 * What the file held before setup first wired it (its `.port42.bak`), or undefined: `--undo`
 * puts back a value that setup replaced. An unsafe backup (a link, a FIFO) counts as none.
 */
export const textBeforeSetup = (ctx: Context, file: SettingsFile): Promise<string | undefined> =>
  readBackup(ctx, file.target + BACKUP_SUFFIX);

/** The error for a settings file that does not parse: config (3), the file left as it is. */
export function unparsable(ctx: Context, path: string, format: string, problem: { reason: string; line: number }): Port42Error {
  return configError(
    `${describeLocation(path, ctx.home, problem.line)}: not valid ${format} (${problem.reason}); port42 left the file as it is`,
    `\${EDITOR:-vi} +${problem.line} ${path}`,
  );
}

/**
 * Runs an edit of a parsed file's text. A file whose shape does not fit (a string where setup
 * needs an object) is a config error (3) and is left as it is.
 */
export function editOrRefuse(ctx: Context, file: SettingsFile, edit: () => string): string {
  try {
    return edit();
  } catch (error) {
    if (error instanceof Port42Error) throw error;
    throw configError(
      `${shown(ctx, file.path)}: ${(error as Error).message}; port42 left the file as it is`,
      `\${EDITOR:-vi} ${file.path}`,
    );
  }
}
