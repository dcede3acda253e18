/**
 * The per-profile lock that makes refresh single-flight across processes (PRODUCT.md rule 4):
 * `oauth-<profile>.lock` in the 0700 state directory. Login and logout take it too, so that a
 * refresh never writes back tokens that a login replaced or a logout deleted.
 */
import { join } from 'node:path';
import type { Context } from '../context.ts';
import { privateStateDir } from '../files/state-dir.ts';
import { withFileLock } from '../files/file-lock.ts';
import type { LockTimings } from './system.ts';

/** The lock file of a profile (profile names are letters, digits, ".", "_" and "-": safe in a file name). */
export function tokenLockPath(stateDirectory: string, profile: string): string {
  return join(stateDirectory, `oauth-${profile}.lock`);
}

/** Runs `work` holding the profile's lock. Throws failure (1) when the lock cannot be had in time. */
export async function withTokenLock<T>(ctx: Context, profile: string, timings: LockTimings, work: () => Promise<T>): Promise<T> {
  const dir = await privateStateDir(ctx);
  return withFileLock(ctx.fs, tokenLockPath(dir, profile), { pid: ctx.pid, now: () => ctx.now(), ...timings }, work);
}
