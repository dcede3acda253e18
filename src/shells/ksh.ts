import { posixShell } from './sh.ts';
import type { Shell } from './types.ts';

/** mksh and ksh93. Usage: `eval "$(port42 env work --shell ksh)"`. Same code as POSIX sh. */
export const ksh: Shell = posixShell('ksh');
