import { usageError } from '../errors.ts';
import { renderLines } from './check.ts';
import type { Shell } from './types.ts';

/**
 * python-dotenv expands `${NAME}` and `${NAME:-default}` in every value, quoted or not, after
 * decoding it, and has no escape for `$`: such a value cannot be written for it.
 */
const PYTHON_DOTENV_VARIABLE = /\$\{[^}:]*(?::-[^}]*)?\}/;

/**
 * Quotes a value so that python-dotenv (1.x), docker compose (compose-go, documented as "single-
 * quoted values are used literally") and Node's parser (`node --env-file`, `util.parseEnv`) all
 * read it back byte for byte:
 * - single quotes when the value has no `'`, no `\\` and does not end in `\`: compose and Node
 *   take single-quoted text as it is; python-dotenv decodes only `\\` and `\'` there, and a `\`
 *   before the closing quote would escape it (in compose too);
 * - else (the value has a `'`) double quotes when it has no `"`, `\` or `$`: all three decode
 *   escapes and compose expands `$VAR` inside double quotes, so none may be present.
 * Anything else — a carriage return (Node drops it), `${…}` (python-dotenv expands it even in
 * single quotes), or `'` together with `"`, `\` or `$` — is refused with a usage error that names
 * the variable, never the value.
 */
export function quoteDotenv(name: string, value: string): string {
  if (value.includes('\r')) {
    throw usageError(`value of ${name} contains a carriage return, which a dotenv file cannot hold`);
  }
  if (PYTHON_DOTENV_VARIABLE.test(value)) {
    throw usageError(`value of ${name} contains \${…}, which python-dotenv expands in every value (it has no escape for it)`);
  }
  if (!value.includes("'") && !value.includes('\\\\') && !value.endsWith('\\')) return `'${value}'`;
  if (!/["\\$]/.test(value)) return `"${value}"`;
  throw usageError(
    `value of ${name} mixes ' with ", \\ or $ in a way that python-dotenv, docker compose and Node cannot all read literally`,
  );
}

/**
 * dotenv lines `NAME='…'`. A dotenv file cannot remove a variable, so a removal is written as
 * the comment `# unset NAME`, which parsers skip.
 */
export const dotenv: Shell = {
  name: 'dotenv',
  render: (changes) =>
    renderLines(
      changes,
      (name, value) => `${name}=${quoteDotenv(name, value)}`,
      (name) => `# unset ${name}`,
    ),
};
