/**
 * `port42 auth rotate [profile] [--restore] [--force]`: replaces an api-key profile's stored key
 * with a new one, keeping the old one as "previous"; `--restore` swaps them back (so a second
 * `--restore` undoes the first). Every step leaves both keys in the store, whatever moment a
 * crash picks.
 */
import type { Context } from '../context.ts';
import type { Config, Profile } from '../config/types.ts';
import { note } from '../context.ts';
import { booleanOption, stringOption, type ParsedArgs } from '../cli/args.ts';
import { checkKey } from '../providers/check.ts';
import { loadConfig } from '../config/load.ts';
import { failure, loginNeeded, usageError } from '../errors.ts';
import { chooseProfile } from '../profiles/profile.ts';
import { acceptNewKey, baseUrlOf } from '../sources/api-key.ts';
import { openStore } from '../stores/open-store.ts';
import { accountFor, type SecretStore } from '../stores/types.ts';
import { hostOf, whileWaiting } from '../terminal/waiting.ts';

/** Why a profile of another auth type cannot be rotated, and what to do instead. */
function notRotatable(profile: Profile): Error {
  const name = profile.name;
  switch (profile.auth) {
    case 'env':
      return usageError(
        `profile "${name}" reads its key from the environment, not from the store: change the variable to rotate it`,
        profile.implicit ? `port42 auth login ${name}   # to keep the key in the store instead` : undefined,
      );
    case 'oauth':
      return usageError(
        `profile "${name}" uses OAuth: its tokens are renewed on refresh; to start over log out and in again`,
        `port42 auth logout ${name} && port42 auth login ${name}`,
      );
    case 'command':
      return usageError(`profile "${name}" gets its key from a command (${profile.command?.[0] ?? ''}): rotate it in that tool`);
    default:
      return usageError(`profile "${name}" needs no key (auth = "${profile.auth}"): there is nothing to rotate`);
  }
}

/**
 * Completes a `--restore` that stopped half way (its copy of the key under `:restoring` is still
 * there): before the swap began, drop the copy; after, put the copy in `previous`.
 */
async function finishInterruptedRestore(ctx: Context, store: SecretStore, name: string): Promise<void> {
  const copy = await store.get(accountFor.restoring(name));
  if (copy === undefined) return;
  if ((await store.get(accountFor.secret(name))) !== copy) await store.set(accountFor.previous(name), copy);
  await store.delete(accountFor.restoring(name));
  note(ctx, `finished a restore of "${name}" that had been interrupted`);
}

async function rotate(ctx: Context, config: Config, store: SecretStore, profile: Profile, force: boolean): Promise<void> {
  const name = profile.name;
  const current = await store.get(accountFor.secret(name));
  if (current === undefined) throw loginNeeded(`profile "${name}" has no key stored to rotate`, `port42 auth login ${name}`);
  const next = await acceptNewKey({ ctx, config, store }, profile, { force, verify: false });
  if (next === current) throw usageError(`that is the key "${name}" already has; nothing changed`);
  const verdict = await whileWaiting(ctx, `checking ${hostOf(baseUrlOf(profile))}`, () =>
    checkKey(ctx.fetch, profile.provider, baseUrlOf(profile), next),
  );
  if (verdict.result === 'invalid') {
    throw failure(
      `${profile.provider.id} rejected the new key (${verdict.detail}); nothing changed: "${name}" keeps its current key`,
      `port42 auth rotate ${name}`,
    );
  }
  note(
    ctx,
    verdict.result === 'valid' ? `new key verified (${verdict.detail})` : `new key not verified: ${verdict.detail}; storing it anyway`,
  );
  // Previous first: a crash between the writes leaves the current key in force and a copy of it.
  await store.set(accountFor.previous(name), current);
  await store.set(accountFor.secret(name), next);
  note(ctx, `rotated the key of "${name}": the new key is in use, the old one is kept as previous`);
  ctx.stderr.write(
    `  run: port42 auth rotate ${name} --restore   # to go back; revoke the old key at ${profile.provider.id} once all is well\n`,
  );
}

async function restore(ctx: Context, store: SecretStore, name: string): Promise<void> {
  const previous = await store.get(accountFor.previous(name));
  if (previous === undefined) throw usageError(`profile "${name}" has no previous key to restore`, `port42 auth rotate ${name}`);
  const current = await store.get(accountFor.secret(name));
  if (current === undefined) {
    await store.set(accountFor.secret(name), previous);
    await store.delete(accountFor.previous(name));
  } else {
    // Swap through a third slot: at every step each key is in at least one place.
    await store.set(accountFor.restoring(name), current);
    await store.set(accountFor.secret(name), previous);
    await store.set(accountFor.previous(name), current);
    await store.delete(accountFor.restoring(name));
  }
  note(ctx, `restored the previous key of "${name}"${current === undefined ? '' : '; the replaced key is now the previous one'}`);
}

/** Runs `auth rotate`. Throws usage (2) for non-api-key profiles, login-needed (4) without a key, failure (1) for a rejected key. */
export async function runAuthRotate(ctx: Context, args: ParsedArgs): Promise<number> {
  const config = await loadConfig(ctx);
  const { profile } = await chooseProfile(ctx, config, args.positionals[0] ?? stringOption(args, 'profile'));
  if (profile.auth !== 'api-key') throw notRotatable(profile);
  const store = await openStore(ctx, config.store);
  await finishInterruptedRestore(ctx, store, profile.name);
  if (booleanOption(args, 'restore')) await restore(ctx, store, profile.name);
  else await rotate(ctx, config, store, profile, booleanOption(args, 'force'));
  return 0;
}
