/**
 * `port42 exec [profile] [--proxy|--no-proxy] -- COMMAND [ARGS...]`: runs the command (no shell)
 * with the profile's variables added to the current environment (minus PORT42_PASSPHRASE) and
 * exits with its exit code. With `--proxy` (or `proxy = true` on the profile) the child gets a
 * loopback proxy and a placeholder instead of the secret; that code loads only then.
 */
import type { Context } from '../context.ts';
import type { Profile } from '../config/types.ts';
import { usageError } from '../errors.ts';
import { booleanOption, stringOption, type ParsedArgs } from '../cli/args.ts';
import { resolveProfileCredential } from '../profiles/resolve.ts';
import { recordRelease } from '../audit/record.ts';
import { warnAboutBudget } from '../usage/budget.ts';
import { childEnvironment, profileVariables } from '../profiles/variables.ts';

/** Runs `exec`. */
export async function runExec(ctx: Context, args: ParsedArgs): Promise<number> {
  if (args.rest.length === 0) throw usageError('exec needs a command after --', 'port42 exec work -- claude');
  const noProxy = booleanOption(args, 'no-proxy');
  const forceProxy = booleanOption(args, 'proxy');
  if (forceProxy && noProxy) throw usageError('--proxy and --no-proxy contradict each other', 'port42 exec --proxy work -- claude');
  const proxied = (p: Profile) => forceProxy || (p.proxy === true && !noProxy);
  const model = stringOption(args, 'model');
  const resolved = await resolveProfileCredential(ctx, args.positionals[0] ?? stringOption(args, 'profile'), {
    model,
    // Secretless: any still-valid token will do (the proxy renews it); the proxy audits its session.
    ...(forceProxy ? { minTtlSeconds: 0 } : {}),
    release: { verb: 'exec', skip: proxied },
  });
  const { profile, credential } = resolved;
  const env = childEnvironment(ctx.env);
  if (proxied(profile)) {
    // The proxy (node:http and the rest) loads only here; what the hot bundle has is handed over.
    await warnAboutBudget(ctx, profile);
    const { runExecProxy } = await import('../proxy/exec.ts');
    return runExecProxy(ctx, { resolved, command: args.rest, env, model, record: recordRelease });
  }
  for (const change of profileVariables(profile, credential, model)) {
    if (change.value === null) continue;
    const before = env[change.name];
    if (before !== undefined && before !== change.value && !change.name.startsWith('PORT42_')) {
      ctx.stderr.write(`port42: note: ${change.name} was already set; profile "${profile.name}" overrides it for this command\n`);
    }
    env[change.name] = change.value;
  }
  return ctx.runInteractive(args.rest, env);
}
