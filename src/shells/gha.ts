import { randomHex as randomHexBytes } from '../builtins.ts';
import { assertChanges, renderLines } from './check.ts';
import type { EnvChange, Shell } from './types.ts';

/** 32 random hex digits from node:crypto. */
const randomHex = (): string => randomHexBytes(16);

/**
 * A heredoc delimiter for `value`: `ghadelimiter_` plus random hex, drawn again until the value
 * does not contain it, so no line of the value can end the block early.
 */
export function ghaDelimiter(value: string, random: () => string = randomHex): string {
  for (;;) {
    const delimiter = `ghadelimiter_${random()}`;
    if (!value.includes(delimiter)) return delimiter;
  }
}

/**
 * The GitHub Actions `$GITHUB_ENV` file format: a `NAME<<DELIMITER` block per value. The file
 * cannot remove a variable, so a removal sets it empty (`NAME=`). `port42 env work --shell gha`
 * appends it to `$GITHUB_ENV` itself (gha-env-file.ts) and prints `renderGhaMasks` on stdout.
 * On Windows runners a value ending in a carriage return loses it (the runner reads CRLF as one
 * line break).
 */
export const gha: Shell = {
  name: 'gha',
  render: (changes) =>
    renderLines(
      changes,
      (name, value) => {
        const delimiter = ghaDelimiter(value);
        return `${name}<<${delimiter}\n${value}\n${delimiter}`;
      },
      (name) => `${name}=`,
    ),
};

/**
 * `::add-mask::` workflow commands that make the runner hide each value in later logs. They
 * must go to the step's stdout (the runner reads workflow commands only there), never into
 * `$GITHUB_ENV`. The runner masks log lines one at a time, so a multi-line value is masked line
 * by line; blank lines are skipped, since masking whitespace would blank out every log.
 * `%` is escaped as `%25`, as the runner unescapes command data.
 */
export function renderGhaMasks(changes: readonly EnvChange[]): string {
  assertChanges(changes);
  const masks = new Set<string>();
  for (const { value } of changes) {
    for (const line of value?.split(/\r\n|\r|\n/) ?? []) {
      if (line.trim() !== '') masks.add(`::add-mask::${line.replaceAll('%', '%25')}\n`);
    }
  }
  return [...masks].join('');
}
