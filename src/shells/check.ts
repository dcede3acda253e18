import { usageError } from '../errors.ts';
import type { EnvChange } from './types.ts';

const VALID_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * False exactly when `value` holds a lone UTF-16 surrogate (ES2024 String#isWellFormed, in Node 20;
 * not yet in this project's TypeScript lib). A `/\p{Cs}/u` regex says the same, but building it
 * costs ~0.2 ms on every start of the hot bundle.
 */
const isWellFormed = (value: string): boolean => (value as string & { isWellFormed(): boolean }).isWellFormed();

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
  if (!isWellFormed(value)) {
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
