/**
 * The backup kept next to a file that setup edits, `<file>.port42.bak`: the version from before
 * port42 wired the file, which `--undo` reads to put back what setup replaced. It must survive a
 * second setup over port42's own wiring (another profile, a newer port42), and must not outlive
 * that wiring: once the wiring is gone, the file as it is now is the next "before".
 */
import type { Context } from '../context.ts';
import { writeFileAtomic } from '../files/atomic-file.ts';
import { readNoFollow, UnsafeFileError } from '../files/no-follow.ts';

/** The suffix of the backup kept next to a file that setup edited: the version before setup. */
export const BACKUP_SUFFIX = '.port42.bak';
/**
 * The suffix of the backup that `--undo` keeps: apart from setup's own, so that the version
 * before setup (and any value setup replaced) survives an undo.
 */
export const UNDO_BACKUP_SUFFIX = '.port42-undo.bak';

/** Backups are copies of settings files, which are at most 1 MiB. */
const BACKUP_MAX_BYTES = 1024 * 1024;

/**
 * What happened to the backup before setup wrote a file: `before` written (the file as it was is
 * the version before setup), `previous` written (the file already carried port42's wiring and had
 * no backup: the best there is), `kept` (it holds the version from before this wiring), `removed`
 * (the file was gone, so a backup from an earlier wiring described nothing), or `none`.
 */
export type BackupOutcome = 'before' | 'previous' | 'kept' | 'removed' | 'none';

/** The file setup is about to replace, as it was read. */
export interface FileBeforeSetup {
  /** The file written (a symlink's target). */
  readonly target: string;
  readonly text: string | undefined;
  readonly mode: number | undefined;
  /** Whether `text` carries port42's wiring, by the consumer's own check (what its undo removes). */
  readonly wired: boolean;
}

/**
 * Reads a backup like the settings file itself: no link followed, no FIFO or device, at most
 * 1 MiB. With `--project` it sits in a repository's .claude/, where a clone could plant one.
 * Undefined when it is missing or unsafe (an unsafe backup counts as none).
 */
export async function readBackup(ctx: Context, path: string): Promise<string | undefined> {
  try {
    return await readNoFollow(ctx.fs, path, { maxBytes: BACKUP_MAX_BYTES });
  } catch (error) {
    if (error instanceof UnsafeFileError) return undefined;
    throw error;
  }
}

/**
 * Brings `<target>.port42.bak` up to date just before setup replaces `file` (see BackupOutcome).
 * A backup is written atomically with the original's mode; an existing one is never rewritten
 * while the wiring it preceded is still there. Errno errors pass through.
 */
export async function backUpBeforeSetup(ctx: Context, file: FileBeforeSetup): Promise<BackupOutcome> {
  const backup = file.target + BACKUP_SUFFIX;
  if (file.text === undefined) return (await removeStale(ctx, backup)) ? 'removed' : 'none';
  if (file.wired && (await readBackup(ctx, backup)) !== undefined) return 'kept';
  // Written by rename: an unsafe entry in the backup's place (a link, a FIFO) is replaced, not followed.
  await writeFileAtomic(ctx.fs, backup, file.text, file.mode ?? 0o600);
  return file.wired ? 'previous' : 'before';
}

/** Removes a backup left from a wiring whose file is gone; true when there was one. */
async function removeStale(ctx: Context, backup: string): Promise<boolean> {
  try {
    const stats = await ctx.fs.lstat(backup);
    // Only what setup could have left there; anything else is not ours to delete.
    if (!stats.isFile() && !stats.isSymbolicLink()) return false;
    await ctx.fs.unlink(backup);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

/** How a done message says what happened to the backup `shownPath` (empty for none). */
export function describeBackup(outcome: BackupOutcome, shownPath: string): string {
  switch (outcome) {
    case 'before':
      return `the version before setup is kept in ${shownPath}`;
    case 'previous':
      return `the previous version is kept in ${shownPath}`;
    case 'kept':
      return `${shownPath} still holds the version from before port42 set it up`;
    case 'removed':
      return `removed ${shownPath}, left from an earlier setup of a file deleted since`;
    case 'none':
      return '';
  }
}
