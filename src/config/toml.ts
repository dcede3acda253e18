/** TOML parsing with errors that name the file and line. */
import { parse, TomlError } from 'smol-toml';
import { configError } from '../errors.ts';
import { describeLocation } from './locate.ts';

/** "a string opened on this line is not closed" when a line holds an odd number of quotes. */
function unclosedString(text: string, line: number): string | undefined {
  // The parser reports the line where the string ran into a line break: this one or the next.
  for (const n of [line, line - 1]) {
    const content = (text.split('\n')[n - 1] ?? '').replace(/\\./g, '').replace(/#.*$/, '');
    for (const quote of ['"', "'"]) {
      if ((content.split(quote).length - 1) % 2 === 1) return `the string opened on line ${n} is not closed: add the closing ${quote}`;
    }
  }
  return undefined;
}

/** Parses TOML text; a syntax error becomes a config error with file:line and the fix. */
export function parseToml(text: string, path: string, home: string): Record<string, unknown> {
  try {
    return parse(text) as Record<string, unknown>;
  } catch (error) {
    if (error instanceof TomlError) {
      const where = describeLocation(path, home, error.line);
      const reason = unclosedString(text, error.line) ?? error.message.split('\n')[0] ?? 'syntax error';
      throw configError(`${where}: not valid TOML: ${reason}`, `\${EDITOR:-vi} +${error.line} ${path}`, error);
    }
    throw configError(`${describeLocation(path, home, undefined)}: not valid TOML`, undefined, error);
  }
}
