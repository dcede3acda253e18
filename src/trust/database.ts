/**
 * Which directory files the user trusts: `<stateDir>/trusted.json`, a map from the real path of a
 * `.port42.toml` to the SHA-256 of its bytes (direnv allow, mise trust) and, when they are UTF-8,
 * the bytes themselves (at most 4 KiB, `profile = "…"` and comments: nothing secret). A file
 * counts only while its content is exactly what was trusted; a change makes it untrusted again.
 * The hot path compares the bytes and so never loads node:crypto (~3 ms); the hash decides only
 * for entries without text. The database is read with one open, and written under a lock
 * (re-read inside it) so that concurrent `trust` commands never drop each other's entries.
 */
import { basename, dirname, join } from 'node:path';
import type { Context } from '../context.ts';
import { writeFileAtomic } from '../files/atomic-file.ts';
import { withFileLock } from '../files/file-lock.ts';
import { loadCrypto } from '../builtins.ts';
import { readNoFollow } from '../files/no-follow.ts';
import { privateStateDir } from '../files/state-dir.ts';
import { storeUnavailable } from '../errors.ts';

/** The file name in the state directory. */
export const TRUST_FILE = 'trusted.json';

/** What was trusted: the SHA-256 (hex) of the content, and the content when it is UTF-8. */
export interface TrustEntry {
  readonly sha256: string;
  readonly text?: string;
}

/** Real path of a directory file → what was trusted. */
export type TrustEntries = Map<string, TrustEntry>;

/** SHA-256 of `bytes` as hex; node:crypto is loaded only when a directory file was found. */
export function sha256Hex(bytes: Uint8Array): string {
  return loadCrypto().createHash('sha256').update(bytes).digest('hex');
}

function parseEntries(text: string | undefined): TrustEntries {
  const entries: TrustEntries = new Map();
  if (text === undefined) return entries;
  try {
    const data = JSON.parse(text) as { v?: unknown; files?: unknown };
    if (data.v !== 1 || typeof data.files !== 'object' || data.files === null) return entries;
    for (const [path, value] of Object.entries(data.files as Record<string, unknown>)) {
      const entry = (typeof value === 'object' && value !== null ? value : {}) as { sha256?: unknown; text?: unknown };
      if (typeof entry.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(entry.sha256)) continue;
      entries.set(path, typeof entry.text === 'string' ? { sha256: entry.sha256, text: entry.text } : { sha256: entry.sha256 });
    }
  } catch {
    // A damaged database trusts nothing: every directory file asks again.
  }
  return entries;
}

async function readFrom(ctx: Pick<Context, 'fs'>, path: string): Promise<TrustEntries> {
  try {
    return parseEntries(await readNoFollow(ctx.fs, path, { maxBytes: 4 * 1024 * 1024 }));
  } catch (error) {
    // Not a regular file of ours: trust nothing rather than what someone put there.
    return error instanceof Error && error.name === 'UnsafeFileError' ? new Map() : Promise.reject(error);
  }
}

/** The trusted entries (empty when there is no database). Throws store-unavailable (5) for a state directory that is not ours. */
export async function readTrustEntries(ctx: Pick<Context, 'fs' | 'env' | 'home'>): Promise<TrustEntries> {
  return readFrom(ctx, join(await privateStateDir(ctx), TRUST_FILE));
}

/**
 * Changes the database under its lock: re-reads it, applies `change`, writes it atomically (0600).
 * Throws store-unavailable (5) for an unsafe state directory, failure (1) when the lock is busy.
 */
export async function updateTrustEntries(ctx: Context, change: (entries: TrustEntries) => void): Promise<void> {
  const path = join(await privateStateDir(ctx), TRUST_FILE);
  await withFileLock(ctx.fs, `${path}.lock`, { pid: ctx.pid, now: () => ctx.now(), timeoutMs: 5000 }, async () => {
    const entries = await readFrom(ctx, path);
    change(entries);
    const files = Object.fromEntries([...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    try {
      await writeFileAtomic(ctx.fs, path, JSON.stringify({ v: 1, files }, null, 2) + '\n', 0o600);
    } catch (error) {
      throw storeUnavailable(
        `cannot write ${path} (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
        `ls -ld ${join(path, '..')}`,
        error,
      );
    }
  });
}

/** The real path under which a directory file is trusted: its directory's real path + the name. */
export async function trustKey(ctx: Pick<Context, 'fs'>, file: string): Promise<string> {
  return join((await ctx.fs.realpath(dirname(file))) as string, basename(file));
}

/**
 * Trusts a directory file with exactly these bytes: `port42 trust`, and any port42 command that
 * writes a `.port42.toml` itself (it is trusted when written). Throws as updateTrustEntries.
 */
export async function trustFileContent(ctx: Context, file: string, bytes: Uint8Array): Promise<void> {
  const key = await trustKey(ctx, file);
  const text = Buffer.from(bytes).toString('utf8');
  // Text only when it round-trips: invalid UTF-8 would decode the same for different bytes.
  const entry: TrustEntry = Buffer.from(text, 'utf8').equals(bytes) ? { sha256: sha256Hex(bytes), text } : { sha256: sha256Hex(bytes) };
  await updateTrustEntries(ctx, (entries) => void entries.set(key, entry));
}

/** Whether `bytes` are exactly the content that `entry` trusted. */
export function matchesTrusted(entry: TrustEntry, bytes: Uint8Array): boolean {
  if (entry.text !== undefined) return Buffer.from(entry.text, 'utf8').equals(bytes);
  return sha256Hex(bytes) === entry.sha256;
}
