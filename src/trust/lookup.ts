/**
 * Finding the nearest `.port42.toml` safely. Anyone who can write to a directory above the cwd
 * can put a file there: a FIFO would hang every call (and, with the hook, every prompt), a link
 * to /dev/tty would swallow keystrokes, one to /dev/zero would cost hundreds of MB. So each
 * candidate is opened without following links and without blocking, and only a small regular
 * file of the user's own (or root's) in a directory others cannot write to is read. The walk
 * stops below `PORT42_CEILING_DIRECTORIES` (git's GIT_CEILING_DIRECTORIES).
 */
import { dirname, isAbsolute, join, resolve } from 'node:path';
import type { Context } from '../context.ts';
import { DIRECTORY_FILE } from '../files/paths.ts';
import { readNoFollowBytes, UnsafeFileError, type UnsafeFileReason } from '../files/no-follow.ts';
import { writableByOthers } from '../files/config-dir.ts';

/** The largest directory file port42 reads (PRODUCT.md "Files"). */
export const MAX_DIRECTORY_FILE_BYTES = 4096;

/** The nearest directory file, read; or one that was there but may not be read, and why. */
export type DirectoryFileLookup =
  | { readonly kind: 'found'; readonly file: string; readonly dir: string; readonly bytes: Buffer }
  | { readonly kind: 'unsafe'; readonly file: string; readonly dir: string; readonly reason: string };

const REASONS: Readonly<Record<UnsafeFileReason, string>> = {
  symlink: 'it is a symbolic link (a directory file counts only as a regular file)',
  'not-regular': 'it is not a regular file',
  'too-large': `it is larger than ${MAX_DIRECTORY_FILE_BYTES / 1024} KiB`,
  'foreign-owner': 'it belongs to another user',
};

/** The ceiling directories: absolute entries of the colon-separated list, without trailing slashes. */
export function ceilingDirectories(env: Readonly<Record<string, string | undefined>>): Set<string> {
  const entries = (env.PORT42_CEILING_DIRECTORIES ?? '').split(':');
  return new Set(entries.filter((entry) => entry !== '' && isAbsolute(entry)).map((entry) => resolve(entry)));
}

/**
 * Reads `file` in `dir` if it is a usable directory file: found (with its bytes), unsafe (with
 * why), or undefined when there is none. `port42 trust` judges a file exactly as lookups do.
 */
export async function judgeDirectoryFile(ctx: Context, dir: string, file: string): Promise<DirectoryFileLookup | undefined> {
  let bytes: Buffer | undefined;
  try {
    bytes = await readNoFollowBytes(ctx.fs, file, { maxBytes: MAX_DIRECTORY_FILE_BYTES, alsoOwners: [0] });
  } catch (error) {
    const reason =
      error instanceof UnsafeFileError ? REASONS[error.reason] : `it cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`;
    return { kind: 'unsafe', file, dir, reason };
  }
  if (bytes === undefined) return undefined;
  // Like git's safe.directory: a file in a directory others can write to could be theirs tomorrow.
  const stats = await ctx.fs.stat(dir);
  if (typeof process.geteuid === 'function' && writableByOthers(stats.mode, stats.gid)) {
    return { kind: 'unsafe', file, dir, reason: `its directory ${dir} is writable by other users` };
  }
  return { kind: 'found', file, dir, bytes };
}

/**
 * The nearest directory file from `from` upwards: the first directory that holds an entry named
 * `.port42.toml` decides, whether that entry is usable or not (an unusable one is not skipped for
 * one further up). Undefined when there is none below the root or a ceiling. Never throws for
 * what it finds; errno errors of stat on a directory it already entered pass through.
 */
export async function findDirectoryFile(ctx: Context, from = ctx.cwd): Promise<DirectoryFileLookup | undefined> {
  const ceilings = ceilingDirectories(ctx.env);
  let dir = resolve(from);
  for (let depth = 0; depth < 256; depth++) {
    const found = await judgeDirectoryFile(ctx, dir, join(dir, DIRECTORY_FILE));
    if (found) return found;
    const parent = dirname(dir);
    if (parent === dir || ceilings.has(parent)) return undefined;
    dir = parent;
  }
  return undefined;
}
