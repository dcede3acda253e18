/**
 * `port42 auth token [profile]`: exactly the secret and one newline on stdout, or nothing and a
 * non-zero exit. Never prompts: consumers (Claude Code's apiKeyHelper, Codex's auth.command) run
 * it without a TTY.
 */
import type { Context } from '../context.ts';
import { failure, usageError } from '../errors.ts';
import { numberOption, stringOption, type ParsedArgs } from '../cli/args.ts';
import { DEFAULT_MIN_TTL_SECONDS, resolveProfileCredential } from '../profiles/resolve.ts';

/** Runs `auth token`. */
export async function runAuthToken(ctx: Context, args: ParsedArgs): Promise<number> {
  const minTtl = numberOption(args, 'min-ttl') ?? DEFAULT_MIN_TTL_SECONDS;
  if (!Number.isFinite(minTtl) || minTtl < 0) throw usageError('--min-ttl takes a number of seconds (0 or more)');
  const { profile, credential } = await resolveProfileCredential(ctx, args.positionals[0] ?? stringOption(args, 'profile'), {
    minTtlSeconds: minTtl,
    model: stringOption(args, 'model'),
    release: { verb: 'auth token' },
  });
  if (credential.secret === undefined) {
    throw failure(`profile "${profile.name}" needs no key (auth = "${profile.auth}"): there is no token to print`);
  }
  // One write, so that a consumer never sees a partial line.
  ctx.stdout.write(credential.secret + '\n');
  return 0;
}
