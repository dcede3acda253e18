import { posixShell } from './sh.ts';
import type { Shell } from './types.ts';

/** zsh. Usage: `eval "$(port42 env work --shell zsh)"`. Same code as POSIX sh. */
export const zsh: Shell = posixShell('zsh');
