/**
 * `port42 exec [profile] -- COMMAND [ARGS...]`: runs the command (no shell) with the profile's
 * variables added to the current environment (minus PORT42_PASSPHRASE) and exits with its exit
 * code.
 */
import type { Context } from '../context.ts';
import { usageError } from '../errors.ts';
import { stringOption, type ParsedArgs } from '../cli/args.ts';
import { resolveProfileCredential } from '../resolve.ts';
import { childEnvironment, profileVariables } from '../variables.ts';

/** Runs `exec`. */
export async function runExec(ctx: Context, args: ParsedArgs): Promise<number> {
  if (args.rest.length === 0) throw usageError('exec needs a command after --', 'port42 exec work -- claude');
  const model = stringOption(args, 'model');
  const { profile, credential } = await resolveProfileCredential(ctx, args.positionals[0] ?? stringOption(args, 'profile'), {
    model,
    release: { verb: 'exec' },
  });
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
