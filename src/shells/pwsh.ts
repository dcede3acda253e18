import { renderLines } from './check.ts';
import type { Shell } from './types.ts';

/**
 * Quotes a value for PowerShell: a verbatim single-quoted string. PowerShell ends such a string
 * at `'` and also at the typographic quotes U+2018–U+201B, and reads any of them doubled as the
 * character itself, so each is doubled.
 */
export function quotePwsh(value: string): string {
  return `'${value.replace(/['\u2018-\u201b]/g, '$&$&')}'`;
}

/**
 * PowerShell: `$Env:NAME = '…'` and `Remove-Item Env:NAME`.
 * Usage: `port42 env work --shell pwsh | Out-String | Invoke-Expression`.
 * Some PowerShell versions remove a variable assigned `''` instead of setting it empty.
 */
export const pwsh: Shell = {
  name: 'pwsh',
  render: (changes) =>
    renderLines(
      changes,
      (name, value) => `$Env:${name} = ${quotePwsh(value)}`,
      (name) => `Remove-Item Env:${name} -ErrorAction SilentlyContinue`,
    ),
};
