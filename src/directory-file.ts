/** The per-directory `.port42.toml`: the nearest one from the working directory upwards. */
import { dirname, join } from 'node:path';
import type { Context } from './context.ts';
import { readTextIfExists } from './atomic-file.ts';
import { parseToml } from './config/toml.ts';
import { configError } from './errors.ts';
import { DIRECTORY_FILE } from './paths.ts';
import { describeLocation, lineOfKey } from './config/locate.ts';

/** What a directory file may set: non-secret settings only. */
export interface DirectorySettings {
  readonly file: string;
  readonly profile?: string;
}

const ALLOWED_KEYS = new Set(['profile']);

/** The nearest `.port42.toml` from `from` upwards (bounded by the path depth), or undefined. */
export async function findDirectorySettings(ctx: Context, from = ctx.cwd): Promise<DirectorySettings | undefined> {
  let dir = from;
  for (let depth = 0; depth < 256; depth++) {
    const file = join(dir, DIRECTORY_FILE);
    const text = await readTextIfExists(ctx.fs, file).catch(() => undefined);
    if (text !== undefined) return parseDirectoryFile(text, file, ctx.home);
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
  return undefined;
}

/** Parses a directory file; it may hold `profile = "name"` and nothing else. */
export function parseDirectoryFile(text: string, file: string, home: string): DirectorySettings {
  const data = parseToml(text, file, home);
  for (const [key, value] of Object.entries(data)) {
    const where = describeLocation(file, home, lineOfKey(text, [key]));
    if (!ALLOWED_KEYS.has(key)) {
      throw configError(
        `${where}: ${key}: a ${DIRECTORY_FILE} may only set profile = "name" (secrets and other settings belong in the main config)`,
        `\${EDITOR:-vi} ${file}`,
      );
    }
    if (typeof value !== 'string' || value === '') {
      throw configError(`${where}: ${key}: must be a profile name in quotes, e.g. profile = "work"`, `\${EDITOR:-vi} ${file}`);
    }
  }
  return { file, ...(typeof data.profile === 'string' ? { profile: data.profile } : {}) };
}
