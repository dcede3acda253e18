// The real executable (bin/port42, built with `npm run build`) against the real test OIDC server,
// with the encrypted file store in a sandbox HOME: login through $BROWSER, single-flight refresh
// across 30 processes, recovery from killed lock holders, invalid_grant, network failures, logout.
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, it, type TestContext } from 'vitest';
import { tokenLockPath } from '../../src/oauth/token-lock.ts';
import { accountFor } from '../../src/stores/types.ts';
import { createSandbox, runCli, type Sandbox } from '../support/cli.ts';
import { startOidcServer, type OidcServer } from '../support/oidc/server.ts';
import { expireAccessToken, oauthConfig, PASSPHRASE, PROFILE, readSet, sandboxStore, seedSandboxLogin } from './helpers.ts';

const FAKE_BROWSER = resolve(import.meta.dirname, 'fixtures/fake-browser.mjs');
const HOLD_LOCK = resolve(import.meta.dirname, 'fixtures/hold-lock.ts');
const ROOT = resolve(import.meta.dirname, '../..');

let server: OidcServer;

beforeAll(async () => {
  if (!existsSync(join(ROOT, 'dist/port42.js'))) throw new Error('dist/port42.js is missing: run `npm run build` first');
  chmodSync(FAKE_BROWSER, 0o755);
  server = await startOidcServer();
});
afterAll(async () => {
  await server?.close();
});
/** A sandbox HOME for one test, removed afterwards (cleanups hang on the test's own context). */
function makeSandbox(t: TestContext, issuer: string): Sandbox {
  const sandbox = createSandbox({ PORT42_PASSPHRASE: PASSPHRASE });
  sandbox.writeConfig(oauthConfig(issuer));
  t.onTestFinished(() => sandbox.cleanup());
  return sandbox;
}

/** The control server the fake browser reports to: it signs in as `sub` and follows the redirect. */
async function startBrowserControl(
  oidc: OidcServer,
  sub: string,
): Promise<{ url: string; visits: { status: number; page: string }[]; close(): Promise<void> }> {
  const visits: { status: number; page: string }[] = [];
  const control: Server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      res.end('ok');
      void (async () => {
        const callback = await oidc.authorize(body, sub);
        const response = await fetch(callback);
        visits.push({ status: response.status, page: await response.text() });
      })();
    });
  });
  await new Promise<void>((done) => control.listen(0, '127.0.0.1', done));
  return {
    url: `http://127.0.0.1:${(control.address() as AddressInfo).port}/`,
    visits,
    close: () => new Promise((done) => control.close(() => done())),
  };
}

/** Starts hold-lock.ts on the profile's lock and resolves once it holds the lock. */
async function holdLock(t: TestContext, s: Sandbox): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', HOLD_LOCK, tokenLockPath(s.stateDir, PROFILE)], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  t.onTestFinished(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  await new Promise<void>((done, fail) => {
    child.stdout!.setEncoding('utf8').on('data', (text: string) => text.includes('locked') && done());
    child.once('exit', (code) => fail(new Error(`hold-lock exited early (${code})`)));
  });
  return child;
}

/** How long one `auth token` takes here when no lock is in the way (the yardstick for "at once"). */
async function baselineMs(s: Sandbox): Promise<number> {
  const started = Date.now();
  await runCli(s, ['auth', 'token', PROFILE]);
  return Date.now() - started;
}

async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0']);
  await new Promise((done) => child.once('exit', done));
  return child.pid!;
}

describe('port42 auth login (browser) as a real process', () => {
  it('opens $BROWSER with the URL, receives the callback, stores the tokens; status and token work', async (t) => {
    const { expect } = t;
    const s = makeSandbox(t, server.issuer);
    const control = await startBrowserControl(server, 'ivan');
    try {
      const login = await runCli(s, ['auth', 'login', PROFILE], {
        env: { BROWSER: FAKE_BROWSER, PORT42_TEST_BROWSER_CONTROL: control.url },
      });
      expect(login.stderr).toMatch(
        /sign in to http:\/\/127\.0\.0\.1:\d+ for profile "gw" in a browser:\n {2}http:\/\/127\.0\.0\.1:\d+\/auth\?/,
      );
      expect(login.stderr).toMatch(/logged in profile "gw" at .* as ivan@example\.test/);
      expect([login.code, login.stdout]).toEqual([0, '']);
      expect(control.visits).toEqual([{ status: 200, page: expect.stringContaining('You can close this tab') }]);
    } finally {
      await control.close();
    }

    const status = await runCli(s, ['auth', 'status', PROFILE, '--json']);
    expect(status.code).toBe(0);
    const [row] = JSON.parse(status.stdout) as Record<string, unknown>[];
    expect(row).toMatchObject({ profile: PROFILE, auth: 'oauth', store: 'file', state: 'ok', usable: true });
    expect(String(row?.detail)).toMatch(/as ivan@example\.test; scopes .*llm/);
    expect(row?.expires_in_seconds).toBeGreaterThan(3500);

    const token = await runCli(s, ['auth', 'token', PROFILE]);
    expect(token.code).toBe(0);
    expect(token.stdout).toMatch(/^\S+\n$/);
    expect(await server.introspect(token.stdout.trim())).toMatchObject({ active: true, sub: 'ivan' });
    // The state directory holds the store and (briefly) locks only; no token in clear anywhere.
    expect(JSON.stringify(await readSet(sandboxStore(s)))).toContain(token.stdout.trim());
  });
});

describe('Ctrl-C during a login', () => {
  it('exits 130 with "cancelled" while waiting for the browser, and stores nothing', async (t) => {
    const { expect } = t;
    const s = makeSandbox(t, server.issuer);
    // BROWSER=true "opens" nothing: the login waits for a callback that never comes.
    const child = spawn(join(ROOT, 'bin/port42'), ['auth', 'login', PROFILE], {
      env: { ...s.env, BROWSER: 'true' },
      cwd: s.home,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    t.onTestFinished(() => void (child.exitCode === null && child.kill('SIGKILL')));
    let stderr = '';
    let stdout = '';
    child.stdout!.setEncoding('utf8').on('data', (text: string) => (stdout += text));
    await new Promise<void>((done) =>
      child.stderr!.setEncoding('utf8').on('data', (text: string) => {
        stderr += text;
        if (stderr.includes('waiting for the sign-in')) done();
      }),
    );
    child.kill('SIGINT');
    const code = await new Promise<number | null>((done) => child.once('exit', (exitCode) => done(exitCode)));
    expect(code).toBe(130);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/\nport42: cancelled\n$/);
    expect(await readSet(sandboxStore(s))).toBeUndefined();
  });
});

describe('single-flight refresh across processes', () => {
  it('30 concurrent `auth token` processes with an expired token make exactly one refresh and print the same valid token', async (t) => {
    const { expect } = t;
    const s = makeSandbox(t, server.issuer);
    await seedSandboxLogin(s, server);
    await expireAccessToken(sandboxStore(s));
    const before = server.grants().refresh_token ?? 0;
    const eventsBefore = server.events().length;

    const started = Date.now();
    const results = await Promise.all(Array.from({ length: 30 }, () => runCli(s, ['auth', 'token', PROFILE], { timeoutMs: 40_000 })));
    const elapsed = Date.now() - started;

    expect(results.map((r) => r.code)).toEqual(Array(30).fill(0));
    expect(results.every((r) => r.stderr === '')).toBe(true);
    const printed = new Set(results.map((r) => r.stdout));
    expect(printed.size).toBe(1);
    const token = [...printed][0]!.trim();
    expect(server.grants().refresh_token).toBe(before + 1);
    expect(await server.introspect(token)).toMatchObject({ active: true });
    const events = server.events().slice(eventsBefore);
    expect(events.filter((e) => e.name === 'grant.revoked')).toEqual([]);
    const stored = await readSet(sandboxStore(s));
    expect(stored?.access_token).toBe(token);
    process.stderr.write(`[cli.test] 30 concurrent auth token with one refresh: ${elapsed} ms\n`);
  });

  it('recovers at once from a lock whose holder pid is dead', async (t) => {
    const { expect } = t;
    const s = makeSandbox(t, server.issuer);
    await seedSandboxLogin(s, server);
    await expireAccessToken(sandboxStore(s));
    const baseline = await baselineMs(s);
    await expireAccessToken(sandboxStore(s));
    writeFileSync(tokenLockPath(s.stateDir, PROFILE), `${await deadPid()} ${Date.now()} deadbeef\n`, { mode: 0o600 });
    const started = Date.now();
    const result = await runCli(s, ['auth', 'token', PROFILE]);
    expect(result.code, result.stderr).toBe(0);
    // Not the 3 s stale timeout: a dead holder's pid is checked at once.
    expect(Date.now() - started).toBeLessThan(baseline + 1500);
    expect((await readSet(sandboxStore(s)))?.access_token).toBe(result.stdout.trim());
    expect(existsSync(tokenLockPath(s.stateDir, PROFILE))).toBe(false);
  });

  it('recovers from a holder killed with SIGKILL while holding the lock; the store still parses', async (t) => {
    const { expect } = t;
    const s = makeSandbox(t, server.issuer);
    await seedSandboxLogin(s, server);
    await expireAccessToken(sandboxStore(s));
    const baseline = await baselineMs(s);
    await expireAccessToken(sandboxStore(s));
    const holder = await holdLock(t, s);
    holder.kill('SIGKILL');
    await new Promise((done) => holder.once('exit', done));
    expect(existsSync(tokenLockPath(s.stateDir, PROFILE))).toBe(true); // left behind by the killed holder
    const started = Date.now();
    const result = await runCli(s, ['auth', 'token', PROFILE]);
    expect(result.code, result.stderr).toBe(0);
    // Not the 3 s stale timeout: a dead holder's pid is checked at once.
    expect(Date.now() - started).toBeLessThan(baseline + 1500);
    const stored = await readSet(sandboxStore(s));
    expect(stored?.access_token).toBe(result.stdout.trim());
    expect((await server.introspect(result.stdout.trim())).active).toBe(true);
  });

  it('takes over from a frozen holder (alive, heartbeat stopped) after the 10 s stale timeout', async (t) => {
    const { expect } = t;
    const s = makeSandbox(t, server.issuer);
    await seedSandboxLogin(s, server);
    await expireAccessToken(sandboxStore(s));
    const holder = await holdLock(t, s);
    holder.kill('SIGSTOP');
    try {
      const started = Date.now();
      const result = await runCli(s, ['auth', 'token', PROFILE]);
      const waited = Date.now() - started;
      expect(result.code, result.stderr).toBe(0);
      expect(waited).toBeGreaterThan(9000);
      expect(waited).toBeLessThan(16_000);
      expect((await readSet(sandboxStore(s)))?.access_token).toBe(result.stdout.trim());
    } finally {
      holder.kill('SIGKILL');
    }
  });
});

describe('refresh failures as a real process', () => {
  it('exits 4 with the login hint when the refresh token was revoked at the issuer', async (t) => {
    const { expect } = t;
    const s = makeSandbox(t, server.issuer);
    const set = await seedSandboxLogin(s, server);
    await fetch(`${server.issuer}/token/revocation`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: set.refresh_token!, token_type_hint: 'refresh_token', client_id: 'port42-cli' }),
    });
    await expireAccessToken(sandboxStore(s));
    const result = await runCli(s, ['auth', 'token', PROFILE]);
    expect(result.code, result.stderr).toBe(4);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(
      /^port42: the issuer no longer accepts the login of profile "gw" \(invalid_grant.*\)\n {2}run: port42 auth login gw\n$/,
    );
    expect(result.stderr).not.toContain(set.refresh_token!);
    const kept = await readSet(sandboxStore(s));
    expect(kept?.refresh_token).toBeUndefined();
    expect(kept?.id_claims?.sub).toBe('user-1');
    const status = await runCli(s, ['auth', 'status', PROFILE, '--json']);
    expect(status.code).toBe(4);
    expect(JSON.parse(status.stdout)[0]).toMatchObject({ state: 'expired', hint: 'port42 auth login gw' });
  });

  it('exits 1 and keeps the token set when the issuer is down', async (t) => {
    const { expect } = t;
    const down = await startOidcServer();
    const s = makeSandbox(t, down.issuer);
    await seedSandboxLogin(s, down);
    const store = sandboxStore(s);
    await expireAccessToken(store);
    const before = await store.get(accountFor.secret(PROFILE));
    await down.close();
    const result = await runCli(s, ['auth', 'token', PROFILE]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(
      /^port42: cannot reach the issuer while .* \(ECONNREFUSED\); nothing was changed\n {2}run: port42 auth token gw {3}# retry later\n$/,
    );
    expect(await sandboxStore(s).get(accountFor.secret(PROFILE))).toBe(before);
  });
});

describe('port42 auth logout as a real process', () => {
  it('revokes the refresh token at the issuer, then forgets the profile', async (t) => {
    const { expect } = t;
    const s = makeSandbox(t, server.issuer);
    const set = await seedSandboxLogin(s, server);
    const result = await runCli(s, ['auth', 'logout', PROFILE]);
    expect([result.code, result.stdout]).toEqual([0, '']);
    expect(result.stderr).toContain('revoked the tokens of "gw"');
    expect((await server.introspect(set.refresh_token!)).active).toBe(false);
    expect(await readSet(sandboxStore(s))).toBeUndefined();
    const token = await runCli(s, ['auth', 'token', PROFILE]);
    expect(token.code).toBe(4);
    expect(token.stderr).toBe('port42: profile "gw" is not logged in\n  run: port42 auth login gw\n');
  });
});
