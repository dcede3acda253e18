/** `port42 auth login [profile]`: obtains and stores a profile's credential. */
import type { Context } from '../context.ts';
import type { Profile } from '../config/types.ts';
import { booleanOption, stringOption, type ParsedArgs } from '../cli/args.ts';
import { loadConfig } from '../config/load.ts';
import { appendProfile, editConfig, tomlString } from '../config/edit.ts';
import { chooseProfile } from '../profiles/profile.ts';
import { openStore } from '../stores/open-store.ts';
import { sourceFor } from '../sources/index.ts';
import { note } from '../context.ts';

/** Runs `auth login`. An implicit built-in profile becomes a stored-key profile in the config. */
export async function runAuthLogin(ctx: Context, args: ParsedArgs): Promise<number> {
  const config = await loadConfig(ctx);
  const { profile: chosen } = await chooseProfile(ctx, config, args.positionals[0] ?? stringOption(args, 'profile'));
  const profile: Profile = chosen.implicit && chosen.auth === 'env' ? { ...chosen, auth: 'api-key', implicit: false } : chosen;
  const store = await openStore(ctx, config.store);
  if (booleanOption(args, 'admin')) {
    // An admin key (for port42 usage) sits beside the profile's credential and changes nothing else.
    const { loginAdminKey } = await import('../usage/admin-key.ts');
    await loginAdminKey({ ctx, config, store }, chosen, { force: booleanOption(args, 'force'), verify: booleanOption(args, 'verify') });
    return 0;
  }
  const source = await sourceFor(profile.auth);
  await source.login({ ctx, config, store }, profile, {
    force: booleanOption(args, 'force'),
    verify: booleanOption(args, 'verify'),
    device: booleanOption(args, 'device'),
    noBrowser: booleanOption(args, 'no-browser'),
    admin: booleanOption(args, 'admin'),
  });
  if (chosen !== profile) {
    // The key is stored; now record the profile so that it is found again (the file is validated first).
    await editConfig(ctx, (text) => appendProfile(text, profile.name, [['provider', tomlString(profile.provider.id)]]));
    note(ctx, `added [profiles.${profile.name}] to ${config.path}`);
  }
  return 0;
}
