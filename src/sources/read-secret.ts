/** Reads a secret from the user: hidden prompt on a TTY, stdin when piped — never argv. */
import type { Context } from '../context.ts';
import { usageError } from '../errors.ts';

/** Checks a secret's characters; returns it trimmed. Throws usage errors that never quote it. */
export function cleanSecret(raw: string, what: string): string {
  const value = raw.replace(/\r?\n$/, '').trim();
  if (value === '') throw usageError(`no ${what} given: the input was empty`);
  if (/[\0\r\n]/.test(value)) throw usageError(`the ${what} contains a line break or NUL byte: give exactly one line`);
  return value;
}

/** Reads one secret: `question` is shown on the terminal; piped stdin is read whole. */
export async function readSecret(ctx: Context, question: string, what: string): Promise<string> {
  const raw = ctx.stdin.isTTY ? await ctx.prompt(question, { hidden: true }) : await ctx.stdin.readAll();
  return cleanSecret(raw, what);
}
