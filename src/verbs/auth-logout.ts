/** `port42 auth logout [profile] [--no-revoke]`: forgets (and where possible revokes) a credential. */
import type { Context } from '../context.ts';
import { booleanOption, stringOption, type ParsedArgs } from '../cli/args.ts';
import { loadConfig } from '../config/load.ts';
import { chooseProfile } from '../profiles/profile.ts';
import { openStore } from '../stores/open-store.ts';
import { sourceFor } from '../sources/index.ts';

/** Runs `auth logout`. */
export async function runAuthLogout(ctx: Context, args: ParsedArgs): Promise<number> {
  const config = await loadConfig(ctx);
  const { profile } = await chooseProfile(ctx, config, args.positionals[0] ?? stringOption(args, 'profile'));
  const store = await openStore(ctx, config.store);
  const source = await sourceFor(profile.auth);
  const revoke = !booleanOption(args, 'no-revoke');
  await source.logout({ ctx, config, store }, profile, { revoke });
  return 0;
}
