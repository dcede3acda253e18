import { usageError } from '../errors.ts';
import type { EnvChange } from './types.ts';

const VALID_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
// With the u flag a well-formed surrogate pair is one code point, so this matches only lone halves.
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * Throws a usage error unless `name` is `[A-Za-z_][A-Za-z0-9_]*`. Every emitter pastes names
 * into code unquoted, so a bad name would be an injection.
 */
export function assertName(name: string): void {
  if (!VALID_NAME.test(name)) {
    throw usageError(`${JSON.stringify(name)} is not a valid environment variable name (use letters, digits and _)`);
  }
}

/**
 * Throws a usage error for a value no environment can hold: a NUL byte, or a lone UTF-16
 * surrogate (it cannot be written as UTF-8). The message names the variable, never the value.
 */
export function assertValue(name: string, value: string): void {
  if (value.includes('\0')) throw usageError(`value of ${name} contains a NUL byte, which no shell can hold`);
  if (LONE_SURROGATE.test(value)) {
    throw usageError(`value of ${name} is not valid Unicode (it has a lone surrogate), so it cannot be written as UTF-8`);
  }
}

/** Checks every change before anything is rendered, so a bad change never yields half a script. */
export function assertChanges(changes: readonly EnvChange[]): void {
  for (const { name, value } of changes) {
    assertName(name);
    if (value !== null) assertValue(name, value);
  }
}

/** Renders one line per change (newline-terminated) after checking them all. */
export function renderLines(
  changes: readonly EnvChange[],
  set: (name: string, value: string) => string,
  unset: (name: string) => string,
): string {
  assertChanges(changes);
  return changes.map(({ name, value }) => (value === null ? unset(name) : set(name, value)) + '\n').join('');
}
