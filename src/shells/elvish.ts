import { renderLines } from './check.ts';
import type { Shell } from './types.ts';

/** Quotes a value for elvish: single quotes, in which `''` is a quote and all else is literal. */
export function quoteElvish(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/**
 * elvish: `set-env NAME '…'` and `unset-env NAME`.
 * Usage: `eval (port42 env work --shell elvish | slurp)`.
 */
export const elvish: Shell = {
  name: 'elvish',
  render: (changes) =>
    renderLines(
      changes,
      (name, value) => `set-env ${name} ${quoteElvish(value)}`,
      (name) => `unset-env ${name}`,
    ),
};
