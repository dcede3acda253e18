/**
 * `port42 proxy [profile] [--port N] [--shell S]`: the secretless proxy in the foreground, for IDEs
 * and long sessions. Prints the exports (base URL + placeholder) on stdout, logs one line per
 * request on stderr (method, path without query, status, duration — never a header value) and
 * serves until SIGINT/SIGTERM/SIGHUP, then exits 0.
 */
import type { Context } from '../context.ts';
import { note } from '../context.ts';
import { numberOption, stringOption, type ParsedArgs } from '../cli/args.ts';
import { waitForStopSignal } from '../cli/signals.ts';
import { usageError } from '../errors.ts';
import { resolveProfileCredential } from '../profiles/resolve.ts';
import { getShell, shellFromPath } from '../shells/registry.ts';
import { startProxySession } from '../proxy/session.ts';
import { recordRelease } from '../audit/record.ts';
import { warnAboutBudget } from '../usage/budget.ts';

/** Runs `proxy`. Throws usage (2) for a bad --port or --shell, failure (1) when the port is taken. */
export async function runProxy(ctx: Context, args: ParsedArgs): Promise<number> {
  const port = numberOption(args, 'port') ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw usageError(`--port must be a port number from 0 to 65535`, 'port42 proxy --port 0');
  const shell = getShell(stringOption(args, 'shell') ?? shellFromPath(ctx.env.SHELL));
  const resolved = await resolveProfileCredential(ctx, args.positionals[0] ?? stringOption(args, 'profile'), { minTtlSeconds: 0 });
  const stopped = waitForStopSignal();
  await warnAboutBudget(ctx, resolved.profile);
  const session = await startProxySession(ctx, resolved, {
    verb: 'proxy',
    record: recordRelease,
    port,
    onRequest: ({ method, path, status, ms }) => ctx.stderr.write(`port42: proxy: ${method} ${path} ${status || 'aborted'} ${ms} ms\n`),
  });
  try {
    ctx.stdout.write(shell.render(session.variables));
    note(ctx, `proxy for profile "${resolved.profile.name}" on ${session.origin} → ${session.upstreamOrigin}; stop with Ctrl-C`);
    await stopped;
  } finally {
    await session.end();
  }
  note(ctx, `proxy stopped after ${session.stats.requests} request${session.stats.requests === 1 ? '' : 's'}`);
  return 0;
}
