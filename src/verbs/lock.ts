/** `port42 lock`: the agent forgets the key at once and exits; later commands need the passphrase again. */
import type { Context } from '../context.ts';
import { note } from '../context.ts';
import { agentSocketPath } from '../agent/socket-path.ts';
import { stopAgent } from '../agent/start.ts';

/** Runs `lock`. Exit 0 whether or not an agent was running. */
export async function runLock(ctx: Context): Promise<number> {
  const stopped = await stopAgent(agentSocketPath(ctx.env, ctx.home));
  note(ctx, stopped ? 'file store: locked (the agent forgot the key and exited)' : 'file store: locked (no agent was running)');
  return 0;
}
