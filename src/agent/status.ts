/** One line about the agent for `auth status`, `doctor` and `unlock --status`. */
import { Port42Error } from '../errors.ts';
import { askAgent } from './client.ts';
import { minutesLeft } from './lifetime.ts';
import type { AgentStatus } from './protocol.ts';
import { agentSocketPath } from './socket-path.ts';

/** The agent's status, or undefined when none answers (or its directory is refused: `refused` hears why). */
export async function agentStatus(socketPath: string, refused?: (error: Port42Error) => void): Promise<AgentStatus | undefined> {
  try {
    const reply = await askAgent(socketPath, { op: 'status' });
    return reply?.ok ? reply.status : undefined;
  } catch (error) {
    if (!(error instanceof Port42Error)) throw error;
    refused?.(error);
    return undefined;
  }
}

/** "file store: unlocked by the agent, N min left" or "file store: locked". */
export function describeAgent(status: AgentStatus | undefined): string {
  return status ? `file store: unlocked by the agent, ${minutesLeft(status.leftMs)}` : 'file store: locked';
}

/** The line for the agent of this HOME/XDG_RUNTIME_DIR. */
export async function agentStatusLine(env: Readonly<Record<string, string | undefined>>, home: string): Promise<string> {
  return describeAgent(await agentStatus(agentSocketPath(env, home)));
}
