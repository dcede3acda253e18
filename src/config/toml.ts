/** TOML parsing with errors that name the file and line. */
import { parse, TomlError } from 'smol-toml';
import { configError } from '../errors.ts';
import { describeLocation } from './locate.ts';

/** Parses TOML text; a syntax error becomes a config error with file:line and the fix. */
export function parseToml(text: string, path: string, home: string): Record<string, unknown> {
  try {
    return parse(text) as Record<string, unknown>;
  } catch (error) {
    if (error instanceof TomlError) {
      const where = describeLocation(path, home, error.line);
      const reason = error.message.split('\n')[0] ?? 'syntax error';
      throw configError(`${where}: not valid TOML: ${reason}`, `\${EDITOR:-vi} +${error.line} ${path}`, error);
    }
    throw configError(`${describeLocation(path, home, undefined)}: not valid TOML`, undefined, error);
  }
}
