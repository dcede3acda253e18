/** Reading a helper's request from stdin: bounded, and done at git's blank line. */
import type { Context } from '../context.ts';
import { usageError } from '../errors.ts';

/** The most a helper reads from stdin; real requests are a few hundred bytes. */
export const MAX_HELPER_INPUT_BYTES = 1024 * 1024;

/**
 * True once the bytes hold a blank line (`\n\n`, `\n\r\n`, or one at the very start), which ends
 * a git credential description (git-credential(1)): a caller that keeps the pipe open after it
 * is answered instead of waited for.
 */
export function hasBlankLine(bytes: Uint8Array): boolean {
  // A byte loop: Buffer#includes costs ~0.1 ms on its first call, and this runs on every `helper get`.
  for (let start = 0; start < bytes.length; start++) {
    if (start > 0 && bytes[start - 1] !== 0x0a) continue; // not the start of a line
    if (bytes[start] === 0x0a || (bytes[start] === 0x0d && bytes[start + 1] === 0x0a)) return true;
  }
  return false;
}

async function readBounded(ctx: Pick<Context, 'stdin'>, done?: (soFar: Buffer) => boolean): Promise<Buffer> {
  if (ctx.stdin.readBytes) return ctx.stdin.readBytes(MAX_HELPER_INPUT_BYTES, done);
  const bytes = Buffer.from(await ctx.stdin.readAll(), 'utf8');
  if (bytes.length > MAX_HELPER_INPUT_BYTES) throw usageError(`the input on stdin is larger than ${MAX_HELPER_INPUT_BYTES} bytes`);
  return bytes;
}

/** A git credential description from stdin (up to the blank line or end of input). Throws usage (2) past 1 MiB. */
export function readGitRequest(ctx: Pick<Context, 'stdin'>): Promise<Buffer> {
  return readBounded(ctx, hasBlankLine);
}

/** All of stdin (docker sends one URL or one JSON object, then closes). Throws usage (2) past 1 MiB. */
export function readDockerInput(ctx: Pick<Context, 'stdin'>): Promise<Buffer> {
  return readBounded(ctx);
}
