/**
 * The CLI entry: picks the command, parses it with node's util.parseArgs when the command line
 * is well-formed (no yargs on the way: FACTS.md measured 65–80 ms for it). Anything else goes to
 * port42's own diagnosis (src/cli/mistakes/), and help and --version to yargs. Turns errors into
 * `port42: …` messages with secrets hidden, and exit codes. Never touches `process`.
 */
import type { Context } from '../context.ts';
import { exitCodeOf, formatError, Port42Error } from '../errors.ts';
import { findCommand } from './commands.ts';
import { fastParse } from './fast-parse.ts';
import { reportCommand } from './report-code-path.ts';
import { mayBeSecret } from './secret-words.ts';
import { VERSION } from '../version.ts';

function ownWords(argv: readonly string[]): readonly string[] {
  return argv.includes('--') ? argv.slice(0, argv.indexOf('--')) : argv;
}

/**
 * `port42 --profile work auth token` means `port42 auth token --profile work`: the global option
 * may come before the command (as with gh and git), and moved after it the line stays on the
 * fast path instead of loading yargs. Anything else is left as it is.
 */
export function globalOptionsAfterCommand(argv: readonly string[]): readonly string[] {
  const leading: string[] = [];
  let i = 0;
  while (i < argv.length) {
    const word = argv[i]!;
    const width = word === '--profile' && i + 1 < argv.length ? 2 : word.startsWith('--profile=') ? 1 : 0;
    if (width === 0) break;
    leading.push(...argv.slice(i, i + width));
    i += width;
  }
  if (i === 0) return argv;
  const rest = argv.slice(i);
  const found = findCommand(rest);
  return found ? [...rest.slice(0, found.consumed), ...leading, ...rest.slice(found.consumed)] : argv;
}

function asksForHelp(argv: readonly string[]): boolean {
  return ownWords(argv).some((a) => a === '--help' || a === '-h' || a === '--version');
}

/** Runs port42 with these arguments; resolves to the exit code. */
export async function main(ctx: Context, typed: readonly string[]): Promise<number> {
  const argv = globalOptionsAfterCommand(typed);
  try {
    // Scripts ask for it to check an install: answered without yargs (~20 ms of loading).
    if (argv.length === 1 && argv[0] === '--version') {
      ctx.stdout.write(VERSION + '\n');
      return 0;
    }
    const found = findCommand(argv);
    if (found) reportCommand(found.spec.path.join(' '));
    const help = asksForHelp(argv);
    // The verbs other programs call never prompt (PRODUCT.md rule 7); the others may ask on a terminal.
    let runCtx: Context = { ...ctx, interactive: found?.spec.hot !== true };
    // A verb people type may quote an argument in a note: its stderr hides secret-looking ones.
    // The hot verbs skip this (their messages are errors, redacted below).
    if (found && !found.spec.hot && ownWords(argv).some(mayBeSecret))
      runCtx = await (await import('./mistakes/render-error.ts')).redactingContext(runCtx, argv);
    if (found && !help) {
      const args = fastParse(found.spec, argv.slice(found.consumed));
      if (args) return await found.spec.run(runCtx, args);
    }
    // Off the well-formed path: explain the mistake in port42's words before yargs is loaded.
    const { diagnose } = await import('./mistakes/diagnose.ts');
    const problem = diagnose(argv, help);
    if (problem) throw problem;
    const { runWithYargs } = await import('./yargs-cli.ts');
    return await runWithYargs(runCtx, argv);
  } catch (error) {
    // The common failures of the hot verbs (no key, store unavailable) with short words only: no
    // word can hold a key (src/cli/secret-words.ts), nothing to suggest.
    if (error instanceof Port42Error && !error.suggest && !argv.some(mayBeSecret)) {
      ctx.stderr.write(formatError(error, ctx.env.PORT42_DEBUG === '1'));
      return exitCodeOf(error);
    }
    const { renderError } = await import('./mistakes/render-error.ts');
    const { text, code } = await renderError(ctx, error, argv);
    ctx.stderr.write(text);
    return code;
  }
}
