/**
 * Which completion script each shell gets, and the file it is committed as under completions/.
 * The command table comes in as an argument: importing it here would close a cycle through the
 * completion verb, which the table itself loads.
 */
import type { CommandSpec } from '../cli/commands.ts';
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

/** The completion script of a shell, generated from a command table. */
export function renderCompletion(shell: CompletionShell, commands: readonly CommandSpec[]): string {
  return RENDERERS[shell].render(completionTree(commands));
}
