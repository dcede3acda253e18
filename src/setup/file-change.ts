/**
 * Reading and replacing a consumer's settings file: a symlinked file (dotfile managers) is edited
 * where it really lives, the previous version is kept next to it as `<file>.port42.bak`, and the
 * new one replaces it atomically with the old file's mode.
 */
import type * as fsp from 'node:fs/promises';
import type { Context, FileSystem } from '../context.ts';
import { ensureParentDir, readTextIfExists, writeFileAtomic } from '../files/atomic-file.ts';
import { describeLocation } from '../config/locate.ts';
import { configError, failure, Port42Error } from '../errors.ts';
import { readNoFollow, UnsafeFileError } from '../files/no-follow.ts';
import { unifiedDiff } from './diff.ts';
import { parseJsonObject } from './json-edit.ts';
import type { Change } from './types.ts';

/** The suffix of the backup kept next to a file that setup edited: the version before setup. */
export const BACKUP_SUFFIX = '.port42.bak';
/**
 * The suffix of the backup that `--undo` keeps: apart from setup's own, so that the version
 * before setup (and any value setup replaced) survives an undo.
 */
export const UNDO_BACKUP_SUFFIX = '.port42-undo.bak';

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

/**
 * The change that turns `file` into `after` (undefined when nothing changes). `newMode` applies
 * to a file that does not exist yet. Applying it fails (1) when the file changed since it was read.
 */
export function fileChange(
  ctx: Context,
  file: SettingsFile,
  after: string,
  what: string,
  newMode = 0o600,
  backupSuffix = BACKUP_SUFFIX,
): Change | undefined {
  if (after === file.text) return undefined;
  const name = shown(ctx, file.path);
  const backup = file.target + backupSuffix;
  return {
    preview: unifiedDiff(file.text, after, name),
    done:
      file.text === undefined ? `created ${name} (${what})` : `updated ${name} (${what}); the previous version is ${shown(ctx, backup)}`,
    async apply() {
      const now = await readTextIfExists(ctx.fs, file.target);
      if (now !== file.text) throw failure(`${name} changed while port42 was editing it; nothing was written (run the same command again)`);
      if (file.text === undefined) await ensureParentDir(ctx.fs, file.target);
      else await writeFileAtomic(ctx.fs, backup, file.text, file.mode ?? 0o600);
      await writeFileAtomic(ctx.fs, file.target, after, file.mode ?? newMode);
    },
  };
}

/** The change an `--undo` makes: like fileChange, with the backup kept apart from setup's own. */
export const undoChange = (ctx: Context, file: SettingsFile, after: string, what: string): Change | undefined =>
  fileChange(ctx, file, after, what, 0o600, UNDO_BACKUP_SUFFIX);

/**
 * What the file held before setup first edited it (its `.port42.bak`), or undefined: `--undo`
 * puts back a value that setup replaced.
 */
export async function textBeforeSetup(ctx: Context, file: SettingsFile): Promise<string | undefined> {
  // Read like the settings file itself: with --project it sits in a repository's .claude/, where a
  // clone could make it a FIFO, a link to /dev/zero or a value for undo to "put back". Unsafe: none.
  try {
    return await readNoFollow(ctx.fs, file.target + BACKUP_SUFFIX, { maxBytes: SETTINGS_MAX_BYTES });
  } catch (error) {
    if (error instanceof UnsafeFileError) return undefined;
    throw error;
  }
}

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
