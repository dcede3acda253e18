/**
 * `auth login` for OAuth profiles: runs the profile's flow (browser, device, client credentials;
 * `--device` forces the device flow), then stores the token set under the profile's lock.
 */
import type { Profile } from '../config/types.ts';
import type { LoginOptions, SourceDeps } from '../sources/types.ts';
import { failure, usageError } from '../errors.ts';
import { note } from '../context.ts';
import { readSecret } from '../sources/read-secret.ts';
import { accountFor } from '../stores/types.ts';
import { runBrowserFlow, type GrantResult } from './browser-flow.ts';
import { errorContext, openClient } from './client.ts';
import { requestClientCredentials } from './client-credentials.ts';
import { runDeviceFlow } from './device-flow.ts';
import { translateOAuthError } from './errors.ts';
import { completeIdClaims } from './userinfo.ts';
import type { OAuthSystem } from './system.ts';
import { withTokenLock } from './token-lock.ts';
import { tokenSetFromResponse, type TokenSet } from './token-set.ts';
import { oauthSettingsOf, writeTokenSet } from './token-store.ts';

function describe(set: TokenSet, now: number): string {
  const who = set.id_claims ? ` as ${set.id_claims.email ?? set.id_claims.sub}` : '';
  return `${who}; the access token lasts ${Math.round((set.expires_at - now) / 60_000)} min${set.refresh_token ? ' and is refreshed automatically' : ''}`;
}

/** The client secret for a user login: stored already, or (Google desktop clients need one) asked for. */
async function userClientSecret(deps: SourceDeps, profile: Profile): Promise<string | undefined> {
  const stored = await deps.store.get(accountFor.clientSecret(profile.name));
  if (stored !== undefined || profile.oauth?.preset !== 'google') return stored;
  // Google's desktop-app clients come with a "secret" the token endpoint insists on; it still never goes in the config.
  const secret = await readSecret(deps.ctx, `Paste the client secret of Google client "${profile.oauth.clientId}": `, 'client secret');
  await deps.store.set(accountFor.clientSecret(profile.name), secret);
  return secret;
}

async function loginWithClientCredentials(deps: SourceDeps, profile: Profile): Promise<{ set: TokenSet; secret: string }> {
  const settings = oauthSettingsOf(profile);
  const secret = await readSecret(
    deps.ctx,
    `Paste the client secret of client "${settings.clientId}" for profile "${profile.name}": `,
    'client secret',
  );
  const client = await openClient(deps.ctx, profile, { clientSecret: secret, retry: `port42 auth login ${profile.name}` });
  try {
    const response = await requestClientCredentials(client);
    return { set: tokenSetFromResponse(response, { now: deps.ctx.now(), issuer: settings.issuer, clientId: settings.clientId }), secret };
  } catch (error) {
    // Nothing is stored when the grant fails: a wrong secret never lands in the store.
    throw translateOAuthError(
      error,
      errorContext(client, 'checking the client credentials', `port42 auth login ${profile.name}`, [secret]),
    );
  }
}

/** Logs an OAuth profile in and stores its tokens. Throws usage (2), config (3), failure (1), cancelled (130), store-unavailable (5). */
export async function loginOAuth(deps: SourceDeps, profile: Profile, options: LoginOptions, system: OAuthSystem): Promise<void> {
  const { ctx, store } = deps;
  const settings = oauthSettingsOf(profile);
  if (options.device && settings.flow === 'client-credentials') {
    throw usageError(`profile "${profile.name}" uses the client credentials flow: --device does not apply`);
  }
  let set: TokenSet;
  if (settings.flow === 'client-credentials') {
    const { set: obtained, secret } = await loginWithClientCredentials(deps, profile);
    set = obtained;
    await withTokenLock(ctx, profile.name, system.lock, async () => {
      await store.set(accountFor.clientSecret(profile.name), secret);
      await writeTokenSet(store, profile.name, set);
    });
  } else {
    const clientSecret = await userClientSecret(deps, profile);
    const interrupts = system.interrupts();
    let grant: GrantResult;
    try {
      const client = await openClient(ctx, profile, {
        clientSecret,
        cancel: interrupts.signal,
        retry: `port42 auth login ${profile.name}`,
      });
      grant =
        options.device || settings.flow === 'device'
          ? await runDeviceFlow({ ctx, client, system, signal: interrupts.signal })
          : await runBrowserFlow({ ctx, client, system, noBrowser: options.noBrowser, signal: interrupts.signal });
      grant = { ...grant, idClaims: await completeIdClaims(client, grant.response.access_token, grant.idClaims) };
    } finally {
      interrupts.dispose();
    }
    if (grant.response.token_type !== 'bearer') {
      throw failure(`the issuer issued a "${grant.response.token_type}" token; port42 hands out bearer tokens only`);
    }
    set = tokenSetFromResponse(grant.response, {
      now: ctx.now(),
      issuer: settings.issuer,
      clientId: settings.clientId,
      idClaims: grant.idClaims,
    });
    await withTokenLock(ctx, profile.name, system.lock, () => writeTokenSet(store, profile.name, set));
  }
  note(ctx, `logged in profile "${profile.name}" at ${settings.issuer}${describe(set, ctx.now())}`);
}
