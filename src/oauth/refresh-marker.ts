/**
 * The "refresh before next use" marker that `helper erase` leaves for an OAuth profile whose
 * token a server refused. git calls erase after a 401; port42 keeps its tokens (it is the source
 * of truth) but should not hand the refused access token out again. The marker is a small file
 * in the state directory, `refresh-<profile>`, holding `{"rejected_at": <unix seconds>}`. The
 * OAuth source honours it: a token obtained before `rejected_at` is refreshed before it is handed
 * out, and the marker is removed after a refresh. It holds no secret.
 */
import { join } from 'node:path';
import type { Context } from '../context.ts';
import { writeFileAtomic } from '../files/atomic-file.ts';
import { readNoFollow } from '../files/no-follow.ts';
import { privateStateDir } from '../files/state-dir.ts';
import { stateDir } from '../files/paths.ts';

/** Where the marker of a profile lives (profile names cannot contain `/`: see config/schema.ts). */
export function refreshMarkerPath(ctx: Pick<Context, 'env' | 'home'>, profile: string): string {
  return join(stateDir(ctx.env, ctx.home), `refresh-${profile}`);
}

/** Writes the marker with the current time. Throws file-system errors. */
export async function markForRefresh(ctx: Pick<Context, 'env' | 'home' | 'fs' | 'now'>, profile: string): Promise<void> {
  await privateStateDir(ctx);
  const body = JSON.stringify({ rejected_at: Math.floor(ctx.now() / 1000) }) + '\n';
  await writeFileAtomic(ctx.fs, refreshMarkerPath(ctx, profile), body);
}

/** When a server last refused the profile's token (unix seconds), or undefined without a readable marker. */
export async function readRefreshMarker(ctx: Pick<Context, 'env' | 'home' | 'fs'>, profile: string): Promise<number | undefined> {
  // Never follow a link or trust a marker that is not a small file of ours: it only ever holds a time.
  const text = await readNoFollow(ctx.fs, refreshMarkerPath(ctx, profile), { maxBytes: 4096 }).catch(() => undefined);
  if (text === undefined) return undefined;
  try {
    const value = (JSON.parse(text) as { rejected_at?: unknown }).rejected_at;
    return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Removes the marker (after a refresh); absent is fine. */
export async function clearRefreshMarker(ctx: Pick<Context, 'env' | 'home' | 'fs'>, profile: string): Promise<void> {
  await ctx.fs.unlink(refreshMarkerPath(ctx, profile)).catch(() => undefined);
}
