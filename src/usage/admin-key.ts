/**
 * `port42 auth login <profile> --admin`: an organization admin key, kept in the store apart from
 * the profile's key (`accountFor.admin`). Only `port42 usage` reads it; env, exec, token and the
 * helpers never hand it out.
 */
import type { Profile } from '../config/types.ts';
import { note } from '../context.ts';
import { failure, usageError } from '../errors.ts';
import { readSecret } from '../sources/read-secret.ts';
import { baseUrlOf } from '../sources/api-key.ts';
import type { SourceDeps } from '../sources/types.ts';
import { accountFor } from '../stores/types.ts';
import { withArticle } from '../keys/key-owner.ts';
import { fetchMonthCost, hasCostApi } from './cost-api.ts';
import { monthOf } from './month.ts';
import { hostOf, whileWaiting } from '../terminal/waiting.ts';

/** Prefixes of admin keys: Anthropic Admin API keys and OpenAI admin keys. */
export const ADMIN_KEY_PREFIXES: Readonly<Record<string, string>> = { anthropic: 'sk-ant-admin', openai: 'sk-admin-' };

/**
 * Reads an admin key (hidden prompt or stdin), checks its prefix unless forced, optionally asks
 * the cost API whether it is accepted, and stores it. Throws usage (2) for a provider without a
 * cost API or a wrong prefix, failure (1) when --verify gets 401/403; nothing is stored then.
 */
export async function loginAdminKey(deps: SourceDeps, profile: Profile, options: { force: boolean; verify: boolean }): Promise<void> {
  const { ctx, store } = deps;
  const provider = profile.provider.id;
  if (!hasCostApi(provider)) {
    throw usageError(
      `provider "${provider}" has no cost API port42 knows (only anthropic and openai): an admin key for "${profile.name}" would never be used`,
    );
  }
  const key = await readSecret(
    ctx,
    `Paste the ${provider} ADMIN key for profile "${profile.name}" (used only by port42 usage): `,
    'admin key',
  );
  const prefix = ADMIN_KEY_PREFIXES[provider] ?? '';
  if (!key.startsWith(prefix) && !options.force) {
    throw usageError(
      `this does not look like ${withArticle(provider)} admin key: it should start with "${prefix}"; nothing was stored`,
      `port42 auth login ${profile.name} --admin --force   # to store it anyway`,
    );
  }
  if (options.verify) {
    const result = await whileWaiting(ctx, `checking ${hostOf(baseUrlOf(profile))}`, () =>
      fetchMonthCost(ctx.fetch, provider, baseUrlOf(profile), key, monthOf(ctx.now()), ctx.now()),
    );
    if (result.status === 'unknown' && result.rejected)
      throw failure(`${result.detail}; nothing was stored`, `port42 auth login ${profile.name} --admin`);
    note(ctx, result.status === 'ok' ? 'admin key verified: the cost API answered' : `admin key not verified: ${result.detail}`);
  }
  await store.set(accountFor.admin(profile.name), key);
  note(ctx, `stored the admin key of "${profile.name}" apart from its API key; only port42 usage reads it`);
}
