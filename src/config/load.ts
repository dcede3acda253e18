/** Loads the config file: path resolution, TOML parsing, validation (cached), building. */
import type { Context } from '../context.ts';
import { readTextIfExists } from '../files/atomic-file.ts';
import { configError } from '../errors.ts';
import { configPath } from '../files/paths.ts';
import { BUILTIN_PROVIDERS } from '../providers/table.ts';
import type { Config } from './types.ts';
import type { RawConfig } from './schema.ts';
import { buildConfig, checkConfigUrls, configKeyError, implicitProfiles, type ConfigSourceText } from './build.ts';
import { describeLocation } from './locate.ts';
import { cacheKey, readConfigCache, writeConfigCache } from './cache.ts';
import { parseToml } from './toml.ts';
import { warnAboutConfigPermissions } from '../files/config-dir.ts';

/** The config with no file: the built-in providers as implicit profiles. */
export function emptyConfig(path: string): Config {
  return {
    path,
    exists: false,
    store: 'auto',
    profiles: implicitProfiles(BUILTIN_PROVIDERS),
    providers: new Map(BUILTIN_PROVIDERS.map((p) => [p.id, p])),
  };
}

/** Parses and validates config text, URLs included (no cache). Throws config errors naming file, line and key. */
export async function validateConfigText(source: ConfigSourceText): Promise<RawConfig> {
  const data = parseToml(source.text, source.path, source.home);
  const { validateRawConfig } = await import('./schema.ts');
  const result = validateRawConfig(data);
  if (!result.ok) {
    const issue = result.issues[0]!;
    const error = configKeyError(source, issue.path, issue.message);
    const more = result.issues.length - 1;
    if (more > 0) error.message += ` (and ${more} more problem${more > 1 ? 's' : ''})`;
    throw error;
  }
  checkConfigUrls(source, result.value);
  return result.value;
}

/**
 * Loads the config from $PORT42_CONFIG / XDG / home. A missing file is not an error, except one
 * that PORT42_CONFIG names.
 * Throws config errors (exit 3) for unreadable, unparsable or invalid files.
 */
export async function loadConfig(ctx: Context): Promise<Config> {
  const path = configPath(ctx.env, ctx.home);
  let text: string | undefined;
  try {
    text = await readTextIfExists(ctx.fs, path);
  } catch (error) {
    throw configError(`cannot read ${describeLocation(path, ctx.home, undefined)}: ${(error as Error).message}`, `ls -l ${path}`, error);
  }
  if (text === undefined) {
    // A variable that names a file is a choice: a typo in it must not silently mean "no config".
    if (ctx.env.PORT42_CONFIG) {
      throw configError(
        `PORT42_CONFIG names ${describeLocation(path, ctx.home, undefined)}, which does not exist`,
        `touch ${path}   # or unset PORT42_CONFIG`,
      );
    }
    return emptyConfig(path);
  }
  await warnAboutConfigPermissions(ctx, path);
  const source: ConfigSourceText = { path, text, home: ctx.home };
  const key = cacheKey(text);
  let raw = await readConfigCache(ctx, path, key);
  if (!raw) {
    raw = await validateConfigText(source);
    await writeConfigCache(ctx, path, key, raw);
  }
  return buildConfig(source, raw, true);
}
