// Finding the issuer's endpoints: OIDC discovery, RFC 8414 metadata, explicit endpoints, and the
// rules that keep tokens on TLS (plain http only for loopback issuers).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OAuthSettings } from '../../src/config/types.ts';
import { httpOptions, openClient } from '../../src/oauth/client.ts';
import { discoverServer } from '../../src/oauth/discovery.ts';
import { startOidcServer, type OidcServer } from '../support/oidc/server.ts';
import { createTestContext, errorOf } from '../support/test-context.ts';
import { inProcess, oauthConfig } from './helpers.ts';

let oidc: OidcServer;
let plain: Server;
let plainIssuer: string;
/** Metadata the RFC 8414-only server serves, by path. */
const documents = new Map<string, Record<string, unknown>>();

beforeAll(async () => {
  oidc = await startOidcServer();
  plain = createServer((req, res) => {
    const document = documents.get(req.url ?? '');
    res.statusCode = document ? 200 : 404;
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(document ?? { error: 'not found' }));
  });
  await new Promise<void>((done) => plain.listen(0, '127.0.0.1', done));
  plainIssuer = `http://127.0.0.1:${(plain.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await oidc?.close();
  await new Promise((done) => plain?.close(done));
});

function settings(issuer: string, extra: Partial<OAuthSettings> = {}): OAuthSettings {
  return { preset: 'generic', issuer, clientId: 'port42-cli', scopes: ['openid'], flow: 'browser', redirectPort: 0, ...extra };
}

async function discover(s: OAuthSettings, fetchImpl: typeof fetch = globalThis.fetch) {
  const { ctx } = createTestContext({ fetch: fetchImpl });
  return discoverServer('gw', s, httpOptions(ctx, 'gw', s));
}

describe('discovery', () => {
  it('reads OpenID Connect discovery metadata', async () => {
    const as = await discover(settings(oidc.issuer));
    expect(as).toMatchObject({
      issuer: oidc.issuer,
      token_endpoint: `${oidc.issuer}/token`,
      revocation_endpoint: `${oidc.issuer}/token/revocation`,
      device_authorization_endpoint: `${oidc.issuer}/device/auth`,
    });
  });

  it('falls back to RFC 8414 metadata, inserting the well-known path before the issuer path', async () => {
    const issuer = `${plainIssuer}/tenant-a`;
    documents.set('/.well-known/oauth-authorization-server/tenant-a', {
      issuer,
      token_endpoint: `${issuer}/token`,
      authorization_endpoint: `${issuer}/authorize`,
    });
    const as = await discover(settings(issuer));
    expect(as).toMatchObject({ issuer, token_endpoint: `${issuer}/token` });
  });

  it('lets endpoints in the profile override discovered ones', async () => {
    const as = await discover(settings(oidc.issuer, { revocationEndpoint: `${oidc.issuer}/elsewhere/revoke` }));
    expect(as.revocation_endpoint).toBe(`${oidc.issuer}/elsewhere/revoke`);
    expect(as.token_endpoint).toBe(`${oidc.issuer}/token`);
  });

  it('fetches nothing when the profile names its token endpoint', async () => {
    const seen: string[] = [];
    const spy: typeof fetch = async (input, init) => {
      seen.push(String(input));
      return fetch(input, init);
    };
    const as = await discover(
      settings('https://login.example', {
        tokenEndpoint: 'https://login.example/oauth/token',
        deviceAuthorizationEndpoint: 'https://login.example/oauth/device',
      }),
      spy,
    );
    expect(as).toEqual({
      issuer: 'https://login.example',
      token_endpoint: 'https://login.example/oauth/token',
      device_authorization_endpoint: 'https://login.example/oauth/device',
    });
    expect(seen).toEqual([]);
  });

  it('refuses metadata that names a different issuer', async () => {
    const issuer = `${plainIssuer}/mixup`;
    documents.set('/mixup/.well-known/openid-configuration', { issuer: 'https://attacker.example', token_endpoint: `${issuer}/token` });
    const error = await errorOf(discover(settings(issuer)));
    expect(error.message).toMatch(/names a different issuer than the configured/);
  });

  it('refuses plain http for an issuer that is not loopback, before any request', async () => {
    const error = await errorOf(discover(settings('http://login.example')));
    expect(error.code).toBe('config');
    expect(error.message).toBe(
      'profile "gw": issuer "http://login.example" must use https (plain http is allowed only for loopback issuers such as http://127.0.0.1)',
    );
  });

  it('refuses a plain http endpoint that is not loopback, even from a loopback issuer', async () => {
    const issuer = `${plainIssuer}/leaky`;
    documents.set('/leaky/.well-known/openid-configuration', { issuer, token_endpoint: 'http://tokens.example/token' });
    const error = await errorOf(discover(settings(issuer)));
    expect(error.code).toBe('config');
    expect(error.message).toMatch(/token_endpoint "http:\/\/tokens\.example\/token" must use https/);
  });

  it('says where it looked when there is no metadata', async () => {
    const error = await errorOf(discover(settings(`${plainIssuer}/nothing`)));
    expect(error.message).toMatch(
      /no OAuth metadata for issuer .* \(tried \/\.well-known\/openid-configuration and \/\.well-known\/oauth-authorization-server\)/,
    );
    expect(error.hint).toMatch(/^port42 profile show gw/);
  });

  it('translates an unreachable issuer into a retryable failure', async () => {
    const closed = createServer();
    await new Promise<void>((done) => closed.listen(0, '127.0.0.1', done));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((done) => closed.close(done));
    const p = await inProcess(oauthConfig(`http://127.0.0.1:${port}`));
    const error = await errorOf(openClient(p.ctx, p.profile, { retry: 'port42 auth login gw' }));
    expect(error.code).toBe('failure');
    expect(error.message).toMatch(/cannot reach the issuer while reading the issuer's metadata \(ECONNREFUSED\)/);
  });
});
