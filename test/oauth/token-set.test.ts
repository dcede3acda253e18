// The stored token set (versioned JSON) and the status it gives: pure functions, no network.
import { describe, expect, it } from 'vitest';
import type { OAuthSettings } from '../../src/config/types.ts';
import { tokenSetStatus } from '../../src/oauth/status.ts';
import {
  canRefresh,
  needsRenewal,
  parseTokenSet,
  serializeTokenSet,
  tokenSetFromResponse,
  withoutRefreshToken,
  type TokenSet,
} from '../../src/oauth/token-set.ts';

const NOW = Date.UTC(2026, 10, 25, 12, 0, 0);
const HOUR = 3600_000;
const SETTINGS: OAuthSettings = {
  preset: 'generic',
  issuer: 'https://login.example',
  clientId: 'port42',
  scopes: ['openid', 'offline_access'],
  flow: 'browser',
  redirectPort: 0,
};
const SET: TokenSet = {
  version: 1,
  access_token: 'at-1',
  refresh_token: 'rt-1',
  expires_at: NOW + HOUR,
  scope: 'openid llm',
  token_type: 'bearer',
  id_claims: { sub: 'u1', email: 'u1@example.test' },
  issuer: 'https://login.example',
  client_id: 'port42',
};
const context = { profile: 'gw', now: NOW, storeKind: 'keychain', hasClientSecret: false };

describe('token set', () => {
  it('round-trips through its JSON with version 1 and only the documented keys', () => {
    const text = serializeTokenSet({ ...SET, refresh_expires_at: NOW + 2 * HOUR });
    expect(Object.keys(JSON.parse(text))).toEqual([
      'version',
      'access_token',
      'refresh_token',
      'expires_at',
      'scope',
      'token_type',
      'id_claims',
      'refresh_expires_at',
      'issuer',
      'client_id',
    ]);
    expect(parseTokenSet(text)).toEqual({ ok: true, set: { ...SET, refresh_expires_at: NOW + 2 * HOUR } });
  });

  it('refuses other versions, non-JSON (an API key stored before) and incomplete sets without quoting them', () => {
    expect(parseTokenSet('sk-ant-secret-value')).toEqual({ ok: false, problem: expect.stringContaining('not an OAuth token set') });
    expect(parseTokenSet(JSON.stringify({ ...SET, version: 2 }))).toEqual({
      ok: false,
      problem: 'the stored token set has version 2, this port42 reads version 1',
    });
    const incomplete = parseTokenSet(JSON.stringify({ ...SET, issuer: undefined }));
    expect(incomplete.ok).toBe(false);
    expect(JSON.stringify(incomplete)).not.toContain('at-1');
  });

  it('builds a set from a login response, assuming an hour when expires_in is missing', () => {
    const set = tokenSetFromResponse(
      { access_token: 'a', token_type: 'Bearer' },
      { now: NOW, issuer: 'https://login.example', clientId: 'port42' },
    );
    expect(set).toEqual({
      version: 1,
      access_token: 'a',
      expires_at: NOW + HOUR,
      token_type: 'bearer',
      issuer: 'https://login.example',
      client_id: 'port42',
    });
  });

  it('keeps the refresh token, scope and claims a refresh response leaves out, and takes a rotated refresh token', () => {
    const kept = tokenSetFromResponse(
      { access_token: 'at-2', token_type: 'bearer', expires_in: 60 },
      { now: NOW, issuer: SET.issuer, clientId: SET.client_id, previous: { ...SET, refresh_expires_at: NOW + 5 * HOUR } },
    );
    expect(kept).toMatchObject({
      access_token: 'at-2',
      refresh_token: 'rt-1',
      scope: 'openid llm',
      id_claims: SET.id_claims,
      expires_at: NOW + 60_000,
      refresh_expires_at: NOW + 5 * HOUR,
    });
    const rotated = tokenSetFromResponse(
      { access_token: 'at-3', token_type: 'bearer', refresh_token: 'rt-2', expires_in: 60 },
      {
        now: NOW,
        issuer: SET.issuer,
        clientId: SET.client_id,
        previous: { ...SET, refresh_expires_at: NOW + 5 * HOUR },
        idClaims: { sub: 'u1' },
      },
    );
    expect(rotated.refresh_token).toBe('rt-2');
    expect(rotated.refresh_expires_at).toBeUndefined(); // the new token's end is unknown
    expect(rotated.id_claims).toEqual({ sub: 'u1', email: 'u1@example.test' });
    const told = tokenSetFromResponse(
      { access_token: 'x', token_type: 'bearer', refresh_token: 'rt-3', refresh_expires_in: 7200 },
      { now: NOW, issuer: SET.issuer, clientId: SET.client_id },
    );
    expect(told.refresh_expires_at).toBe(NOW + 2 * HOUR);
  });

  it('decides renewal by --min-ttl and refreshability by the refresh token and its known end', () => {
    expect(needsRenewal(SET, NOW, 360)).toBe(false);
    expect(needsRenewal(SET, NOW, 3601)).toBe(true);
    expect(canRefresh(SET, NOW)).toBe(true);
    expect(canRefresh({ ...SET, refresh_expires_at: NOW }, NOW)).toBe(false);
    expect(canRefresh(withoutRefreshToken({ ...SET, refresh_expires_at: NOW + HOUR }), NOW)).toBe(false);
    expect(withoutRefreshToken({ ...SET, refresh_expires_at: NOW + HOUR })).not.toHaveProperty('refresh_expires_at');
  });
});

describe('oauth status', () => {
  it('is ok while refreshable, showing who, scopes and the access token end', () => {
    expect(tokenSetStatus(SET, SETTINGS, context)).toEqual({
      state: 'ok',
      store: 'keychain',
      source: 'oauth',
      expiresAt: NOW + HOUR,
      account: 'u1@example.test',
      scopes: ['openid', 'llm'],
      detail: 'as u1@example.test; scopes openid llm',
    });
  });

  it('is expiring, with the login hint, when the refresh token ends within a day', () => {
    const status = tokenSetStatus({ ...SET, refresh_expires_at: NOW + 5 * HOUR }, SETTINGS, context);
    expect(status).toMatchObject({
      state: 'expiring',
      hint: 'port42 auth login gw',
      detail: 'as u1@example.test; scopes openid llm; the refresh token ends in 5 h: log in again soon',
    });
  });

  it('is expired when the access token ended and nothing can renew it', () => {
    const status = tokenSetStatus({ ...withoutRefreshToken(SET), expires_at: NOW - 2 * HOUR }, SETTINGS, context);
    expect(status).toMatchObject({
      state: 'expired',
      hint: 'port42 auth login gw',
      detail: 'as u1@example.test; scopes openid llm; expired 2 h ago, no refresh token',
    });
  });

  it('is expiring while a token without refresh token still lives', () => {
    expect(tokenSetStatus(withoutRefreshToken(SET), SETTINGS, context)).toMatchObject({ state: 'expiring', hint: 'port42 auth login gw' });
  });

  it('is missing without a login, and ok for client credentials with a stored secret', () => {
    expect(tokenSetStatus(undefined, SETTINGS, context)).toMatchObject({ state: 'missing', hint: 'port42 auth login gw' });
    const cc: OAuthSettings = { ...SETTINGS, flow: 'client-credentials' };
    expect(tokenSetStatus(undefined, cc, { ...context, hasClientSecret: true })).toMatchObject({ state: 'ok' });
    expect(
      tokenSetStatus({ ...withoutRefreshToken(SET), id_claims: undefined as never, expires_at: NOW - 1 }, cc, {
        ...context,
        hasClientSecret: true,
      }),
    ).toMatchObject({ state: 'ok' });
    expect(tokenSetStatus(undefined, cc, context)).toMatchObject({ state: 'missing' });
  });
});
