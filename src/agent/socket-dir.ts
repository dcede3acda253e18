/**
 * Prepares the agent's socket: a private directory (0700, ours, writable by nobody else) and no
 * live agent already behind the path. A stale socket or a symlink planted there is removed,
 * never followed (unlink acts on the link itself); anything else there is refused.
 */
import { lstatSync, unlinkSync } from 'node:fs';
import { dirname } from 'node:path';
import { Port42Error, storeUnavailable } from '../errors.ts';
import { ensurePrivateDirSync } from '../files/private-dir.ts';
import { SOCKET_DIR, askAgent } from './client.ts';

/** Creates or checks the socket directory (0700, ours). Throws store-unavailable (exit 5) saying why it is refused. */
export function prepareSocketDir(socketPath: string): void {
  try {
    ensurePrivateDirSync(dirname(socketPath), SOCKET_DIR);
  } catch (error) {
    if (error instanceof Port42Error) throw error;
    throw storeUnavailable(`cannot create the agent's socket directory ${dirname(socketPath)}`, undefined, error);
  }
}

/**
 * Makes the socket path free for a new agent: removes a stale socket or a symlink. Throws
 * store-unavailable when a live agent answers there or something else occupies the path.
 */
export async function clearStaleSocket(socketPath: string): Promise<void> {
  let stat;
  try {
    stat = lstatSync(socketPath);
  } catch {
    return;
  }
  if (stat.isSocket() && (await askAgent(socketPath, { op: 'status' }))?.ok) {
    throw storeUnavailable(`an unlock agent already answers on ${socketPath}`, 'port42 lock');
  }
  if (!stat.isSocket() && !stat.isSymbolicLink()) {
    throw storeUnavailable(
      `${socketPath} exists and is not a socket: refusing to replace it`,
      `rm ${socketPath}  # if it is not yours to keep`,
    );
  }
  unlinkSync(socketPath);
}
