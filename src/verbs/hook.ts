/**
 * `port42 hook bash|zsh|fish`: prints the prompt hook (src/shells/hook.ts) that runs
 * `port42 env --hook` on cd and before credentials expire, like `direnv hook`. Install with
 * `eval "$(port42 hook bash)"` in ~/.bashrc, `eval "$(port42 hook zsh)"` in ~/.zshrc, or
 * `port42 hook fish | source` in ~/.config/fish/config.fish.
 */
import type { Context } from '../context.ts';
import type { ParsedArgs } from '../cli/args.ts';
import { failure, usageError } from '../errors.ts';
import { renderHook } from '../shells/hook.ts';

const HOOK_SHELLS = ['bash', 'zsh', 'fish'] as const;
type HookShell = (typeof HOOK_SHELLS)[number];

/** Runs `hook`. Throws usage (2) for another shell, failure (1) when port42's own path is unknown. */
export async function runHook(ctx: Context, args: ParsedArgs): Promise<number> {
  const shell = args.positionals[0];
  if (!HOOK_SHELLS.includes(shell as HookShell)) {
    const near = shell ? (await import('../cli/mistakes/suggest.ts')).closest(shell, HOOK_SHELLS) : undefined;
    throw usageError(
      near
        ? `unknown shell ${JSON.stringify(shell)}; did you mean ${near}? (the prompt hook is available for ${HOOK_SHELLS.join(', ')})`
        : `the prompt hook is available for ${HOOK_SHELLS.join(', ')}${shell ? `, not ${JSON.stringify(shell)}` : ''}`,
      `port42 hook ${near ?? 'bash'}`,
    );
  }
  // The hook calls port42 back by absolute path, so it keeps working whatever PATH becomes.
  if (!ctx.selfPath) throw failure('cannot tell where the port42 executable is, so the hook could not call it back');
  ctx.stdout.write(renderHook(shell as HookShell, ctx.selfPath));
  return 0;
}
