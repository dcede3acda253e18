import { assertChanges } from './check.ts';
import type { EnvChange, Shell } from './types.ts';

/**
 * One JSON object member per variable, in first-seen order; a later change to the same name
 * wins, as it would in a shell. Built by hand so a name like `__proto__` is an ordinary key.
 */
export function jsonMembers(changes: readonly EnvChange[]): string[] {
  assertChanges(changes);
  const latest = new Map<string, string | null>();
  for (const { name, value } of changes) latest.set(name, value);
  return [...latest].map(([name, value]) => `${JSON.stringify(name)}:${JSON.stringify(value)}`);
}

/** A JSON object `{"NAME":"value"}`, `null` for a variable to remove, newline-terminated. */
export const json: Shell = {
  name: 'json',
  render: (changes) => `{${jsonMembers(changes).join(',')}}\n`,
};
