/**
 * port42's words for config schema problems (issue 10): what type a key expects and how to write
 * it, and the closest valid value or key name, instead of the validator's phrasing. Cold: loaded
 * with the schema, only when the config text changed.
 */
import { didYouMean } from '../cli/mistakes/suggest.ts';
import { looksLikeSecret } from '../cli/mistakes/redact.ts';

type Path = readonly (string | number)[];

/** The value at a key path of the parsed TOML, or undefined. */
export function valueAt(data: unknown, path: Path): unknown {
  let value: unknown = data;
  for (const key of path) value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  return value;
}

/**
 * A config value as messages quote it: a key pasted where a setting belongs is not repeated (the
 * message may reach doctor's stdout or the shell hook's stderr, which do not redact).
 */
export function quotedValue(value: string): string {
  return looksLikeSecret(value) ? 'a value that looks like a key (not shown)' : JSON.stringify(value);
}

function describeValue(value: unknown): string {
  if (typeof value === 'string') return looksLikeSecret(value) ? quotedValue(value) : `the string ${JSON.stringify(value)}`;
  if (typeof value === 'number' || typeof value === 'boolean') return `the ${typeof value} ${String(value)}`;
  if (Array.isArray(value)) return 'a list';
  if (value instanceof Date) return 'a date';
  return value !== null && typeof value === 'object' ? 'a table' : String(value);
}

const EXPECTED: Readonly<Record<string, string>> = {
  string: 'a string in quotes',
  number: 'a number',
  array: 'a list [ … ]',
  object: 'a table',
  boolean: 'true or false',
};

/** `expected a string in quotes, got the number 4: write model = "4"`. */
export function wrongType(key: string, expected: string, value: unknown): string {
  const want = EXPECTED[expected] ?? expected;
  let example = '';
  if (expected === 'string' && (typeof value === 'number' || typeof value === 'boolean')) example = `${key} = "${String(value)}"`;
  else if (expected === 'array' && typeof value === 'string' && !looksLikeSecret(value)) example = `${key} = [${JSON.stringify(value)}]`;
  else if (expected === 'number' && typeof value === 'string' && Number.isFinite(Number(value))) example = `${key} = ${value}`;
  return `expected ${want}, got ${describeValue(value)}${example ? `: write ${example}` : ''}`;
}

/** `"apikey" is not a valid value; did you mean "api-key"? (one of …)`. */
export function wrongValue(value: unknown, choices: readonly unknown[]): string {
  const names = choices.map(String);
  const quoted = (s: string) => JSON.stringify(s);
  const hint = typeof value === 'string' ? didYouMean(value, names, quoted) : '';
  return `${typeof value === 'string' ? quotedValue(value) : JSON.stringify(value)} is not a valid value${hint}${hint ? '' : `: use one of ${names.map(quoted).join(', ')}`}`;
}

/** `unknown key "modle"; did you mean "model"?`, or the spelling advice when nothing is close. */
export function unknownKeys(keys: readonly string[], known: readonly string[]): string {
  const first = keys[0] ?? '';
  const hint = didYouMean(first, known, (s) => JSON.stringify(s));
  const list = keys.map((k) => `"${k}"`).join(', ');
  return `unknown key${keys.length > 1 ? 's' : ''} ${list}${hint || ': check the spelling (see the config reference in the README)'}`;
}

/** `unknown provider "opneai"; did you mean openai? …` for a profile naming no known provider. */
export function unknownProvider(id: string, known: readonly string[]): string {
  const hint = didYouMean(id, known);
  return hint
    ? `unknown provider "${id}"${hint} (or define [providers.${id}])`
    : `unknown provider "${id}": use one of ${known.join(', ')}, or define [providers.${id}]`;
}
