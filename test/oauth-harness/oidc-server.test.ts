// Proves the test OIDC server (test/support/oidc/server.ts) behaves like a real authorization
// server, using oauth4webapi as the client over plain http on 127.0.0.1.
import { createServer, type Server } from 'node:http';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import * as oauth from 'oauth4webapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissingReason, loginWithChromium } from '../support/oidc/chromium-login.ts';
import { CLI_CLIENT_ID, SERVICE_CLIENT_ID, SERVICE_CLIENT_SECRET, startOidcServer, type OidcServer } from '../support/oidc/server.ts';
import { realComponentAvailable } from '../support/real-component.ts';

const insecure = { [oauth.allowInsecureRequests]: true } as const;
const cli: oauth.Client = { client_id: CLI_CLIENT_ID, token_endpoint_auth_method: 'none' };
const service: oauth.Client = { client_id: SERVICE_CLIENT_ID };
const SCOPE = 'openid offline_access email llm';

async function discover(issuer: string): Promise<oauth.AuthorizationServer> {
  const url = new URL(issuer);
  return oauth.processDiscoveryResponse(url, await oauth.discoveryRequest(url, { algorithm: 'oidc', ...insecure }));
}

interface AuthRequest {
  url: string;
  verifier: string;
  state: string;
  nonce: string;
  redirectUri: string;
}

async function authRequest(as: oauth.AuthorizationServer, redirectPort: number, extra: Record<string, string> = {}): Promise<AuthRequest> {
  const verifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  const nonce = oauth.generateRandomNonce();
  const redirectUri = `http://127.0.0.1:${redirectPort}/callback`;
  const url = new URL(as.authorization_endpoint ?? '');
  url.search = new URLSearchParams({
    client_id: CLI_CLIENT_ID,
    response_type: 'code',
    redirect_uri: redirectUri,
    scope: SCOPE,
    state,
    nonce,
    code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    ...extra,
  }).toString();
  return { url: url.href, verifier, state, nonce, redirectUri };
}

async function exchangeCode(
  as: oauth.AuthorizationServer,
  request: AuthRequest,
  callback: URL,
  verifier = request.verifier,
): Promise<oauth.TokenEndpointResponse> {
  const params = oauth.validateAuthResponse(as, cli, callback, request.state);
  const response = await oauth.authorizationCodeGrantRequest(as, cli, oauth.None(), params, request.redirectUri, verifier, insecure);
  return oauth.processAuthorizationCodeResponse(as, cli, response, { expectedNonce: request.nonce, requireIdToken: true });
}

async function loginWithCode(server: OidcServer, as: oauth.AuthorizationServer, sub = 'user-1'): Promise<oauth.TokenEndpointResponse> {
  const request = await authRequest(as, 40_000 + Math.floor(Math.random() * 20_000));
  return exchangeCode(as, request, await server.authorize(request.url, sub));
}

async function refresh(as: oauth.AuthorizationServer, refreshToken: string): Promise<oauth.TokenEndpointResponse> {
  return oauth.processRefreshTokenResponse(as, cli, await oauth.refreshTokenGrantRequest(as, cli, oauth.None(), refreshToken, insecure));
}

async function oauthError(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof oauth.ResponseBodyError) return err.error;
    // 401 responses (invalid_client) carry the error in a WWW-Authenticate challenge.
    if (err instanceof oauth.WWWAuthenticateChallengeError) return String(err.cause[0]?.parameters.error);
    throw err;
  }
  throw new Error('expected an OAuth error response, got success');
}

function requireString(value: unknown, what: string): string {
  if (typeof value !== 'string' || value === '') throw new Error(`expected ${what} to be a non-empty string, got ${String(value)}`);
  return value;
}

describe('test OIDC server', () => {
  let server: OidcServer;
  let as: oauth.AuthorizationServer;

  beforeAll(async () => {
    server = await startOidcServer({ deviceInterval: 1 });
    as = await discover(server.issuer);
  });
  afterAll(async () => {
    await server?.close();
  });

  it('serves discovery with revocation, introspection and device endpoints', () => {
    expect(server.issuer).toBe(`http://127.0.0.1:${server.port}`);
    expect(as.issuer).toBe(server.issuer);
    expect(as.revocation_endpoint).toBe(`${server.issuer}/token/revocation`);
    expect(as.introspection_endpoint).toBe(`${server.issuer}/token/introspection`);
    expect(as.device_authorization_endpoint).toBe(`${server.issuer}/device/auth`);
    expect(as.code_challenge_methods_supported).toEqual(['S256']);
    expect(as.grant_types_supported).toEqual(
      expect.arrayContaining(['authorization_code', 'refresh_token', 'client_credentials', 'urn:ietf:params:oauth:grant-type:device_code']),
    );
    expect(as.scopes_supported).toEqual(expect.arrayContaining(['openid', 'offline_access', 'email', 'profile', 'llm']));
  });

  it('runs authorization code + PKCE with a loopback redirect on any port, and rejects a wrong verifier', async () => {
    const before = server.grants().authorization_code ?? 0;
    const request = await authRequest(as, 51_234);
    const callback = await server.authorize(request.url, 'alice');
    expect(callback.origin).toBe('http://127.0.0.1:51234');
    expect(callback.pathname).toBe('/callback');
    expect(callback.searchParams.get('state')).toBe(request.state);
    expect(callback.searchParams.get('code')).toBeTruthy();
    expect(callback.searchParams.get('iss')).toBe(server.issuer);

    // PKCE is checked before the code is consumed, so the right verifier still works afterwards.
    expect(await oauthError(exchangeCode(as, request, callback, oauth.generateRandomCodeVerifier()))).toBe('invalid_grant');
    const tokens = await exchangeCode(as, request, callback);
    expect(tokens.access_token).toBeTruthy();
    expect(tokens.refresh_token).toBeTruthy();
    expect(tokens.id_token).toBeTruthy();
    expect(tokens.expires_in).toBe(3600);
    expect(tokens.scope?.split(' ')).toEqual(expect.arrayContaining(['openid', 'email', 'llm']));
    expect(oauth.getValidatedIdTokenClaims(tokens)?.sub).toBe('alice');
    expect(server.grants().authorization_code).toBe(before + 2);

    const introspection = await server.introspect(tokens.access_token);
    expect(introspection).toMatchObject({ active: true, sub: 'alice', client_id: CLI_CLIENT_ID });
    expect(String(introspection.scope).split(' ')).toContain('llm');

    const userinfo = await oauth.processUserInfoResponse(
      as,
      cli,
      'alice',
      await oauth.userInfoRequest(as, cli, tokens.access_token, insecure),
    );
    expect(userinfo).toMatchObject({ sub: 'alice', email: 'alice@example.test', email_verified: true });
  });

  it('rejects authorization requests without PKCE or with an unregistered redirect_uri', async () => {
    const noPkce = await authRequest(as, 51_235);
    const url = new URL(noPkce.url);
    url.searchParams.delete('code_challenge');
    url.searchParams.delete('code_challenge_method');
    const callback = await server.authorize(url.href);
    expect(callback.searchParams.get('error')).toBe('invalid_request');
    expect(callback.searchParams.get('code')).toBeNull();

    const wrongPath = await authRequest(as, 51_236);
    await expect(server.authorize(wrongPath.url.replace('%2Fcallback', '%2Fother'))).rejects.toThrow(/redirect_uri/);
  });

  it('rotates refresh tokens and revokes the grant when a rotated refresh token is reused', async () => {
    const tokens = await loginWithCode(server, as);
    const first = requireString(tokens.refresh_token, 'refresh_token');
    const before = server.grants().refresh_token ?? 0;

    const rotated = await refresh(as, first);
    const second = requireString(rotated.refresh_token, 'rotated refresh_token');
    expect(second).not.toBe(first);
    expect(rotated.access_token).not.toBe(tokens.access_token);
    expect((await server.introspect(rotated.access_token)).active).toBe(true);

    const eventsBefore = server.events().length;
    expect(await oauthError(refresh(as, first))).toBe('invalid_grant');
    const alarm = server.events().slice(eventsBefore);
    expect(alarm).toContainEqual({ name: 'grant.revoked', detail: expect.stringMatching(/^refresh token reuse/) });
    expect(alarm).toContainEqual({ name: 'grant.error', detail: expect.stringContaining('refresh token already used') });

    // The whole grant is gone: the newest refresh token and the access tokens too.
    expect(await oauthError(refresh(as, second))).toBe('invalid_grant');
    expect((await server.introspect(second)).active).toBe(false);
    expect((await server.introspect(rotated.access_token)).active).toBe(false);
    expect(server.grants().refresh_token).toBe(before + 3);
  });

  it('runs the device flow: pending, approve, deny', async () => {
    const authorize = async () =>
      oauth.processDeviceAuthorizationResponse(
        as,
        cli,
        await oauth.deviceAuthorizationRequest(as, cli, oauth.None(), { scope: 'openid offline_access llm' }, insecure),
      );
    const poll = async (deviceCode: string) =>
      oauth.processDeviceCodeResponse(as, cli, await oauth.deviceCodeGrantRequest(as, cli, oauth.None(), deviceCode, insecure));
    const before = server.grants()['urn:ietf:params:oauth:grant-type:device_code'] ?? 0;

    const approved = await authorize();
    expect(approved.interval).toBe(1); // deviceInterval option
    expect(approved.verification_uri).toBe(`${server.issuer}/device`);
    expect(await oauthError(poll(approved.device_code))).toBe('authorization_pending');
    await server.approveDevice(approved.user_code, 'bob');
    const tokens = await poll(approved.device_code);
    expect(tokens.access_token).toBeTruthy();
    expect(tokens.refresh_token).toBeTruthy();
    expect(oauth.getValidatedIdTokenClaims(tokens)?.sub).toBe('bob');
    expect(await server.introspect(tokens.access_token)).toMatchObject({ active: true, sub: 'bob' });
    // A device code is single-use.
    expect(await oauthError(poll(approved.device_code))).toBe('invalid_grant');

    const denied = await authorize();
    await server.denyDevice(denied.user_code);
    expect(await oauthError(poll(denied.device_code))).toBe('access_denied');

    await expect(server.approveDevice('BCDF-GHJK')).rejects.toThrow(/rejected: NotFoundError/);
    await expect(server.approveDevice(approved.user_code)).rejects.toThrow(/rejected/);
    expect(server.grants()['urn:ietf:params:oauth:grant-type:device_code']).toBe(before + 4);
  });

  it('revokes refresh tokens (RFC 7009) so they can no longer be used', async () => {
    const tokens = await loginWithCode(server, as);
    const refreshToken = requireString(tokens.refresh_token, 'refresh_token');
    expect((await server.introspect(refreshToken)).active).toBe(true);

    await oauth.processRevocationResponse(
      await oauth.revocationRequest(as, cli, oauth.None(), refreshToken, {
        additionalParameters: { token_type_hint: 'refresh_token' },
        ...insecure,
      }),
    );
    expect(await oauthError(refresh(as, refreshToken))).toBe('invalid_grant');
    expect((await server.introspect(refreshToken)).active).toBe(false);
    expect((await server.introspect(tokens.access_token)).active).toBe(false);
    expect(server.events()).toContainEqual({ name: 'grant.revoked', detail: expect.stringMatching(/^token revocation/) });
  });

  it('issues client_credentials tokens to port42-service (basic and post auth)', async () => {
    const before = server.grants().client_credentials ?? 0;
    for (const auth of [oauth.ClientSecretBasic(SERVICE_CLIENT_SECRET), oauth.ClientSecretPost(SERVICE_CLIENT_SECRET)]) {
      const tokens = await oauth.processClientCredentialsResponse(
        as,
        service,
        await oauth.clientCredentialsGrantRequest(as, service, auth, { scope: 'llm' }, insecure),
      );
      expect(tokens.access_token).toBeTruthy();
      expect(tokens.scope).toBe('llm');
      expect(tokens.refresh_token).toBeUndefined();
      expect(await server.introspect(tokens.access_token)).toMatchObject({ active: true, client_id: SERVICE_CLIENT_ID, scope: 'llm' });
    }
    const wrongSecret = oauth.clientCredentialsGrantRequest(as, service, oauth.ClientSecretBasic('nope'), { scope: 'llm' }, insecure);
    expect(await oauthError(wrongSecret.then((r) => oauth.processClientCredentialsResponse(as, service, r)))).toBe('invalid_client');
    expect(server.grants().client_credentials).toBe(before + 3);
  });

  it('listens on 127.0.0.1 only', async () => {
    const addresses = Object.values(networkInterfaces())
      .flat()
      .filter((a) => a !== undefined && !a.internal && !(a.family === 'IPv6' && a.address.toLowerCase().startsWith('fe80')));
    const target = addresses.find((a) => a?.family === 'IPv4') ?? addresses[0];
    if (target === undefined) {
      process.stderr.write('[oidc-server.test] skipping the non-loopback reachability check: this machine has no non-loopback address\n');
      return;
    }
    const probe = (host: string) =>
      new Promise<string>((resolve) => {
        const socket = connect({ host, port: server.port, timeout: 2000 });
        socket.once('connect', () => {
          socket.destroy();
          resolve('connected');
        });
        socket.once('timeout', () => {
          socket.destroy();
          resolve('timeout');
        });
        socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? 'error'));
      });
    expect(await probe('127.0.0.1')).toBe('connected'); // the probe itself works
    const outcome = await probe(target.address);
    expect(outcome, `connecting to ${target.address}:${server.port}`).not.toBe('connected');
  });
});

describe('test OIDC server options', () => {
  it('honours a short accessTokenTtl; the refresh token outlives the access token', async () => {
    const server = await startOidcServer({ accessTokenTtl: 2 });
    try {
      const as = await discover(server.issuer);
      const tokens = await loginWithCode(server, as);
      expect(tokens.expires_in).toBe(2);

      const raw = await oauth.deviceAuthorizationRequest(as, cli, oauth.None(), { scope: 'openid' }, insecure);
      expect(await raw.json()).not.toHaveProperty('interval'); // oidc-provider's own behaviour

      let active = true;
      for (let i = 0; i < 30 && active; i += 1) {
        active = (await server.introspect(tokens.access_token)).active;
        if (active) await new Promise((r) => setTimeout(r, 200));
      }
      expect(active).toBe(false);

      const refreshed = await refresh(as, requireString(tokens.refresh_token, 'refresh_token'));
      expect(refreshed.expires_in).toBe(2);
      expect((await server.introspect(refreshed.access_token)).active).toBe(true);
    } finally {
      await server.close();
    }
  });

  it('can keep refresh tokens unrotated', async () => {
    const server = await startOidcServer({ rotateRefreshTokens: false });
    try {
      const as = await discover(server.issuer);
      const refreshToken = requireString((await loginWithCode(server, as)).refresh_token, 'refresh_token');
      expect((await refresh(as, refreshToken)).refresh_token).toBe(refreshToken);
      expect((await refresh(as, refreshToken)).refresh_token).toBe(refreshToken);
      expect(server.events().filter((e) => e.name === 'grant.revoked')).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it('closes itself after idleTimeoutMs without requests', async () => {
    const server = await startOidcServer({ idleTimeoutMs: 150 });
    try {
      for (let i = 0; i < 40 && !server.events().some((e) => e.name === 'server.idle_timeout'); i += 1) {
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(server.events().map((e) => e.name)).toContain('server.idle_timeout');
      await expect(fetch(server.issuer, { signal: AbortSignal.timeout(2000) })).rejects.toThrow();
    } finally {
      await server.close();
    }
  });
});

const chromiumReady = realComponentAvailable('chromium', chromiumMissingReason());

describe.skipIf(!chromiumReady)('test OIDC server in real Chromium', () => {
  let server: OidcServer;
  let callbackServer: Server;
  const callbacks: URL[] = [];

  beforeAll(async () => {
    server = await startOidcServer();
    callbackServer = createServer((req, res) => {
      callbacks.push(new URL(req.url ?? '/', 'http://127.0.0.1'));
      res.setHeader('content-type', 'text/plain');
      res.end('port42 test callback received');
    });
    await new Promise<void>((resolve) => callbackServer.listen(0, '127.0.0.1', resolve));
    callbackServer.unref();
  });
  afterAll(async () => {
    callbackServer?.closeAllConnections();
    await new Promise((resolve) => (callbackServer ? callbackServer.close(resolve) : resolve(undefined)));
    await server?.close();
  });

  it('logs in through the dev login and consent pages and reaches the loopback callback', async () => {
    const as = await discover(server.issuer);
    const { port } = callbackServer.address() as AddressInfo;
    const request = await authRequest(as, port);
    await loginWithChromium(request.url, 'carol');

    const received = callbacks.find((u) => u.pathname === '/callback'); // ignore e.g. /favicon.ico
    if (received === undefined) throw new Error('no callback');
    const callback = new URL(`${received.pathname}${received.search}`, request.redirectUri);
    expect(callback.searchParams.get('state')).toBe(request.state);
    const tokens = await exchangeCode(as, request, callback);
    expect(oauth.getValidatedIdTokenClaims(tokens)?.sub).toBe('carol');
    expect(tokens.refresh_token).toBeTruthy();
  });
});
