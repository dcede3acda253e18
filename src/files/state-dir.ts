/**
 * The state directory (encrypted store, locks, audit trail, caches, trusted directory files),
 * checked before port42 reads or writes anything in it: with `XDG_STATE_HOME` in a shared place,
 * another user could have created `port42/` first and planted links in it.
 */
import type { Context, FileSystem } from '../context.ts';
import { stateDir } from './paths.ts';
import { ensurePrivateDir } from './private-dir.ts';

/**
 * Directories this process already found private, per file system (tests run many memfs volumes
 * in one process). Only verdicts of "safe" are kept, and only in memory: the hot verbs touch the
 * state directory two or three times and pay one lstat.
 */
const verified = new WeakMap<FileSystem, Set<string>>();

/**
 * The state directory, created 0700 if absent, after one lstat showed it is a real directory of
 * the effective user with no group/other access. Throws store-unavailable (exit 5) with the fix
 * when it is not; errno errors (EACCES, EROFS…) as they come.
 */
export async function privateStateDir(ctx: Pick<Context, 'fs' | 'env' | 'home'>): Promise<string> {
  const dir = stateDir(ctx.env, ctx.home);
  let known = verified.get(ctx.fs);
  if (known?.has(dir)) return dir;
  await ensurePrivateDir(ctx.fs, dir, {
    what: 'state directory',
    foreignHint: ctx.env.XDG_STATE_HOME
      ? 'export XDG_STATE_HOME="$HOME/.local/state"   # a directory of your own'
      : `sudo rm -r ${dir}   # after checking what is in it; port42 then creates its own`,
  });
  if (!known) verified.set(ctx.fs, (known = new Set()));
  known.add(dir);
  return dir;
}
