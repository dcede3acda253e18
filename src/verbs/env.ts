/** `port42 env [profile] [--shell S] [--unset]`: shell code that sets (or removes) the profile's variables. */
import type { Context } from '../context.ts';
import { booleanOption, stringOption, type ParsedArgs } from '../cli/args.ts';
import { loadConfig } from '../config/load.ts';
import { chooseProfile } from '../profile.ts';
import { resolveProfileCredential } from '../resolve.ts';
import { getShell, shellFromPath } from '../shells/registry.ts';
import { profileVariableNames, profileVariables } from '../variables.ts';

/** Runs `env`. Renders everything before writing, so nothing reaches stdout after an error. */
export async function runEnv(ctx: Context, args: ParsedArgs): Promise<number> {
  // The prompt hook's mode (port42 hook): loaded only there.
  if (booleanOption(args, 'hook')) return (await import('./env-hook.ts')).runEnvHook(ctx, args);
  const shell = getShell(stringOption(args, 'shell') ?? shellFromPath(ctx.env.SHELL));
  const explicit = args.positionals[0] ?? stringOption(args, 'profile');
  let code: string;
  if (booleanOption(args, 'unset')) {
    const config = await loadConfig(ctx);
    const { profile } = await chooseProfile(ctx, config, explicit);
    code = shell.render(profileVariableNames(profile).map((name) => ({ name, value: null })));
  } else {
    const model = stringOption(args, 'model');
    const { profile, credential } = await resolveProfileCredential(ctx, explicit, { model, release: { verb: 'env' } });
    code = shell.render(profileVariables(profile, credential, model));
  }
  ctx.stdout.write(code);
  return 0;
}
