/**
 * The shell hook: `eval "$(port42 hook bash)"` in ~/.bashrc, `eval "$(port42 hook zsh)"` in
 * ${ZDOTDIR:-~}/.zshrc, `port42 hook fish | source` in ~/.config/fish/config.fish — appended once.
 */
import { basename, join } from 'node:path';
import type { Context } from '../context.ts';
import { usageError } from '../errors.ts';
import { fileChange, readSettingsFile, shown, undoChange } from './file-change.ts';
import { plan, type Consumer, type SetupPlan, type SetupRequest, type Wiring } from './types.ts';

const HOOK_SHELLS = ['bash', 'zsh', 'fish'] as const;
type HookShell = (typeof HOOK_SHELLS)[number];

/** The line setup adds for each shell (README "Shell hook"). */
export const HOOK_LINES: Readonly<Record<HookShell, string>> = {
  bash: 'eval "$(port42 hook bash)"',
  zsh: 'eval "$(port42 hook zsh)"',
  fish: 'port42 hook fish | source',
};

function rcPath(ctx: Context, shell: HookShell): string {
  if (shell === 'bash') return join(ctx.home, '.bashrc');
  if (shell === 'zsh') return join(ctx.env.ZDOTDIR || ctx.home, '.zshrc');
  return join(ctx.env.XDG_CONFIG_HOME || join(ctx.home, '.config'), 'fish', 'config.fish');
}

/** The shell named by --shell, else $SHELL's. Throws usage (2) for one without a hook. */
function chooseShell(ctx: Context, named: string | undefined): HookShell {
  const shell = named ?? basename(ctx.env.SHELL ?? '');
  if ((HOOK_SHELLS as readonly string[]).includes(shell)) return shell as HookShell;
  const what = named ? `"${named}"` : ctx.env.SHELL ? `$SHELL (${ctx.env.SHELL})` : 'no --shell and no $SHELL';
  throw usageError(`the shell hook exists for bash, zsh and fish, not for ${what}`, 'port42 setup shell --shell bash');
}

const hasLine = (text: string, line: string): boolean => text.split(/\r?\n/).some((l) => l.trim() === line);

async function planSetup({ ctx, shell: named }: SetupRequest): Promise<SetupPlan> {
  const shell = chooseShell(ctx, named);
  const line = HOOK_LINES[shell];
  const file = await readSettingsFile(ctx, rcPath(ctx, shell));
  const before = file.text ?? '';
  const after = hasLine(before, line) ? before : `${before}${before === '' || before.endsWith('\n') ? '' : '\n'}${line}\n`;
  return plan(
    [
      fileChange(ctx, file, after, `the ${shell} hook; it applies on the next shell start`, {
        wired: Object.values(HOOK_LINES).some((hook) => hasLine(before, hook)),
        newMode: 0o644,
      }),
    ],
    `${shown(ctx, file.path)} already has the port42 hook`,
  );
}

async function planUndo({ ctx, shell: named }: SetupRequest): Promise<SetupPlan> {
  const shell = chooseShell(ctx, named);
  const line = HOOK_LINES[shell];
  const file = await readSettingsFile(ctx, rcPath(ctx, shell));
  const nothing = `${shown(ctx, file.path)} has no port42 hook; nothing to remove`;
  if (file.text === undefined || !hasLine(file.text, line)) return plan([], nothing);
  const after = file.text
    .split(/(?<=\n)/)
    .filter((l) => l.trim() !== line)
    .join('');
  return plan([undoChange(ctx, file, after, `removed the ${shell} hook`)], nothing);
}

async function wiring(ctx: Context): Promise<Wiring> {
  const shell = basename(ctx.env.SHELL ?? '');
  if (!(HOOK_SHELLS as readonly string[]).includes(shell)) return { wired: false, detail: 'no hook for this shell' };
  const file = await readSettingsFile(ctx, rcPath(ctx, shell as HookShell));
  const ok = file.text !== undefined && hasLine(file.text, HOOK_LINES[shell as HookShell]);
  return { wired: ok, detail: `${ok ? 'the hook is in' : 'no port42 hook in'} ${shown(ctx, file.path)}` };
}

/** The shell-hook consumer. */
export const shellConsumer: Consumer = {
  id: 'shell',
  program: 'sh',
  profiles: { kind: 'none' },
  plan: planSetup,
  planUndo,
  wiring,
};
