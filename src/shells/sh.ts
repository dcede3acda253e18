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

/**
 * Quotes one word of a command line shown to a person: bare when it is made only of characters no
 * POSIX shell treats specially (so `git config --global …` reads as typed), single-quoted
 * (quotePosix) otherwise. `!` is not among them: bash's history expansion acts on it unquoted.
 */
export function quotePosixWord(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : quotePosix(word);
}

/**
 * Quotes a value for bash, zsh and ksh so that the code stays on one line: each control character
 * (newline included) becomes an ANSI-C `$'\ooo'` piece between single-quoted parts. Pasted at an
 * interactive bash prompt, a raw newline would start a new history line, and one starting with
 * `^` is a quick substitution (`^old^new`) applied before the quotes are parsed.
 */
export function quoteOneLine(value: string): string {
  if (!/[\x00-\x1f\x7f]/.test(value)) return quotePosix(value);
  return value
    .split(/([\x00-\x1f\x7f]+)/)
    .filter((part) => part !== '')
    .map((part) =>
      /^[\x00-\x1f\x7f]/.test(part)
        ? `$'${[...part].map((c) => '\\' + c.charCodeAt(0).toString(8).padStart(3, '0')).join('')}'`
        : quotePosix(part),
    )
    .join('');
}

/** Builds the POSIX-family emitter: `export NAME='…'` and `unset NAME`, one line each. */
export function posixShell(name: 'sh' | 'bash' | 'zsh' | 'ksh'): Shell {
  return {
    name,
    render: (changes) =>
      renderLines(
        changes,
        (n, value) => `export ${n}=${name === 'sh' ? quotePosix(value) : quoteOneLine(value)}`,
        (n) => `unset ${n}`,
      ),
  };
}

/** POSIX sh (dash, busybox sh, yash). Usage: `eval "$(port42 env work --shell sh)"`. */
export const sh: Shell = posixShell('sh');
