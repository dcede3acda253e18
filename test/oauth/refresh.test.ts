// Renewing tokens in-process against the real test OIDC server: refresh with rotation,
// single-flight, invalid_grant handling, network failures, client credentials.
import { errorOf } from '../support/test-context.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serializeTokenSet } from '../../src/oauth/token-set.ts';
import { accountFor } from '../../src/stores/types.ts';
import { SERVICE_CLIENT_ID, SERVICE_CLIENT_SECRET, startOidcServer, type OidcServer } from '../support/oidc/server.ts';
import { browserLogin, inProcess, LOGIN, oauthConfig } from './helpers.ts';

let server: OidcServer;
beforeAll(async () => {
  server = await startOidcServer();
});
afterAll(async () => {
  await server?.close();
});

const refreshes = () => server.grants().refresh_token ?? 0;

/** A refresh made by "another process", straight at the token endpoint. */
async function refreshElsewhere(issuer: string, refreshToken: string): Promise<Record<string, unknown>> {
  const response = await fetch(`${issuer}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken, client_id: 'port42-cli' }),
  });
  return (await response.json()) as Record<string, unknown>;
}

describe('refresh', () => {
  it('hands out the stored token while it lives at least --min-ttl, without asking the issuer', async () => {
    const p = await inProcess(oauthConfig(server.issuer));
    const set = await browserLogin(p, server);
    const before = { ...server.grants() };
    const credential = await p.source.resolve(p.deps, p.profile, { minTtlSeconds: 360 });
    expect(credential.secret).toBe(set.access_token);
    expect(server.grants()).toEqual(before);
  });

  it('refreshes when less than --min-ttl is left, stores the rotated refresh token, keeps who logged in', async () => {
    const p = await inProcess(oauthConfig(server.issuer));
    const first = await browserLogin(p, server, 'gina');
    const before = refreshes();
    // 3600 s left, but the caller wants 4000: refresh.
    const credential = await p.source.resolve(p.deps, p.profile, { minTtlSeconds: 4000 });
    expect(refreshes()).toBe(before + 1);
    const second = p.tokenSet();
    expect(credential.secret).toBe(second.access_token);
    expect(second.access_token).not.toBe(first.access_token);
    expect(second.refresh_token).toBeTruthy();
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect(second.id_claims).toEqual(first.id_claims);
    expect(second.scope).toBe(first.scope);
    expect((await server.introspect(second.access_token)).active).toBe(true);
    expect((await server.introspect(first.refresh_token!)).active).toBe(false);
    expect(p.t.stderr.text).toMatch(/last 3600 s, less than the 4000 s asked for/);
  });

  it('refreshes once for many concurrent callers in one process (they share the lock)', async () => {
    const p = await inProcess(oauthConfig(server.issuer));
    const set = await browserLogin(p, server);
    p.setTokenSet({ ...set, expires_at: Date.now() - 1000 });
    const before = refreshes();
    const tokens = await Promise.all(Array.from({ length: 10 }, () => p.source.resolve(p.deps, p.profile, { minTtlSeconds: 360 })));
    expect(refreshes()).toBe(before + 1);
    expect(new Set(tokens.map((t) => t.secret)).size).toBe(1);
    expect(server.events().filter((e) => e.name === 'grant.revoked')).toEqual([]);
  });

  it('on invalid_grant uses the token set another process rotated in meanwhile', async () => {
    const p = await inProcess(oauthConfig(server.issuer), {
      fetch: async (input, init) => {
        const body = init?.body instanceof URLSearchParams ? init.body : undefined;
        if (body?.get('grant_type') === 'refresh_token') {
          // Another process (one that does not take port42's lock, e.g. on another machine sharing
          // the keychain) rotates the token and stores the result just before our request lands.
          const rotated = await refreshElsewhere(server.issuer, body.get('refresh_token')!);
          const current = JSON.parse(p.store.items.get(accountFor.secret('gw'))!);
          p.store.items.set(
            accountFor.secret('gw'),
            serializeTokenSet({
              ...current,
              access_token: rotated.access_token,
              refresh_token: rotated.refresh_token,
              expires_at: Date.now() + 3600_000,
            }),
          );
          return Response.json({ error: 'invalid_grant', error_description: 'grant request is invalid' }, { status: 400 });
        }
        return fetch(input, init);
      },
    });
    const set = await browserLogin(p, server);
    p.setTokenSet({ ...set, expires_at: Date.now() - 1000 });
    const credential = await p.source.resolve(p.deps, p.profile, { minTtlSeconds: 360 });
    const stored = p.tokenSet();
    expect(credential.secret).toBe(stored.access_token);
    expect(stored.refresh_token).not.toBe(set.refresh_token);
    expect((await server.introspect(credential.secret!)).active).toBe(true);
  });

  it('on a really rejected refresh token fails with login-needed and keeps who logged in, not the dead token', async () => {
    const p = await inProcess(oauthConfig(server.issuer));
    const set = await browserLogin(p, server, 'hank');
    p.setTokenSet({ ...set, refresh_token: 'not-a-refresh-token-at-all', expires_at: Date.now() - 1000 });
    const error = await errorOf(p.source.resolve(p.deps, p.profile, { minTtlSeconds: 360 }));
    expect(error.code).toBe('login-needed');
    expect(error.message).toMatch(/the issuer no longer accepts the login of profile "gw" \(invalid_grant/);
    expect(error.message).not.toContain('not-a-refresh-token-at-all');
    expect(error.hint).toBe('port42 auth login gw');
    const kept = p.tokenSet();
    expect(kept.refresh_token).toBeUndefined();
    expect(kept.id_claims?.sub).toBe('hank');
    expect(await p.source.status(p.deps, p.profile)).toMatchObject({ state: 'expired', hint: 'port42 auth login gw' });
    // The next call fails at once, without asking the issuer again.
    const before = refreshes();
    expect((await errorOf(p.source.resolve(p.deps, p.profile, { minTtlSeconds: 360 }))).code).toBe('login-needed');
    expect(refreshes()).toBe(before);
  });

  it('keeps the token set unchanged when the issuer cannot be reached (exit 1, retry later)', async () => {
    const gone = await startOidcServer();
    const p = await inProcess(oauthConfig(gone.issuer));
    const set = await browserLogin(p, gone);
    p.setTokenSet({ ...set, expires_at: Date.now() - 1000 });
    const stored = p.store.items.get(accountFor.secret('gw'));
    await gone.close();
    const error = await errorOf(p.source.resolve(p.deps, p.profile, { minTtlSeconds: 360 }));
    expect(error.code).toBe('failure');
    expect(error.message).toMatch(/cannot reach the issuer while reading the issuer's metadata \(ECONNREFUSED\); nothing was changed/);
    expect(error.hint).toBe('port42 auth token gw   # retry later');
    expect(p.store.items.get(accountFor.secret('gw'))).toBe(stored);
  });

  it('keeps the token set unchanged when the token endpoint fails with a 5xx', async () => {
    const p = await inProcess(oauthConfig(server.issuer), {
      fetch: async (input, init) =>
        init?.body instanceof URLSearchParams && init.body.get('grant_type') === 'refresh_token'
          ? new Response('upstream down', { status: 503 })
          : fetch(input, init),
    });
    const set = await browserLogin(p, server);
    p.setTokenSet({ ...set, expires_at: Date.now() - 1000 });
    const stored = p.store.items.get(accountFor.secret('gw'));
    const error = await errorOf(p.source.resolve(p.deps, p.profile, { minTtlSeconds: 360 }));
    expect(error.code).toBe('failure');
    expect(error.message).toMatch(/HTTP 503/);
    expect(error.hint).toMatch(/retry later/);
    expect(p.store.items.get(accountFor.secret('gw'))).toBe(stored);
  });

  it('needs a login when the refresh token has reached its known end, without asking the issuer', async () => {
    const p = await inProcess(oauthConfig(server.issuer));
    const set = await browserLogin(p, server);
    p.setTokenSet({ ...set, expires_at: Date.now() - 1000, refresh_expires_at: Date.now() - 1 });
    const before = refreshes();
    const error = await errorOf(p.source.resolve(p.deps, p.profile, { minTtlSeconds: 360 }));
    expect(error.message).toBe('the access token of profile "gw" has expired and the refresh token has expired');
    expect(refreshes()).toBe(before);
  });

  it('never sends stored tokens to an issuer the profile no longer names', async () => {
    const p = await inProcess(oauthConfig(server.issuer));
    const set = await browserLogin(p, server);
    p.setTokenSet({ ...set, issuer: 'https://old-issuer.example' });
    const before = { ...server.grants() };
    const error = await errorOf(p.source.resolve(p.deps, p.profile, { minTtlSeconds: 360 }));
    expect(error.code).toBe('login-needed');
    expect(error.message).toMatch(/were issued by https:\/\/old-issuer\.example/);
    expect(server.grants()).toEqual(before);
    expect(await p.source.status(p.deps, p.profile)).toMatchObject({ state: 'invalid', hint: 'port42 auth login gw' });
  });

  it('says "not logged in" (login-needed) when nothing is stored', async () => {
    const p = await inProcess(oauthConfig(server.issuer));
    const error = await errorOf(p.source.resolve(p.deps, p.profile, { minTtlSeconds: 360 }));
    expect([error.code, error.message, error.hint]).toEqual(['login-needed', 'profile "gw" is not logged in', 'port42 auth login gw']);
    expect(await p.source.status(p.deps, p.profile)).toMatchObject({ state: 'missing', hint: 'port42 auth login gw' });
  });
});

describe('client credentials', () => {
  const config = () =>
    oauthConfig(server.issuer, { client_id: JSON.stringify(SERVICE_CLIENT_ID), flow: '"client-credentials"', scopes: '["llm"]' });

  it('logs in with the secret from stdin, stores secret and token, and repeats the grant when the token ends', async () => {
    const p = await inProcess(config());
    const ctx = { ...p.ctx, stdin: { isTTY: false, readAll: async () => `${SERVICE_CLIENT_SECRET}\n` } };
    const deps = { ...p.deps, ctx };
    const before = server.grants().client_credentials ?? 0;
    await p.source.login(deps, p.profile, LOGIN);
    expect(server.grants().client_credentials).toBe(before + 1);
    expect(p.store.items.get(accountFor.secret('gw') + ':client-secret')).toBe(SERVICE_CLIENT_SECRET);
    const set = p.tokenSet();
    expect(set.refresh_token).toBeUndefined();
    expect(set.scope).toBe('llm');
    expect(await server.introspect(set.access_token)).toMatchObject({ active: true, client_id: SERVICE_CLIENT_ID });
    expect(await p.source.status(deps, p.profile)).toMatchObject({ state: 'ok', detail: 'as client port42-service; scopes llm' });

    p.setTokenSet({ ...set, expires_at: Date.now() - 1000 });
    const credential = await p.source.resolve(deps, p.profile, { minTtlSeconds: 360 });
    expect(server.grants().client_credentials).toBe(before + 2);
    expect(credential.secret).not.toBe(set.access_token);
    expect((await server.introspect(credential.secret!)).active).toBe(true);
  });

  it('asks for a login (4) when the grant is refused with an empty 400/401, keeping the stored token', async () => {
    const p = await inProcess(config());
    const deps = { ...p.deps, ctx: { ...p.ctx, stdin: { isTTY: false, readAll: async () => SERVICE_CLIENT_SECRET } } };
    await p.source.login(deps, p.profile, LOGIN);
    const expired = { ...p.tokenSet(), expires_at: Date.now() - 1000 };
    p.setTokenSet(expired);
    try {
      for (const status of [400, 401]) {
        server.overrideTokenAnswers((grant) => (grant === 'client_credentials' ? { status, body: '' } : undefined));
        const error = await errorOf(p.source.resolve(deps, p.profile, { minTtlSeconds: 360 }));
        expect([error.code, error.hint]).toEqual(['login-needed', 'port42 auth login gw']);
        expect(error.message).toBe(
          `the issuer refused requesting a token with the client credentials for profile "gw" (HTTP ${status}, no OAuth error in the answer)`,
        );
        expect(error.message).not.toContain(SERVICE_CLIENT_SECRET);
        expect(p.tokenSet()).toEqual(expired);
      }
    } finally {
      server.overrideTokenAnswers(undefined);
    }
  });

  it('stores nothing when the secret is wrong', async () => {
    const p = await inProcess(config());
    const deps = { ...p.deps, ctx: { ...p.ctx, stdin: { isTTY: false, readAll: async () => 'wrong-secret' } } };
    const error = await errorOf(p.source.login(deps, p.profile, LOGIN));
    expect(error.code).toBe('login-needed');
    expect(error.message).toMatch(/rejected client "port42-service" or its secret/);
    expect(error.message).not.toContain('wrong-secret');
    expect(p.store.items.size).toBe(0);
  });

  it('refuses --device for a client credentials profile', async () => {
    const p = await inProcess(config());
    expect((await errorOf(p.source.login(p.deps, p.profile, { ...LOGIN, device: true }))).code).toBe('usage');
  });
});
