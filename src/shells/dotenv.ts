import { usageError } from '../errors.ts';
import { renderLines } from './check.ts';
import type { Shell } from './types.ts';

/**
 * Quotes a value for the dotenv parser built into Node.js (`node --env-file`,
 * `process.loadEnvFile`, `util.parseEnv`, as of Node 20.20). That parser has no escapes except
 * `\n` inside double quotes, ends a quoted value at the first matching quote, and drops every
 * carriage return. So: single quotes if the value has no `'`; else double quotes if it has no
 * `"` and no backslash-n pair; else backticks if it has no `` ` ``. Values with a carriage
 * return, or with all three quotes (or `'`, `` ` `` and a literal backslash-n), cannot be written
 * and are refused with a usage error naming the variable. Other dotenv parsers (python-dotenv,
 * docker compose) agree for values without `\`, `$` and newlines.
 */
export function quoteDotenv(name: string, value: string): string {
  if (value.includes('\r')) {
    throw usageError(`value of ${name} contains a carriage return, which a dotenv file cannot hold`);
  }
  if (!value.includes("'")) return `'${value}'`;
  if (!value.includes('"') && !value.includes('\\n')) return `"${value}"`;
  if (!value.includes('`')) return `\`${value}\``;
  throw usageError(`value of ${name} mixes ' " and \` quotes in a way a dotenv file cannot hold`);
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
