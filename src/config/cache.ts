/**
 * A validated copy of the config, keyed by its text, so that the hot verbs skip
 * TOML parsing and zod (FACTS.md: ~50 ms). It holds only what the config file holds: no secrets.
 */
import { join } from 'node:path';
import type { Context } from '../context.ts';
import { ensurePrivateDir, writeFileAtomic } from '../files/atomic-file.ts';
import { readNoFollow } from '../files/no-follow.ts';
import { privateStateDir } from '../files/state-dir.ts';
import { stateDir } from '../files/paths.ts';
import { VERSION } from '../version.ts';
import type { RawConfig } from './schema.ts';

/** A config is a few KiB; anything far larger in the cache is not one port42 wrote. */
const MAX_CACHE_BYTES = 4 * 1024 * 1024;

interface CacheFile {
  readonly key: string;
  readonly raw: RawConfig;
}

/** A short, stable, non-cryptographic name for a path (FNV-1a): which slot a config caches in. */
function slotName(path: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < path.length; i++) hash = Math.imul(hash ^ path.charCodeAt(i), 0x01000193) >>> 0;
  return hash.toString(16).padStart(8, '0');
}

function cacheFile(ctx: Context, configFile: string): string {
  return join(stateDir(ctx.env, ctx.home), 'cache', `config-${slotName(configFile)}.json`);
}

/**
 * What a cached config has been through. Bumped when validation changes what it checks within one
 * version: 2 = the URL checks run at validation (before, they ran on every load, after the cache
 * was written, so a cache of a text that failed them could exist).
 */
const CACHE_FORMAT = 2;

/**
 * The key a config text is cached under: port42's version, the cache format and the whole text.
 * Comparing the text itself (not a hash) avoids loading node:crypto on the hot path, and cannot collide.
 */
export function cacheKey(text: string): string {
  return `${VERSION}\n${CACHE_FORMAT}\n${text}`;
}

/**
 * The cached validated config for this text, or undefined (missing, stale, unreadable, or not a
 * small regular file of ours in a private state directory: then the config is validated afresh).
 */
export async function readConfigCache(ctx: Context, configFile: string, key: string): Promise<RawConfig | undefined> {
  try {
    await privateStateDir(ctx);
    const text = await readNoFollow(ctx.fs, cacheFile(ctx, configFile), { maxBytes: MAX_CACHE_BYTES });
    if (text === undefined) return undefined;
    const cached = JSON.parse(text) as CacheFile;
    const raw = cached.key === key ? cached.raw : undefined;
    return typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? raw : undefined;
  } catch {
    return undefined;
  }
}

/** Stores the validated config; failures are ignored (the cache only saves time). */
export async function writeConfigCache(ctx: Context, configFile: string, key: string, raw: RawConfig): Promise<void> {
  try {
    const file = cacheFile(ctx, configFile);
    await privateStateDir(ctx);
    await ensurePrivateDir(ctx.fs, join(file, '..'));
    await writeFileAtomic(ctx.fs, file, JSON.stringify({ key, raw } satisfies CacheFile));
  } catch {
    // A read-only state directory costs speed, never correctness.
  }
}
