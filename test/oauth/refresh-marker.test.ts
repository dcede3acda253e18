// `helper erase` (git after a 401) marks an OAuth profile; the next resolve renews exactly the
// refused token once, clears the mark, and later calls hand out the new token without a refresh.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { markForRefresh, readRefreshMarker } from '../../src/oauth/refresh-marker.ts';
import { startOidcServer, type OidcServer } from '../support/oidc/server.ts';
import { browserLogin, inProcess, oauthConfig, PROFILE } from './helpers.ts';

let server: OidcServer;
beforeAll(async () => {
  server = await startOidcServer();
});
afterAll(async () => {
  await server?.close();
});

describe('refresh marker from helper erase', () => {
  it('renews a refused token once and then clears the mark', async () => {
    const p = await inProcess(oauthConfig(server.issuer));
    const first = await browserLogin(p, server);
    const before = server.grants().refresh_token ?? 0;
    await markForRefresh(p.ctx, PROFILE);
    const renewed = await p.source.resolve(p.deps, p.profile, { minTtlSeconds: 360 });
    expect(renewed.secret).not.toBe(first.access_token);
    expect(server.grants().refresh_token ?? 0).toBe(before + 1);
    expect(await readRefreshMarker(p.ctx, PROFILE)).toBeUndefined();
    const again = await p.source.resolve(p.deps, p.profile, { minTtlSeconds: 360 });
    expect(again.secret).toBe(renewed.secret);
    expect(server.grants().refresh_token ?? 0).toBe(before + 1);
  });

  it('keeps a token another caller already renewed instead of refreshing again', async () => {
    const p = await inProcess(oauthConfig(server.issuer));
    await browserLogin(p, server);
    await markForRefresh(p.ctx, PROFILE);
    const before = server.grants().refresh_token ?? 0;
    // Two callers saw the mark at once: one refresh between them.
    const [a, b] = await Promise.all([
      p.source.resolve(p.deps, p.profile, { minTtlSeconds: 360 }),
      p.source.resolve(p.deps, p.profile, { minTtlSeconds: 360 }),
    ]);
    expect(a.secret).toBe(b.secret);
    expect(server.grants().refresh_token ?? 0).toBe(before + 1);
  });
});
