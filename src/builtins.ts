/**
 * Node builtins for the hot path, through require and on first use. An ESM `import … from
 * 'node:fs'` makes node read every export of the module to build its namespace, which runs lazy
 * getters (fs.ReadStream loads all of node's stream internals; util.MIMEType loads internal/mime);
 * node:tty pulls in net and the streams, node:crypto its whole tree. Milliseconds on every run
 * that the hot verbs do not need; require returns the module object and runs none of them.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** node:fs, without touching its lazy exports. */
export const fsSync = require('node:fs') as typeof import('node:fs');

/** node:crypto, loaded on the first call (its whole tree costs milliseconds). */
export function loadCrypto(): typeof import('node:crypto') {
  return require('node:crypto') as typeof import('node:crypto');
}

/** node:net, loaded on the first call (only the file store's agent client needs it). */
export function loadNet(): typeof import('node:net') {
  return require('node:net') as typeof import('node:net');
}

/** `bytes` random bytes as hex (node:crypto is loaded the first time). */
export function randomHex(bytes: number): string {
  return (require('node:crypto') as typeof import('node:crypto')).randomBytes(bytes).toString('hex');
}

/** The user's home directory from the password database (node:os is loaded the first time). */
export function homeDirectory(): string {
  return (require('node:os') as typeof import('node:os')).homedir();
}

/**
 * Whether a file descriptor is a terminal. A pipe or a file (what consumers give port42) is told
 * by one fstat; only a character device — a terminal, or /dev/null — needs node:tty, which loads
 * node:net and the stream internals (~2 ms).
 */
export function isTerminal(fd: number): boolean {
  try {
    if (!fsSync.fstatSync(fd).isCharacterDevice()) return false;
  } catch {
    return false; // closed
  }
  return (require('node:tty') as typeof import('node:tty')).isatty(fd);
}
