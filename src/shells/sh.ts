import { renderLines } from './check.ts';
import type { Shell } from './types.ts';

/**
 * Quotes a value for any POSIX-family shell (sh, dash, busybox, yash, bash, zsh, mksh, ksh93):
 * single quotes, with each `'` written as `'\''`. Nothing inside single quotes is special
 * (not `$`, `` ` ``, `\`, `!` nor newlines), so every byte but NUL survives in any locale.
 */
export function quotePosix(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

/** Builds the POSIX-family emitter: `export NAME='…'` and `unset NAME`, one line each. */
export function posixShell(name: 'sh' | 'bash' | 'zsh' | 'ksh'): Shell {
  return {
    name,
    render: (changes) =>
      renderLines(
        changes,
        (n, value) => `export ${n}=${quotePosix(value)}`,
        (n) => `unset ${n}`,
      ),
  };
}

/** POSIX sh (dash, busybox sh, yash). Usage: `eval "$(port42 env work --shell sh)"`. */
export const sh: Shell = posixShell('sh');
