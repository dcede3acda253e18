/** Which completion script each shell gets, and the file it is committed as under completions/. */
import { COMMANDS } from '../cli/commands.ts';
import { renderBashCompletion } from './bash.ts';
import { renderFishCompletion } from './fish.ts';
import { renderPwshCompletion } from './pwsh.ts';
import { completionTree, type CompletionNode } from './tree.ts';
import { renderZshCompletion } from './zsh.ts';

/** Shells with a completion script. */
export type CompletionShell = 'bash' | 'zsh' | 'fish' | 'pwsh';

const RENDERERS: Readonly<Record<CompletionShell, { file: string; render: (nodes: readonly CompletionNode[]) => string }>> = {
  bash: { file: 'port42.bash', render: renderBashCompletion },
  zsh: { file: '_port42', render: renderZshCompletion },
  fish: { file: 'port42.fish', render: renderFishCompletion },
  pwsh: { file: 'port42.ps1', render: renderPwshCompletion },
};

/** Every shell with a completion script. */
export const COMPLETION_SHELLS = Object.keys(RENDERERS) as CompletionShell[];

/** The file name under completions/ for a shell's script. */
export function completionFile(shell: CompletionShell): string {
  return RENDERERS[shell].file;
}

/** The completion script of a shell, generated from the command table (default: port42's). */
export function renderCompletion(shell: CompletionShell, commands = COMMANDS): string {
  return RENDERERS[shell].render(completionTree(commands));
}
