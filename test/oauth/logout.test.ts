// Logout revokes at the issuer (RFC 7009) before deleting anything here.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Port42Error } from '../../src/errors.ts';
import { accountFor } from '../../src/stores/types.ts';
import { startOidcServer, type OidcServer } from '../support/oidc/server.ts';
import { browserLogin, inProcess, oauthConfig } from './helpers.ts';

let server: OidcServer;
beforeAll(async () => {
  server = await startOidcServer();
});
afterAll(async () => {
  await server?.close();
});

async function refreshFails(refreshToken: string): Promise<string | undefined> {
  const response = await fetch(`${server.issuer}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken, client_id: 'port42-cli' }),
  });
  return ((await response.json()) as { error?: string }).error;
}

describe('logout', () => {
  it('revokes the refresh and access tokens, then deletes them here', async () => {
    const p = await inProcess(oauthConfig(server.issuer));
    const set = await browserLogin(p, server);
    await p.source.logout(p.deps, p.profile, { revoke: true });
    expect(p.store.items.size).toBe(0);
    expect((await server.introspect(set.refresh_token!)).active).toBe(false);
    expect((await server.introspect(set.access_token)).active).toBe(false);
    expect(await refreshFails(set.refresh_token!)).toBe('invalid_grant');
    expect(server.events()).toContainEqual({ name: 'grant.revoked', detail: expect.stringMatching(/^token revocation/) });
    expect(p.t.stderr.text).toContain(`revoked the tokens of "gw" at ${server.issuer}`);
  });

  it('with --no-revoke deletes here only, and says the tokens stay valid', async () => {
    const p = await inProcess(oauthConfig(server.issuer));
    const set = await browserLogin(p, server);
    await p.source.logout(p.deps, p.profile, { revoke: false });
    expect(p.store.items.size).toBe(0);
    expect((await server.introspect(set.refresh_token!)).active).toBe(true);
    expect(p.t.stderr.text).toMatch(/not revoking \(--no-revoke\): the tokens stay valid at the issuer/);
  });

  it('says so when the issuer has no revocation endpoint, and still deletes here', async () => {
    // Explicit endpoints, no revocation_endpoint: nothing is discovered.
    const config = oauthConfig(server.issuer, {
      authorization_endpoint: JSON.stringify(`${server.issuer}/auth`),
      token_endpoint: JSON.stringify(`${server.issuer}/token`),
    });
    const p = await inProcess(config);
    const set = await browserLogin(p, server);
    await p.source.logout(p.deps, p.profile, { revoke: true });
    expect(p.store.items.size).toBe(0);
    expect(p.t.stderr.text).toMatch(/has no revocation endpoint \(RFC 7009\): the tokens were deleted here but stay valid there/);
    expect((await server.introspect(set.refresh_token!)).active).toBe(true);
  });

  it('keeps everything when the issuer cannot be reached, with a hint to retry or use --no-revoke', async () => {
    const gone = await startOidcServer();
    const p = await inProcess(oauthConfig(gone.issuer));
    await browserLogin(p, gone);
    const stored = new Map(p.store.items);
    await gone.close();
    const error = await p.source.logout(p.deps, p.profile, { revoke: true }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(Port42Error);
    expect((error as Port42Error).code).toBe('failure');
    expect((error as Port42Error).message).toMatch(/cannot reach the issuer/);
    expect((error as Port42Error).hint).toMatch(/port42 auth logout gw .*--no-revoke/);
    expect(p.store.items).toEqual(stored);
  });

  it('keeps everything when the revocation endpoint answers an error', async () => {
    const p = await inProcess(oauthConfig(server.issuer), {
      fetch: async (input, init) =>
        String(input).endsWith('/token/revocation')
          ? Response.json({ error: 'unsupported_token_type' }, { status: 400 })
          : fetch(input, init),
    });
    await browserLogin(p, server);
    const stored = new Map(p.store.items);
    const error = (await p.source.logout(p.deps, p.profile, { revoke: true }).catch((e: unknown) => e)) as Port42Error;
    expect(error.message).toMatch(/unsupported_token_type.*the tokens were kept/);
    expect(p.store.items).toEqual(stored);
  });

  it('reports a profile that was not logged in', async () => {
    const p = await inProcess(oauthConfig(server.issuer));
    await p.source.logout(p.deps, p.profile, { revoke: true });
    expect(p.t.stderr.text).toContain('profile "gw" was not logged in');
    expect(p.store.items.has(accountFor.secret('gw'))).toBe(false);
  });
});
