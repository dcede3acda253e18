// The browser login against the real test OIDC server: the fake "browser" goes through the
// provider's own login and consent pages over HTTP, then calls port42's loopback callback.
import { createHash } from 'node:crypto';
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Port42Error } from '../../src/errors.ts';
import { createOAuthSource } from '../../src/oauth/source.ts';
import { chromiumMissingReason, loginWithChromium } from '../support/oidc/chromium-login.ts';
import { startOidcServer, type OidcServer } from '../support/oidc/server.ts';
import { realComponentAvailable } from '../support/real-component.ts';
import { browserLogin, httpBrowser, inProcess, LOGIN, oauthConfig, type InProcess } from './helpers.ts';

let server: OidcServer;
beforeAll(async () => {
  server = await startOidcServer();
});
afterAll(async () => {
  await server?.close();
});

async function failureOf(promise: Promise<unknown>): Promise<Port42Error> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Port42Error) return error;
    throw error;
  }
  throw new Error('expected a Port42Error');
}

/** A login whose browser is `browser`; resolves to the login's outcome and what the browser saw. */
async function loginWith(p: InProcess, browser: ReturnType<typeof httpBrowser>) {
  const source = createOAuthSource({ ...p.system, openBrowser: browser.openBrowser });
  const outcome = await source.login(p.deps, p.profile, LOGIN).then(
    () => undefined,
    (error: unknown) => error,
  );
  await browser.settled();
  return { outcome, visit: browser.visits[0] };
}

function probe(host: string, port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 1500 });
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve('timeout');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
  });
}

describe('browser login', () => {
  it('signs in through the login and consent pages and stores a version 1 token set', async () => {
    const p = await inProcess(oauthConfig(server.issuer));
    const browser = httpBrowser(server, { sub: 'alice' });
    const { outcome, visit } = await loginWith(p, browser);
    expect(outcome).toBeUndefined();
    expect(visit?.status).toBe(200);
    expect(visit?.page).toContain('You can close this tab');

    const url = visit!.authorizationUrl;
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('state')).toMatch(/^[\w-]{20,}$/);
    expect(url.searchParams.get('nonce')).toMatch(/^[\w-]{20,}$/);
    expect(url.searchParams.get('redirect_uri')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
    expect(p.t.stderr.text).toContain(url.href);

    const set = p.tokenSet();
    expect(set).toMatchObject({
      version: 1,
      token_type: 'bearer',
      issuer: server.issuer,
      client_id: 'port42-cli',
      id_claims: { sub: 'alice', email: 'alice@example.test' },
    });
    expect(set.refresh_token).toBeTruthy();
    expect(set.scope?.split(' ')).toEqual(expect.arrayContaining(['openid', 'email', 'llm']));
    expect(set.expires_at).toBeGreaterThan(Date.now() + 3500_000);
    expect(await server.introspect(set.access_token)).toMatchObject({ active: true, sub: 'alice' });

    const credential = await p.source.resolve(p.deps, p.profile, { minTtlSeconds: 360 });
    expect(credential).toEqual({ secret: set.access_token, kind: 'bearer', expiresAt: set.expires_at, origin: 'oauth' });
    const status = await p.source.status(p.deps, p.profile);
    expect(status).toMatchObject({ state: 'ok', account: 'alice@example.test', expiresAt: set.expires_at });
    expect(status.scopes).toEqual(expect.arrayContaining(['llm']));
  });

  it('sends a PKCE S256 challenge that matches the verifier it exchanges', async () => {
    let verifier: string | undefined;
    const spy: typeof fetch = async (input, init) => {
      const body = init?.body instanceof URLSearchParams ? init.body : undefined;
      if (body?.get('grant_type') === 'authorization_code') verifier = body.get('code_verifier') ?? undefined;
      return fetch(input, init);
    };
    const p = await inProcess(oauthConfig(server.issuer), { fetch: spy });
    const { outcome, visit } = await loginWith(p, httpBrowser(server));
    expect(outcome).toBeUndefined();
    expect(verifier).toMatch(/^[\w-]{43,128}$/);
    const challenge = createHash('sha256').update(verifier!).digest('base64url');
    expect(visit!.authorizationUrl.searchParams.get('code_challenge')).toBe(challenge);
  });

  it('prints only the URL with --no-browser, and says why it does not open one over SSH', async () => {
    const opened: string[] = [];
    const browser = httpBrowser(server);
    const p = await inProcess(oauthConfig(server.issuer), { env: { SSH_CONNECTION: '10.0.0.1 5000 10.0.0.2 22' } });
    // The user opens the printed URL elsewhere: the test plays that user.
    const source = createOAuthSource({
      ...p.system,
      openBrowser: async (_ctx, url) => {
        opened.push(url);
      },
    });
    const login = source.login(p.deps, p.profile, { ...LOGIN, noBrowser: true });
    await expect.poll(() => /https?:\/\/\S+\/auth\?\S+/.exec(p.t.stderr.text)?.[0]).toBeTruthy();
    await browser.openBrowser(p.ctx, /https?:\/\/\S+\/auth\?\S+/.exec(p.t.stderr.text)![0]);
    await login;
    await browser.settled();
    expect(opened).toEqual([]);
    expect(p.t.stderr.text).not.toContain('SSH');

    const ssh = await inProcess(oauthConfig(server.issuer), { env: { SSH_CONNECTION: '10.0.0.1 5000 10.0.0.2 22', DISPLAY: ':0' } });
    const sshSource = createOAuthSource({ ...ssh.system, callbackTimeoutMs: 300, openBrowser: async (_ctx, url) => void opened.push(url) });
    const error = await failureOf(sshSource.login(ssh.deps, ssh.profile, LOGIN));
    expect(opened).toEqual([]);
    expect(ssh.t.stderr.text).toMatch(/not opening a browser: this looks like an SSH session/);
    expect(ssh.t.stderr.text).toContain('run: port42 auth login gw --device');
    expect(error.message).toMatch(/no sign-in arrived within/);
  });

  it('honours a cancel (Ctrl-C) with a cancelled error and closes the callback server', async () => {
    const controller = new AbortController();
    const p = await inProcess(oauthConfig(server.issuer));
    let redirect: URL | undefined;
    const source = createOAuthSource({
      ...p.system,
      interrupts: () => ({ signal: controller.signal, dispose: () => undefined }),
      openBrowser: async (_ctx, url) => {
        redirect = new URL(new URL(url).searchParams.get('redirect_uri')!);
        setTimeout(() => controller.abort(new Port42Error('cancelled', 'cancelled')), 50);
      },
    });
    const error = await failureOf(source.login(p.deps, p.profile, LOGIN));
    expect(error.code).toBe('cancelled');
    expect(await probe('127.0.0.1', Number(redirect!.port))).toBe('ECONNREFUSED');
    expect(p.store.items.size).toBe(0);
  });
});

describe('browser login security', () => {
  it('refuses callbacks with a wrong state or none with an error page, and keeps waiting for the real one', async () => {
    const p = await inProcess(oauthConfig(server.issuer));
    const before = server.grants().authorization_code ?? 0;
    const bogus: { status: number; page: string }[] = [];
    const browser = httpBrowser(server, {
      // Before the real redirect: a forged code with another state, one without state, another path.
      tamper: (callback) => callback,
      beforeCallback: async (callback) => {
        for (const change of ['forged', 'missing', 'path'] as const) {
          const forged = new URL(callback);
          forged.searchParams.set('code', 'forged-code');
          if (change === 'forged') forged.searchParams.set('state', 'forged-state-value-123456789');
          if (change === 'missing') forged.searchParams.delete('state');
          if (change === 'path') forged.pathname = '/other';
          const response = await fetch(forged, { signal: AbortSignal.timeout(5000) });
          bogus.push({ status: response.status, page: await response.text() });
        }
        expect(server.grants().authorization_code ?? 0).toBe(before); // nothing was redeemed meanwhile
      },
    });
    const { outcome, visit } = await loginWith(p, browser);
    expect(outcome).toBeUndefined();
    expect(bogus.map((b) => b.status)).toEqual([400, 400, 404]);
    expect(bogus[0]?.page).toContain('does not belong to the sign-in port42 is waiting for');
    expect(visit?.status).toBe(200);
    expect(p.t.stderr.text).toContain('refused a request to the sign-in callback: it carried another state');
    expect(p.t.stderr.text).toContain('refused a request to the sign-in callback: it carried no state');
    expect(server.grants().authorization_code).toBe(before + 1); // only the real code
    expect(p.tokenSet().access_token).toBeTruthy();
  });

  it('reports the first three refused callbacks on stderr, then stays quiet', async () => {
    const p = await inProcess(oauthConfig(server.issuer));
    const browser = httpBrowser(server, {
      beforeCallback: async (callback) => {
        for (let i = 0; i < 8; i++) {
          const forged = new URL(callback);
          forged.searchParams.set('state', `forged-${i}`);
          await (await fetch(forged, { signal: AbortSignal.timeout(5000) })).text();
        }
      },
    });
    const { outcome } = await loginWith(p, browser);
    expect(outcome).toBeUndefined();
    expect(p.t.stderr.text.match(/refused a request to the sign-in callback/g)).toHaveLength(3);
    expect(p.t.stderr.text.match(/further refused requests to the sign-in callback are not shown/g)).toHaveLength(1);
  });

  it('times out when only callbacks with a wrong state arrive, storing nothing', async () => {
    const p = await inProcess(oauthConfig(server.issuer), { system: { callbackTimeoutMs: 1500 } });
    const browser = httpBrowser(server, {
      tamper: (callback) => {
        callback.searchParams.set('state', 'forged-state-value-123456789');
        return callback;
      },
    });
    const { outcome, visit } = await loginWith(p, browser);
    expect(outcome).toBeInstanceOf(Port42Error);
    expect((outcome as Port42Error).message).toMatch(/no sign-in arrived within/);
    expect(visit?.status).toBe(400);
    expect(p.store.items.size).toBe(0);
  });

  it('refuses a callback that names another issuer (RFC 9207)', async () => {
    const p = await inProcess(oauthConfig(server.issuer));
    const { outcome, visit } = await loginWith(
      p,
      httpBrowser(server, {
        tamper: (callback) => {
          callback.searchParams.set('iss', 'https://evil.example');
          return callback;
        },
      }),
    );
    expect((outcome as Port42Error).message).toMatch(/names a different issuer/);
    expect(visit?.status).toBe(400);
    expect(p.store.items.size).toBe(0);
  });

  it('fails when the code is exchanged with a wrong or missing PKCE verifier (the server checks it)', async () => {
    for (const change of ['wrong', 'missing'] as const) {
      const tamper: typeof fetch = async (input, init) => {
        if (init?.body instanceof URLSearchParams && init.body.get('grant_type') === 'authorization_code') {
          const body = new URLSearchParams(init.body);
          if (change === 'wrong') body.set('code_verifier', 'x'.repeat(64));
          else body.delete('code_verifier');
          return fetch(input, { ...init, body });
        }
        return fetch(input, init);
      };
      const p = await inProcess(oauthConfig(server.issuer), { fetch: tamper });
      const { outcome, visit } = await loginWith(p, httpBrowser(server));
      expect(outcome, change).toBeInstanceOf(Port42Error);
      expect((outcome as Port42Error).message).toMatch(/invalid_grant|invalid_request/);
      expect(visit?.status).toBe(400);
      expect(p.store.items.size).toBe(0);
    }
  });

  it('answers one callback only: a second one is refused and never redeemed', async () => {
    const p = await inProcess(oauthConfig(server.issuer));
    let second: { status?: number; error?: string } = {};
    let firstCallback: URL | undefined;
    const browser = httpBrowser(server, {
      tamper: (callback) => {
        firstCallback = callback;
        return callback;
      },
    });
    const { outcome } = await loginWith(p, browser);
    expect(outcome).toBeUndefined();
    const grantsAfterFirst = server.grants().authorization_code;
    try {
      const response = await fetch(firstCallback!, { signal: AbortSignal.timeout(3000) });
      second = { status: response.status };
    } catch (error) {
      second = { error: String((error as Error).cause ?? error) };
    }
    expect(second.status ?? 'refused').not.toBe(200);
    expect(second.error ?? '').toMatch(/ECONNREFUSED|^$/);
    expect(server.grants().authorization_code).toBe(grantsAfterFirst);
  });

  it('refuses a second callback that arrives while the first is being answered', async () => {
    const p = await inProcess(oauthConfig(server.issuer));
    const replies: number[] = [];
    const browser = httpBrowser(server);
    const source = createOAuthSource({
      ...p.system,
      openBrowser: async (ctx, url) => {
        await browser.openBrowser(ctx, url);
        // A racing second request to the callback with a made-up code, sent as soon as the port is known.
        const redirect = new URL(new URL(url).searchParams.get('redirect_uri')!);
        void (async () => {
          await new Promise((r) => setTimeout(r, 5));
          for (let i = 0; i < 200; i++) {
            const forged = new URL(redirect);
            forged.search = `?code=forged&state=${new URL(url).searchParams.get('state')}`;
            const response = await fetch(forged).catch(() => undefined);
            if (response) {
              replies.push(response.status);
              await response.text();
              return;
            }
          }
        })();
      },
    });
    const outcome = await source.login(p.deps, p.profile, LOGIN).then(
      () => 'ok',
      (error: Port42Error) => error.message,
    );
    await browser.settled();
    // Either the forged callback came first (and the login failed on its code, the real one was refused)
    // or the real one came first (and the forged one was refused): never both accepted.
    const realStatus = browser.visits[0]?.status;
    if (outcome === 'ok') {
      expect(realStatus).toBe(200);
      expect(replies.every((status) => status !== 200)).toBe(true);
    } else {
      expect(realStatus === undefined || realStatus !== 200).toBe(true);
      expect(p.store.items.size).toBe(0);
    }
  });

  it('listens on 127.0.0.1 only: the callback port is not reachable on other addresses', async () => {
    const addresses = Object.values(networkInterfaces())
      .flat()
      .filter((a) => a !== undefined && !a.internal && a.family === 'IPv4');
    const p = await inProcess(oauthConfig(server.issuer));
    const results: Record<string, string> = {};
    const source = createOAuthSource({
      ...p.system,
      callbackTimeoutMs: 500,
      openBrowser: async (_ctx, url) => {
        const port = Number(new URL(new URL(url).searchParams.get('redirect_uri')!).port);
        results.loopback = await probe('127.0.0.1', port);
        for (const address of addresses) results[address!.address] = await probe(address!.address, port);
      },
    });
    await failureOf(source.login(p.deps, p.profile, LOGIN)); // times out: nobody signs in
    expect(results.loopback).toBe('connected');
    if (addresses.length === 0) process.stderr.write('[browser-flow.test] no non-loopback IPv4 address to probe\n');
    for (const address of addresses) expect(results[address!.address], address!.address).not.toBe('connected');
  });

  it('refuses plain http to an issuer that is not loopback', async () => {
    const p = await inProcess(oauthConfig('http://login.example.test'));
    const error = await failureOf(p.source.login(p.deps, p.profile, LOGIN));
    expect(error.code).toBe('config');
    expect(error.message).toMatch(/must use https \(plain http is allowed only for loopback issuers/);
  });
});

const chromiumReady = realComponentAvailable('chromium', chromiumMissingReason());

describe.skipIf(!chromiumReady)('browser login in real Chromium', () => {
  it("signs in with headless Chromium driving the provider pages and port42's callback", async () => {
    const p = await inProcess(oauthConfig(server.issuer));
    let driving: Promise<void> | undefined;
    const source = createOAuthSource({ ...p.system, openBrowser: async (_ctx, url) => void (driving = loginWithChromium(url, 'carol')) });
    await source.login(p.deps, p.profile, LOGIN);
    await driving;
    expect(p.tokenSet().id_claims).toMatchObject({ sub: 'carol' });
    expect((await server.introspect(p.tokenSet().access_token)).active).toBe(true);
  });
});

describe('browser login helpers', () => {
  it('logs in twice in a row with fresh state each time', async () => {
    const p = await inProcess(oauthConfig(server.issuer));
    const first = await browserLogin(p, server, 'dave');
    const second = await browserLogin(p, server, 'erin');
    expect(first.access_token).not.toBe(second.access_token);
    expect(p.tokenSet().id_claims?.sub).toBe('erin');
  });
});
