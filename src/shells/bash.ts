import { posixShell } from './sh.ts';
import type { Shell } from './types.ts';

/** bash. Usage: `eval "$(port42 env work --shell bash)"`. Same code as POSIX sh. */
export const bash: Shell = posixShell('bash');
