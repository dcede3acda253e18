/** `port42 env [profile] [--shell S] [--unset]`: shell code that sets (or removes) the profile's variables. */
import type { Context } from '../context.ts';
import { booleanOption, stringOption, type ParsedArgs } from '../cli/args.ts';
import { loadConfig } from '../config/load.ts';
import { usageError } from '../errors.ts';
import { chooseProfile } from '../profiles/profile.ts';
import { resolveProfileCredential } from '../profiles/resolve.ts';
import { getShell, shellFromPath } from '../shells/registry.ts';
import type { EnvChange } from '../shells/types.ts';
import { profileVariableNames, profileVariables, secretVariable } from '../profiles/variables.ts';

/** Runs `env`. Renders everything before writing, so nothing reaches stdout after an error. */
export async function runEnv(ctx: Context, args: ParsedArgs): Promise<number> {
  // The prompt hook's mode (port42 hook): loaded only there.
  if (booleanOption(args, 'hook')) return (await import('./env-hook.ts')).runEnvHook(ctx, args);
  const shell = getShell(stringOption(args, 'shell') ?? shellFromPath(ctx.env.SHELL));
  const githubEnv = stringOption(args, 'github-env');
  if (githubEnv !== undefined && shell.name !== 'gha') throw usageError('--github-env goes with --shell gha', 'port42 env --shell gha');
  const explicit = args.positionals[0] ?? stringOption(args, 'profile');
  let changes: EnvChange[];
  const secretNames = new Set<string>();
  if (booleanOption(args, 'unset')) {
    const config = await loadConfig(ctx);
    const { profile } = await chooseProfile(ctx, config, explicit);
    changes = profileVariableNames(profile).map((name) => ({ name, value: null }));
  } else {
    const model = stringOption(args, 'model');
    const { profile, credential } = await resolveProfileCredential(ctx, explicit, { model, release: { verb: 'env' } });
    changes = profileVariables(profile, credential, model);
    if (credential.secret !== undefined) secretNames.add(secretVariable(profile, credential));
  }
  if (shell.name === 'gha') {
    // GitHub Actions: the variables go to $GITHUB_ENV, stdout gets the mask commands (loaded lazily).
    const { writeGithubEnv } = await import('../shells/gha-env-file.ts');
    const file = githubEnv ?? ctx.env.GITHUB_ENV;
    ctx.stdout.write(
      await writeGithubEnv(ctx, { file, changes, secretNames, command: `port42 env ${explicit ?? ''}`.trimEnd() + ' --shell gha' }),
    );
    return 0;
  }
  ctx.stdout.write(shell.render(changes));
  return 0;
}
