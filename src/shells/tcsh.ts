import { renderLines } from './check.ts';
import type { Shell } from './types.ts';

const PIECE = /[^'\\!\n]+|['\\!\n]/g;

/**
 * Quotes a value for tcsh (and csh). Plain runs go in single quotes; `'`, `\` and `!` get a
 * backslash outside the quotes (`!` is a history event even inside single quotes, and outside
 * quotes `\` behaves the same whether or not `backslash_quote` is set). A newline becomes `$'\n'`,
 * because a newline inside quotes needs a line break in the code, and `eval "\`…\`"` turns line
 * breaks into spaces. `$'…'` needs tcsh 6.23.01 or later; values without newlines use only classic csh quoting.
 */
export function quoteTcsh(value: string): string {
  if (value === '') return "''";
  return value.replace(PIECE, (piece) => {
    if (piece === '\n') return "$'\\n'";
    if (piece.length === 1 && "'\\!".includes(piece)) return `\\${piece}`;
    return `'${piece}'`;
  });
}

/**
 * tcsh/csh: `setenv NAME …;` and `unsetenv NAME;`. Each line ends in `;` because
 * `eval "\`…\`"` joins the lines into one command line.
 * Usage: `eval "\`port42 env work --shell tcsh\`"` (also works saved to a file and `source`d).
 */
export const tcsh: Shell = {
  name: 'tcsh',
  render: (changes) =>
    renderLines(
      changes,
      (name, value) => `setenv ${name} ${quoteTcsh(value)};`,
      (name) => `unsetenv ${name};`,
    ),
};
