import { renderLines } from './check.ts';
import type { Shell } from './types.ts';

/**
 * Quotes a value for fish: single quotes, in which only `\\` and `\'` are escapes, so `\` and
 * `'` get a backslash and everything else (newlines included) is literal.
 */
export function quoteFish(value: string): string {
  return `'${value.replace(/[\\']/g, '\\$&')}'`;
}

/** fish: `set -gx NAME '…'` and `set -e NAME`. Usage: `port42 env work --shell fish | source`. */
export const fish: Shell = {
  name: 'fish',
  render: (changes) =>
    renderLines(
      changes,
      (name, value) => `set -gx ${name} ${quoteFish(value)}`,
      (name) => `set -e ${name}`,
    ),
};
