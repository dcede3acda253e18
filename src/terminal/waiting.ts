/**
 * Feedback while port42 waits on the network (issue 10, item 9): on a terminal, one line on
 * stderr says what it waits for ("checking api.openai.com…") and is erased when the wait ends.
 * Nothing when stderr is not a terminal, never anything on stdout.
 */
import type { Context } from '../context.ts';

/** The host of a URL for a waiting line, or the URL itself when it does not parse. */
export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** Runs `work`, showing `port42: <what>…` on a terminal's stderr meanwhile. */
export async function whileWaiting<T>(ctx: Pick<Context, 'stderr'>, what: string, work: () => Promise<T>): Promise<T> {
  if (!ctx.stderr.isTTY) return work();
  ctx.stderr.write(`port42: ${what}…`);
  try {
    return await work();
  } finally {
    // Carriage return + erase line: the next message starts on a clean line.
    ctx.stderr.write('\r\x1b[2K');
  }
}
