/** Finding programs on PATH without running them (doctor, setup's notes). */
import { join } from 'node:path';
import type { Context } from '../context.ts';

/** The full path of an executable file named `program` in $PATH, or undefined. */
export async function findOnPath(ctx: Context, program: string): Promise<string | undefined> {
  for (const dir of (ctx.env.PATH ?? '').split(':')) {
    if (!dir) continue;
    const path = join(dir, program);
    try {
      const stat = await ctx.fs.stat(path);
      if (stat.isFile() && (stat.mode & 0o111) !== 0) return path;
    } catch {
      // Missing or unreadable: try the next directory.
    }
  }
  return undefined;
}
