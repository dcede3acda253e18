/**
 * The last known cost of a profile for a month, in `<stateDir>/cache/cost-<profile>-<YYYY-MM>.json`
 * (0600 in a 0700 directory). `usage` writes it; every release reads it for the budget warning, so
 * the hot path never goes to the network. It holds an amount of money, no secret.
 */
import { join } from 'node:path';
import type { Context } from '../context.ts';
import { ensurePrivateDir, writeFileAtomic } from '../files/atomic-file.ts';
import { readNoFollow } from '../files/no-follow.ts';
import { privateStateDir } from '../files/state-dir.ts';
import { stateDir } from '../files/paths.ts';

/** How long a fetched cost counts as fresh for `usage`. */
export const COST_CACHE_TTL_MS = 60 * 60 * 1000;

/** One cached cost. */
export interface CachedCost {
  readonly v: 1;
  readonly profile: string;
  readonly provider: string;
  /** `YYYY-MM`. */
  readonly month: string;
  readonly usd: number;
  /** When it was fetched, ms since the epoch. */
  readonly fetchedAt: number;
}

/** The cache file of a profile and month. */
export function costCachePath(ctx: Pick<Context, 'env' | 'home'>, profile: string, month: string): string {
  // Profile names are [A-Za-z0-9._-] (config schema); the replace only guards against surprises.
  const safe = profile.replace(/[^A-Za-z0-9._-]/g, '_');
  return join(stateDir(ctx.env, ctx.home), 'cache', `cost-${safe}-${month}.json`);
}

/** The cached cost, or undefined when there is none or it cannot be read. */
export async function readCostCache(ctx: Context, profile: string, month: string): Promise<CachedCost | undefined> {
  try {
    await privateStateDir(ctx);
    const text = await readNoFollow(ctx.fs, costCachePath(ctx, profile, month), { maxBytes: 64 * 1024 });
    if (text === undefined) return undefined;
    const value = JSON.parse(text) as Partial<CachedCost>;
    if (value.v !== 1 || value.profile !== profile || value.month !== month) return undefined;
    if (typeof value.usd !== 'number' || !Number.isFinite(value.usd) || typeof value.fetchedAt !== 'number') return undefined;
    return value as CachedCost;
  } catch {
    return undefined;
  }
}

/** True when the entry was fetched less than COST_CACHE_TTL_MS ago. */
export function isFresh(entry: CachedCost, now: number): boolean {
  return now - entry.fetchedAt >= 0 && now - entry.fetchedAt < COST_CACHE_TTL_MS;
}

/** Writes the entry atomically. Throws what the file system throws. */
export async function writeCostCache(ctx: Context, entry: CachedCost): Promise<void> {
  const path = costCachePath(ctx, entry.profile, entry.month);
  await privateStateDir(ctx);
  await ensurePrivateDir(ctx.fs, join(path, '..'));
  await writeFileAtomic(ctx.fs, path, JSON.stringify(entry) + '\n', 0o600);
}
