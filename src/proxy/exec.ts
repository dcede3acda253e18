/**
 * `port42 exec --proxy [profile] -- COMMAND`: runs the command in secretless mode. The child gets
 * the proxy's loopback base URL and a placeholder instead of the key; exec's contract stays (stdio
 * passed through, signals forwarded, the child's exit code); the proxy stops when the child exits.
 */
import type { Context } from '../context.ts';
import type { Resolved } from '../profiles/resolve.ts';
import { startProxySession, type SessionOptions } from './session.ts';

/** What the hot `exec` hands over: this chunk imports nothing it already has. */
export interface ExecProxyRequest {
  readonly resolved: Resolved;
  readonly command: readonly string[];
  /** The child's environment before the session's changes (port42's private variables removed). */
  readonly env: Record<string, string>;
  readonly model: string | undefined;
  readonly record: SessionOptions['record'];
}

/**
 * Runs `exec` through the proxy for the profile exec resolved (in the hot bundle, so that this
 * chunk holds only the proxy). Throws failure (1) when the session cannot start.
 */
export async function runExecProxy(ctx: Context, request: ExecProxyRequest): Promise<number> {
  const { resolved, env, model, record } = request;
  const session = await startProxySession(ctx, resolved, { verb: 'exec --proxy', model, record });
  for (const change of session.variables) {
    if (change.value === null) delete env[change.name];
    else env[change.name] = change.value;
  }
  try {
    return await ctx.runInteractive(request.command, env);
  } finally {
    await session.end();
  }
}
