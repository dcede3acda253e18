/**
 * Where the agent listens: `$XDG_RUNTIME_DIR/port42/agent.sock` (a per-user tmpfs that the login
 * session removes), else `agent.sock` in port42's state directory.
 */
import { join } from 'node:path';
import { stateDir, xdgBase } from '../files/paths.ts';
import { SOCKET_NAME } from './protocol.ts';

type Env = Readonly<Record<string, string | undefined>>;

/** The directory that holds the agent's socket. */
export function agentSocketDir(env: Env, home: string): string {
  const runtime = xdgBase(env.XDG_RUNTIME_DIR);
  return runtime ? join(runtime, 'port42') : stateDir(env, home);
}

/** The agent's socket path. */
export function agentSocketPath(env: Env, home: string): string {
  return join(agentSocketDir(env, home), SOCKET_NAME);
}
