/**
 * The CLI entry: picks the command, parses it with node's util.parseArgs when the command line
 * is well-formed (no yargs on the way: FACTS.md measured 65–80 ms for it), and hands help,
 * --version and anything malformed to yargs for its messages and suggestions. Turns errors into
 * `port42: …` messages and exit codes. Never touches `process`.
 */
import type { Context } from '../context.ts';
import { exitCodeOf, formatError } from '../errors.ts';
import { findCommand } from './commands.ts';
import { fastParse } from './fast-parse.ts';

function asksForHelp(argv: readonly string[]): boolean {
  const own = argv.includes('--') ? argv.slice(0, argv.indexOf('--')) : argv;
  return own.some((a) => a === '--help' || a === '-h' || a === '--version');
}

/** Runs port42 with these arguments; resolves to the exit code. */
export async function main(ctx: Context, argv: readonly string[]): Promise<number> {
  try {
    const found = findCommand(argv);
    if (found && !asksForHelp(argv)) {
      const args = fastParse(found.spec, argv.slice(found.consumed));
      if (args) return await found.spec.run(ctx, args);
    }
    const { runWithYargs } = await import('./yargs-cli.ts');
    return await runWithYargs(ctx, argv);
  } catch (error) {
    ctx.stderr.write(formatError(error, ctx.env.PORT42_DEBUG === '1'));
    return exitCodeOf(error);
  }
}
