/**
 * `port42 trust [dir]`, `port42 untrust [dir]`, `port42 trust --list`: which directory files may
 * choose a profile (like `direnv allow` / `mise trust`). A file counts while its real path and
 * the SHA-256 of its content match what was trusted (src/trust/database.ts).
 */
import { isAbsolute, join, resolve } from 'node:path';
import type { Context } from '../context.ts';
import { booleanOption, type ParsedArgs } from '../cli/args.ts';
import { failure, usageError } from '../errors.ts';
import { DIRECTORY_FILE } from '../files/paths.ts';
import { escapeControl } from '../terminal/escape.ts';
import { parseDirectoryFile } from '../profiles/directory-file.ts';
import { findDirectoryFile, judgeDirectoryFile } from '../trust/lookup.ts';
import { matchesTrusted, readTrustEntries, trustFileContent, trustKey, updateTrustEntries, type TrustEntry } from '../trust/database.ts';
import { loadConfig } from '../config/load.ts';

/** The directory and file a command names: `<dir>/.port42.toml` (or the file itself), else the nearest one. */
async function target(ctx: Context, arg: string | undefined): Promise<{ dir: string; file: string }> {
  if (arg !== undefined) {
    const path = isAbsolute(arg) ? arg : resolve(ctx.cwd, arg);
    if (path.endsWith(`/${DIRECTORY_FILE}`)) return { dir: resolve(path, '..'), file: path };
    return { dir: path, file: join(path, DIRECTORY_FILE) };
  }
  const nearest = await findDirectoryFile(ctx);
  if (!nearest) {
    throw failure(`no ${DIRECTORY_FILE} in ${ctx.cwd} or above`, `printf 'profile = "work"\\n' > ${DIRECTORY_FILE}`);
  }
  return { dir: nearest.dir, file: nearest.file };
}

async function trust(ctx: Context, arg: string | undefined): Promise<number> {
  const { dir, file } = await target(ctx, arg);
  const found = await judgeDirectoryFile(ctx, dir, file);
  if (!found) throw failure(`there is no ${file}`, `printf 'profile = "work"\\n' > ${join(dir, DIRECTORY_FILE)}`);
  if (found.kind === 'unsafe') throw failure(`will not trust ${file}: ${found.reason}`);
  // Only content that would be used: a file with secrets or other keys is refused (exit 3) now, not at every call.
  const settings = parseDirectoryFile(found.bytes.toString('utf8'), file, ctx.home);
  await trustFileContent(ctx, file, found.bytes);
  // Paths and the profile name come from the repository: escaped before they reach the terminal.
  const chooses = settings.profile === undefined ? '' : ` (profile "${escapeControl(settings.profile)}")`;
  ctx.stderr.write(`port42: trusted ${escapeControl(file)}${chooses}\n`);
  if (settings.profile !== undefined) {
    const config = await loadConfig(ctx).catch(() => undefined);
    if (config && !config.profiles.has(settings.profile)) {
      ctx.stderr.write(`port42: warning: the config has no profile "${escapeControl(settings.profile)}"\n  run: port42 profile list\n`);
    }
  }
  return 0;
}

async function untrust(ctx: Context, arg: string | undefined): Promise<number> {
  const { file } = await target(ctx, arg);
  // A directory that is gone can still be untrusted by the path the user gives.
  const key = await trustKey(ctx, file).catch(() => file);
  let removed = false;
  await updateTrustEntries(ctx, (entries) => {
    removed = entries.delete(key) || entries.delete(file);
  });
  ctx.stderr.write(removed ? `port42: untrusted ${escapeControl(key)}\n` : `port42: ${escapeControl(key)} was not trusted\n`);
  return 0;
}

/** trusted | changed | missing | unsafe, for `trust --list`. */
async function currentState(ctx: Context, file: string, entry: TrustEntry): Promise<string> {
  const found = await judgeDirectoryFile(ctx, resolve(file, '..'), file).catch(() => undefined);
  if (!found) return 'missing';
  if (found.kind === 'unsafe') return 'unsafe';
  return matchesTrusted(entry, found.bytes) ? 'trusted' : 'changed';
}

async function list(ctx: Context): Promise<number> {
  const entries = await readTrustEntries(ctx);
  if (entries.size === 0) {
    ctx.stderr.write('port42: no directory file is trusted\n  run: port42 trust <dir>\n');
    return 0;
  }
  const rows: string[] = [];
  for (const [file, entry] of entries) {
    const state = await currentState(ctx, file, entry);
    rows.push(ctx.stdout.isTTY ? `${state.padEnd(8)} ${escapeControl(file)}\n` : `${state}\t${escapeControl(file)}\n`);
  }
  ctx.stdout.write(rows.join(''));
  return 0;
}

/** Runs `trust` / `untrust`. Throws usage (2), failure (1), config (3), store-unavailable (5). */
export async function runTrust(ctx: Context, args: ParsedArgs, action: 'trust' | 'untrust'): Promise<number> {
  if (args.positionals.length > 1) throw usageError(`${action} takes one directory`, `port42 ${action} .`);
  const arg = args.positionals[0];
  if (action === 'untrust') return untrust(ctx, arg);
  if (booleanOption(args, 'list')) {
    if (arg !== undefined) throw usageError('trust --list takes no directory', 'port42 trust --list');
    return list(ctx);
  }
  return trust(ctx, arg);
}
