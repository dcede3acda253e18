import { usageError } from '../errors.ts';
import { bash } from './bash.ts';
import { dotenv } from './dotenv.ts';
import { elvish } from './elvish.ts';
import { fish } from './fish.ts';
import { gha } from './gha.ts';
import { json } from './json.ts';
import { ksh } from './ksh.ts';
import { nu } from './nu.ts';
import { pwsh } from './pwsh.ts';
import { sh } from './sh.ts';
import { tcsh } from './tcsh.ts';
import type { Shell, ShellName } from './types.ts';
import { zsh } from './zsh.ts';

const SHELLS: Readonly<Record<ShellName, Shell>> = { bash, zsh, sh, ksh, fish, tcsh, elvish, pwsh, nu, json, dotenv, gha };

/** Every name `--shell` accepts. */
export const SHELL_NAMES: readonly ShellName[] = Object.keys(SHELLS) as ShellName[];

/** The emitter for a `--shell` name; throws a usage error listing the valid names otherwise. */
export function getShell(name: string): Shell {
  if (Object.hasOwn(SHELLS, name)) return SHELLS[name as ShellName];
  throw usageError(`unknown shell ${JSON.stringify(name)}; use one of: ${SHELL_NAMES.join(', ')}`);
}

const BY_PROGRAM: Readonly<Record<string, ShellName>> = {
  bash: 'bash',
  zsh: 'zsh',
  fish: 'fish',
  tcsh: 'tcsh',
  csh: 'tcsh',
  ksh: 'ksh',
  mksh: 'ksh',
  ksh93: 'ksh',
  dash: 'sh',
  sh: 'sh',
  busybox: 'sh',
  elvish: 'elvish',
  nu: 'nu',
  pwsh: 'pwsh',
  powershell: 'pwsh',
};

/**
 * The shell to emit for when `--shell` is not given, from the basename of `$SHELL`
 * (e.g. `/usr/bin/mksh` → `ksh`, `csh` → `tcsh`). Unknown or unset falls back to `sh`,
 * whose code every POSIX shell runs.
 */
export function shellFromPath(shellEnv: string | undefined): ShellName {
  const program = (shellEnv ?? '').split(/[\\/]/).at(-1) ?? '';
  const base = program
    .replace(/^-/, '')
    .replace(/\.exe$/i, '')
    .toLowerCase();
  return Object.hasOwn(BY_PROGRAM, base) ? (BY_PROGRAM[base] ?? 'sh') : 'sh';
}
