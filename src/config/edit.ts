/**
 * Edits the config as text so that comments, order and other keys survive (smol-toml's stringify
 * would drop comments). Every edit is re-validated before it is written, atomically.
 */
import type { Context } from '../context.ts';
import { dirname } from 'node:path';
import { readTextIfExists, writeFileAtomic } from '../files/atomic-file.ts';
import { withFileLock } from '../files/file-lock.ts';
import { ensureConfigDir } from '../files/config-dir.ts';
import { configError } from '../errors.ts';
import { configPath } from '../files/paths.ts';
import { buildConfig } from './build.ts';
import { validateConfigText } from './load.ts';
import type { Config } from './types.ts';
import type { RawConfig } from './schema.ts';
import { cacheKey, readConfigCache, writeConfigCache } from './cache.ts';
import { parseToml } from './toml.ts';
import { setTopLevelKey as setTomlTopLevelKey, tomlLiteral, tomlString } from '../setup/toml-edit.ts';

// One surgical TOML editor serves the config and `port42 setup` (Codex's config.toml): it keeps
// comments, CRLF and multi-line strings, and its tests check layouts byte for byte. It is pure
// text code with no imports beyond its line scanner, so the config writer stays cold and light.
export { tomlString } from '../setup/toml-edit.ts';

/**
 * Sets a top-level key: its value replaced in place (a trailing comment kept), or a new line of
 * its own before the first table and the comments above it, else at the end.
 */
export function setTopLevelKey(text: string, key: string, value: string): string {
  return setTomlTopLevelKey(text, key, value, 'before-tables');
}

/** A TOML value for a string, number, boolean, string array or string table. */
export function tomlValue(value: string | number | boolean | readonly string[] | Readonly<Record<string, string>>): string {
  if (typeof value === 'string' || Array.isArray(value)) return tomlLiteral(value as string | readonly string[]);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const entries = Object.entries(value as Record<string, string>).map(([k, v]) => `${k} = ${tomlString(v)}`);
  return `{ ${entries.join(', ')} }`;
}

const HEADER = /^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(#.*)?$/;

function headerKey(line: string): string | undefined {
  const match = HEADER.exec(line);
  return match?.[1]?.replace(/\s+/g, '').replace(/"/g, '');
}

/**
 * Appends a `[profiles.<name>]` table with the given keys. Throws when the table exists (another
 * writer added it since the caller looked): a second table would not parse.
 */
export function appendProfile(text: string, name: string, keys: ReadonlyArray<readonly [string, string]>): string {
  if (text.split('\n').some((line) => headerKey(line) === `profiles.${name}`)) throw new Error(`profile "${name}" already exists`);
  const body = keys.map(([k, v]) => `${k} = ${v}`).join('\n');
  const trimmed = text.replace(/\n*$/, '');
  return `${trimmed}${trimmed ? '\n\n' : ''}[profiles.${name}]\n${body}\n`;
}

/** Sets a key inside `[profiles.<name>]` (replacing its line, or adding it after the header). */
export function setProfileKey(text: string, name: string, key: string, value: string): string {
  const lines = text.split('\n');
  const start = lines.findIndex((line) => headerKey(line) === `profiles.${name}`);
  if (start === -1) throw new Error(`no [profiles.${name}] table`);
  let end = lines.findIndex((line, i) => i > start && headerKey(line) !== undefined);
  if (end === -1) end = lines.length;
  const pattern = new RegExp(`^\\s*${key}\\s*=`);
  for (let i = start + 1; i < end; i++) {
    if (pattern.test(lines[i] ?? '')) {
      lines[i] = `${key} = ${value}`;
      return lines.join('\n');
    }
  }
  lines.splice(start + 1, 0, `${key} = ${value}`);
  return lines.join('\n');
}

/** Removes `[profiles.<name>]` and its sub-tables, with the comment lines just above them. */
export function removeProfile(text: string, name: string): string {
  const lines = text.split('\n');
  const out: string[] = [];
  let removing = false;
  for (const line of lines) {
    const key = headerKey(line);
    if (key !== undefined) {
      removing = key === `profiles.${name}` || key.startsWith(`profiles.${name}.`);
      if (removing) {
        // The comments directly above a table describe it: they go too.
        while (out.length > 0 && /^\s*#/.test(out[out.length - 1] ?? '')) out.pop();
        continue;
      }
    }
    if (!removing) out.push(line);
  }
  return out.join('\n').replace(/\n{3,}/g, '\n\n');
}

/** Reads the config text ('' when the file does not exist yet). */
export async function readConfigText(ctx: Context): Promise<{ path: string; text: string; exists: boolean }> {
  const path = configPath(ctx.env, ctx.home);
  const text = await readTextIfExists(ctx.fs, path);
  return { path, text: text ?? '', exists: text !== undefined };
}

/** An edit of the config: the new text, and (when the edit knows it) what the data becomes. */
export interface ConfigEdit {
  readonly text: (text: string) => string;
  /**
   * The validated data after the edit, computed from the data before it. When given and the new
   * text parses to exactly this, the edit is valid by construction and zod is not loaded (it
   * costs ~50 ms; `profile use` should take well under 100 ms).
   */
  readonly data?: (raw: RawConfig) => RawConfig;
  /**
   * Runs under the lock once the new text validated, just before it replaces the file (e.g.
   * `profile remove` deleting the profile's secrets): a writer that never gets the lock, or whose
   * edit is refused, does none of it.
   */
  readonly beforeWrite?: () => Promise<void>;
}

/** JSON with object keys sorted, to compare parsed TOML with expected data. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/** How long a config writer waits for another one before giving up (exit 1, nothing changed). */
export const CONFIG_LOCK_TIMEOUT_MS = 5000;

/**
 * Applies an edit to the config file under its lock (`config.toml.lock`, the store's exclusive-
 * create lock with dead-holder recovery): re-reads the file inside it, edits, validates the
 * result completely, then replaces the file atomically (and refreshes the validated-config
 * cache). Concurrent writers take turns, so none drops another's change. On any error the file
 * is unchanged. Returns the new Config. Throws config (3), failure (1) after waiting
 * CONFIG_LOCK_TIMEOUT_MS for the lock.
 */
export async function editConfig(ctx: Context, change: ConfigEdit | ((text: string) => string)): Promise<Config> {
  const edit: ConfigEdit = typeof change === 'function' ? { text: change } : change;
  const path = configPath(ctx.env, ctx.home);
  await ensureConfigDir(ctx.fs, dirname(path));
  // zod loads before the lock (~50 ms), not while other writers wait for it.
  if (!edit.data) await import('./schema.ts');
  const lock = { pid: ctx.pid, now: () => ctx.now(), timeoutMs: CONFIG_LOCK_TIMEOUT_MS, staleMs: 10_000 };
  return withFileLock(ctx.fs, `${path}.lock`, lock, () => editLocked(ctx, edit));
}

async function editLocked(ctx: Context, edit: ConfigEdit): Promise<Config> {
  const { path, text, exists } = await readConfigText(ctx);
  // Refuse to build on a broken file; a cached validation of this very text is as good.
  const before: RawConfig = exists
    ? ((await readConfigCache(ctx, path, cacheKey(text))) ?? (await validateConfigText({ path, text, home: ctx.home })))
    : {};
  let next: string;
  try {
    next = edit.text(text);
  } catch (error) {
    throw configError(`cannot edit ${path}: ${(error as Error).message}`, `\${EDITOR:-vi} ${path}`, error);
  }
  if (!next.endsWith('\n')) next += '\n';
  const source = { path, text: next, home: ctx.home, proposed: true };
  let after: RawConfig | undefined;
  if (edit.data) {
    const parsed = parseToml(next, path, ctx.home);
    const expected = edit.data(before);
    if (canonical(parsed) === canonical(expected)) after = expected;
  }
  after ??= await validateConfigText(source);
  const config = buildConfig(source, after, true);
  await edit.beforeWrite?.();
  let mode = 0o600;
  if (exists) mode = (await ctx.fs.stat(path)).mode & 0o777 || 0o600;
  await writeFileAtomic(ctx.fs, path, next, mode);
  await writeConfigCache(ctx, path, cacheKey(next), after);
  return config;
}
