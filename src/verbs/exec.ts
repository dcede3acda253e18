/**
 * `port42 exec [profile] [--proxy|--no-proxy] -- COMMAND [ARGS...]`: runs the command (no shell)
 * with the profile's variables added to the current environment (minus PORT42_PASSPHRASE) and
 * exits with its exit code. With `--proxy` (or `proxy = true` on the profile) the child gets a
 * loopback proxy and a placeholder instead of the secret; that code loads only then.
 */
import type { Context } from '../context.ts';
import { usageError } from '../errors.ts';
import { booleanOption, stringOption, type ParsedArgs } from '../cli/args.ts';
import { resolveProfileCredential } from '../resolve.ts';
import { childEnvironment, profileVariables } from '../variables.ts';

/** Runs `exec`. */
export async function runExec(ctx: Context, args: ParsedArgs): Promise<number> {
  if (args.rest.length === 0) throw usageError('exec needs a command after --', 'port42 exec work -- claude');
  const noProxy = booleanOption(args, 'no-proxy');
  if (booleanOption(args, 'proxy')) {
    if (noProxy) throw usageError('--proxy and --no-proxy contradict each other', 'port42 exec --proxy work -- claude');
    return (await import('../proxy/exec.ts')).runExecProxy(ctx, args);
  }
  const model = stringOption(args, 'model');
  const resolved = await resolveProfileCredential(ctx, args.positionals[0] ?? stringOption(args, 'profile'), {
    model,
    release: { verb: 'exec', skip: (p) => p.proxy === true && !noProxy },
  });
  const { profile, credential } = resolved;
  if (profile.proxy === true && !noProxy) return (await import('../proxy/exec.ts')).runExecProxy(ctx, args, resolved);
  const env = childEnvironment(ctx.env);
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
