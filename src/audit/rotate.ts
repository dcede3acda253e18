/**
 * Size-bounded rotation of the audit trail: `audit.jsonl` → `audit.jsonl.1` (replacing the older
 * `.1`), so the trail keeps two generations and at most about twice the limit on disk.
 */
import type { Context } from '../context.ts';
import { Port42Error } from '../errors.ts';
import { withFileLock } from '../files/file-lock.ts';

/**
 * Renames the trail to `.1` if it is still over `maxBytes`. Under a lock, and the size is read
 * again inside it: of several writers that crossed the limit together, one rotates and the rest
 * find a small file and leave it (without the re-check each would rename the fresh file over
 * `.1` and drop a whole generation). A writer that appended to the old file just before the
 * rename wrote into what is now `.1`: rename moves the inode, so nothing is lost.
 * Throws what the file system throws; a busy lock is not an error (someone else is rotating).
 */
export async function rotateAuditTrail(ctx: Pick<Context, 'fs' | 'pid' | 'now'>, path: string, maxBytes: number): Promise<void> {
  try {
    // Short bounds: this runs inside `auth token`; a rotation takes a millisecond.
    await withFileLock(ctx.fs, `${path}.lock`, { pid: ctx.pid, now: ctx.now, timeoutMs: 250, pollMs: 10, staleMs: 2000 }, async () => {
      let size: number;
      try {
        size = (await ctx.fs.stat(path)).size;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
        throw error;
      }
      if (size >= maxBytes) await ctx.fs.rename(path, `${path}.1`);
    });
  } catch (error) {
    if (error instanceof Port42Error) return; // lock timeout: another process holds it
    throw error;
  }
}
