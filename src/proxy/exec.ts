/**
 * `port42 exec --proxy [profile] -- COMMAND`: runs the command in secretless mode. The child gets
 * the proxy's loopback base URL and a placeholder instead of the key; exec's contract stays (stdio
 * passed through, signals forwarded, the child's exit code); the proxy stops when the child exits.
 */
import type { Context } from '../context.ts';
import { stringOption, type ParsedArgs } from '../cli/args.ts';
import type { Resolved } from '../resolve.ts';
import { childEnvironment } from '../variables.ts';
import { startProxySession } from './session.ts';

/**
 * Runs `exec` through the proxy for the profile exec resolved (in the hot bundle, so that this
 * chunk holds only the proxy). Throws failure (1) when the session cannot start.
 */
export async function runExecProxy(ctx: Context, args: ParsedArgs, resolved: Resolved): Promise<number> {
  const model = stringOption(args, 'model');
  const session = await startProxySession(ctx, resolved, { verb: 'exec --proxy', model });
  const env = childEnvironment(ctx.env);
  for (const change of session.variables) {
    if (change.value === null) delete env[change.name];
    else env[change.name] = change.value;
  }
  try {
    return await ctx.runInteractive(args.rest, env);
  } finally {
    await session.end();
  }
}
