/**
 * Directories only the user may touch (the state directory, the agent's socket directory). Like
 * ssh's StrictModes: port42 creates them 0700 whatever the umask, and refuses one that is a
 * symbolic link, not a directory, owned by someone else or open to group/others, because another
 * local user could then plant links that port42 would write through, or read what it keeps there.
 */
import { dirname } from 'node:path';
import type { Stats } from 'node:fs';
import type { FileSystem } from '../context.ts';
import { fsSync } from '../builtins.ts';
import { storeUnavailable, type Port42Error } from '../errors.ts';

/** The only mode port42 gives its private directories. */
export const PRIVATE_DIR_MODE = 0o700;

/** How a refusal names the directory and what to suggest when another user owns it. */
export interface PrivateDirOptions {
  /** Words for the directory in messages, e.g. "state directory". */
  readonly what?: string;
  /** The fix when another user owns it (the default suggests removing it as root). */
  readonly foreignHint?: string;
}

/** The effective uid, or undefined where there is none (Windows: modes mean nothing there). */
export function effectiveUid(): number | undefined {
  return typeof process.geteuid === 'function' ? process.geteuid() : undefined;
}

/** A mode as people write it for chmod: `0755`. */
export function octal(mode: number): string {
  return '0' + (mode & 0o7777).toString(8).padStart(3, '0');
}

/**
 * Why `stats` (from lstat) is not a private directory of `euid`, as a refusal with the fix; or
 * undefined when it is one. Exported for doctor, which reports instead of throwing.
 */
export function privateDirProblem(
  stats: Stats,
  path: string,
  euid: number | undefined,
  options: PrivateDirOptions = {},
): Port42Error | undefined {
  const what = options.what ?? 'directory';
  if (stats.isSymbolicLink()) {
    return storeUnavailable(
      `the ${what} ${path} is a symbolic link; port42 keeps its files only in a real directory, so that nobody can redirect them`,
      `rm ${path}   # removes only the link; port42 then creates a private directory`,
    );
  }
  if (!stats.isDirectory()) return storeUnavailable(`the ${what} ${path} is not a directory`, `mv ${path} ${path}.bak`);
  if (euid === undefined) return undefined;
  if (stats.uid !== euid) {
    return storeUnavailable(
      `the ${what} ${path} belongs to uid ${stats.uid}, not to you (uid ${euid}): its owner could read or redirect what port42 writes there`,
      options.foreignHint ?? `sudo rm -r ${path}   # after checking what is in it; port42 then creates its own`,
    );
  }
  if ((stats.mode & 0o077) !== 0) {
    return storeUnavailable(
      `the ${what} ${path} is open to other users (mode ${octal(stats.mode)}); port42 needs it private (0700)`,
      `chmod 700 ${path}`,
    );
  }
  return undefined;
}

function errnoCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

/**
 * Ensures `path` is a private directory of the effective user: creates it (and missing parents,
 * with their default mode) as 0700 whatever the umask; else one lstat must show a real directory
 * owned by the euid with no group/other permission bits. Throws store-unavailable (exit 5) with
 * the fix otherwise (nothing is changed on an existing directory); errno errors of the file
 * system (EACCES, EROFS…) as they come, so that callers can tell "unsafe" from "unavailable".
 */
export async function ensurePrivateDir(fs: FileSystem, path: string, options: PrivateDirOptions = {}): Promise<void> {
  let stats: Stats;
  try {
    stats = (await fs.lstat(path)) as Stats;
  } catch (error) {
    if (errnoCode(error) !== 'ENOENT') throw error;
    await fs.mkdir(dirname(path), { recursive: true });
    try {
      await fs.mkdir(path, { mode: PRIVATE_DIR_MODE });
      // mkdir's mode passes through the umask; chmod does not.
      await fs.chmod(path, PRIVATE_DIR_MODE);
    } catch (createError) {
      // Another process creating it at the same moment is fine: the check below judges the result.
      if (errnoCode(createError) !== 'EEXIST') throw createError;
    }
    stats = (await fs.lstat(path)) as Stats;
  }
  const problem = privateDirProblem(stats, path, effectiveUid(), options);
  if (problem) throw problem;
}

/** ensurePrivateDir on the real file system, synchronously (for code outside a Context, e.g. the agent). */
export function ensurePrivateDirSync(path: string, options: PrivateDirOptions = {}): void {
  let stats: Stats;
  try {
    stats = fsSync.lstatSync(path);
  } catch (error) {
    if (errnoCode(error) !== 'ENOENT') throw error;
    fsSync.mkdirSync(dirname(path), { recursive: true });
    try {
      fsSync.mkdirSync(path, { mode: PRIVATE_DIR_MODE });
      fsSync.chmodSync(path, PRIVATE_DIR_MODE);
    } catch (createError) {
      if (errnoCode(createError) !== 'EEXIST') throw createError;
    }
    stats = fsSync.lstatSync(path);
  }
  const problem = privateDirProblem(stats, path, effectiveUid(), options);
  if (problem) throw problem;
}
