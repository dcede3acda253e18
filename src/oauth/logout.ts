/**
 * `auth logout` for OAuth profiles: revoke at the issuer (RFC 7009) before deleting anything
 * here, under the profile's lock so that no refresh writes the tokens back meanwhile.
 */
import type { Profile } from '../config/types.ts';
import type { SourceDeps } from '../sources/types.ts';
import { note } from '../context.ts';
import { accountFor } from '../stores/types.ts';
import { openClient } from './client.ts';
import { revokeTokenSet } from './revoke.ts';
import type { OAuthSystem } from './system.ts';
import { withTokenLock } from './token-lock.ts';
import { belongsTo, oauthSettingsOf } from './token-store.ts';
import { parseTokenSet } from './token-set.ts';

/**
 * Revokes (unless `revoke` is false) and deletes the profile's tokens and client secret. When
 * revocation fails, nothing is deleted: throws failure (1) with a hint to retry or use --no-revoke.
 */
export async function logoutOAuth(deps: SourceDeps, profile: Profile, options: { revoke: boolean }, system: OAuthSystem): Promise<void> {
  const { ctx, store } = deps;
  const settings = oauthSettingsOf(profile);
  await withTokenLock(ctx, profile.name, system.lock, async () => {
    const text = await store.get(accountFor.secret(profile.name));
    const clientSecret = await store.get(accountFor.clientSecret(profile.name));
    if (text === undefined && clientSecret === undefined) {
      note(ctx, `profile "${profile.name}" was not logged in`);
      return;
    }
    const parsed = text === undefined ? undefined : parseTokenSet(text);
    if (!options.revoke) {
      note(ctx, 'not revoking (--no-revoke): the tokens stay valid at the issuer until they expire');
    } else if (parsed && !parsed.ok) {
      note(ctx, `cannot revoke: ${parsed.problem}; deleting it here only`);
    } else if (parsed?.ok && !belongsTo(parsed.set, settings)) {
      // Tokens go only to the issuer that issued them, never to the one the profile names now.
      note(ctx, `not revoking: the stored tokens were issued by ${parsed.set.issuer}, which the profile no longer names`);
    } else if (parsed?.ok) {
      const client = await openClient(ctx, profile, {
        clientSecret,
        retry: `port42 auth logout ${profile.name}   # to retry; or add --no-revoke to delete the tokens here only`,
      });
      const revoked = await revokeTokenSet(client, parsed.set);
      note(
        ctx,
        revoked
          ? `revoked the tokens of "${profile.name}" at ${settings.issuer}`
          : `the issuer ${settings.issuer} has no revocation endpoint (RFC 7009): the tokens were deleted here but stay valid there until they expire`,
      );
    }
    await store.delete(accountFor.secret(profile.name));
    await store.delete(accountFor.clientSecret(profile.name));
    note(ctx, `logged out profile "${profile.name}"`);
  });
}
