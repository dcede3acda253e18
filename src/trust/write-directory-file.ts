/**
 * `port42 profile use <name> --here`: writes `profile = "<name>"` into the `.port42.toml` of the
 * working directory (keeping its comments) and trusts what it wrote, like `mise use` trusts the
 * file it writes: a directory file that port42 writes itself needs no separate `port42 trust`.
 */
import { join } from 'node:path';
import type { Context } from '../context.ts';
import { writeFileAtomic } from '../files/atomic-file.ts';
import { failure } from '../errors.ts';
import { DIRECTORY_FILE } from '../files/paths.ts';
import { setTopLevelKey, tomlString } from '../config/edit.ts';
import { parseDirectoryFile } from '../profiles/directory-file.ts';
import { judgeDirectoryFile } from './lookup.ts';
import { trustFileContent } from './database.ts';

/**
 * Sets the profile in `<dir>/.port42.toml` (created 0644: it may be committed) and trusts the
 * result. Returns the file. Throws failure (1) for an unsafe existing file, config (3) when the
 * existing one holds more than a directory file may, store-unavailable (5) for an unsafe state dir.
 */
export async function writeDirectoryFile(ctx: Context, dir: string, profile: string): Promise<string> {
  const file = join(dir, DIRECTORY_FILE);
  const found = await judgeDirectoryFile(ctx, dir, file);
  if (found?.kind === 'unsafe') throw failure(`will not write ${file}: ${found.reason}`);
  const before = found ? found.bytes.toString('utf8') : '';
  if (found) parseDirectoryFile(before, file, ctx.home);
  let text = setTopLevelKey(before, 'profile', tomlString(profile));
  if (!text.endsWith('\n')) text += '\n';
  parseDirectoryFile(text, file, ctx.home);
  const bytes = Buffer.from(text, 'utf8');
  await writeFileAtomic(ctx.fs, file, bytes, 0o644);
  await trustFileContent(ctx, file, bytes);
  return file;
}
