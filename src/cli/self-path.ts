/** Where the port42 executable is, from the script node was started with (process.argv[1]). */
import { basename, dirname, join } from 'node:path';

/**
 * The path a shell hook should call port42 by: the script itself when it is `port42` (kept as
 * invoked, so a stable symlink such as /usr/local/bin/port42 survives upgrades); `port42` next
 * to a `*-port42` shim (git-credential-port42, docker-credential-port42); `../bin/port42` for
 * the bundle `dist/port42.js` run directly by node. Undefined when node was given no script.
 */
export function selfPathFrom(script: string | undefined): string | undefined {
  if (!script) return undefined;
  const name = basename(script);
  if (name === 'port42') return script;
  if (name.endsWith('-port42')) return join(dirname(script), 'port42');
  if (name === 'port42.js') return join(dirname(script), '..', 'bin', 'port42');
  return script;
}
