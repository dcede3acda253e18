/**
 * `port42 completion bash|zsh|fish|pwsh`: prints the completion script, generated from the
 * command table; completions/ holds the same scripts, checked by test/completions.
 */
import type { Context } from '../context.ts';
import type { ParsedArgs } from '../cli/args.ts';
import type { CommandSpec } from '../cli/commands.ts';
import { usageError } from '../errors.ts';
import { COMPLETION_SHELLS, renderCompletion, type CompletionShell } from '../completions/render.ts';

/** Runs `completion` for the given command table. Throws usage (2) for a shell without a script. */
export async function runCompletion(ctx: Context, args: ParsedArgs, commands: readonly CommandSpec[]): Promise<number> {
  const shell = args.positionals[0];
  if (!COMPLETION_SHELLS.includes(shell as CompletionShell)) {
    const near = shell ? (await import('../cli/mistakes/suggest.ts')).closest(shell, COMPLETION_SHELLS) : undefined;
    throw usageError(
      near
        ? `unknown shell ${JSON.stringify(shell)}; did you mean ${near}? (completion scripts exist for ${COMPLETION_SHELLS.join(', ')})`
        : `completion scripts exist for ${COMPLETION_SHELLS.join(', ')}${shell ? `, not ${JSON.stringify(shell)}` : ''}`,
      `port42 completion ${near ?? 'bash'}`,
    );
  }
  ctx.stdout.write(renderCompletion(shell as CompletionShell, commands));
  return 0;
}
