// A long proxied session on an OAuth profile against the real oidc-provider: every request
// reaches the upstream with a live token (checked by introspection at the upstream), and the
// proxy renews about once per token lifetime — never twice for the same token. The suite runs
// 6 s tokens for 25 s; PORT42_PROXY_OAUTH_LONG=1 runs issue 8's 20 s tokens for 90 s.
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandbox, PORT42_BIN, type Sandbox } from '../support/cli.ts';
import { startFakeAnthropic } from '../support/fake-llm/anthropic.ts';
import { credentialOf, sendJson, type FakeLlm } from '../support/fake-llm/server.ts';
import { startOidcServer, type OidcServer } from '../support/oidc/server.ts';
import { oauthConfig, PASSPHRASE, PROFILE, seedSandboxLogin } from '../oauth/helpers.ts';
import { rawRequest } from './harness.ts';

const LONG = process.env.PORT42_PROXY_OAUTH_LONG === '1';
const TOKEN_TTL_S = LONG ? 20 : 6;
const SESSION_MS = LONG ? 90_000 : 25_000;
const INTERVAL_MS = LONG ? 5_000 : 1_500;

let oidc: OidcServer;
let fake: FakeLlm;
let sandbox: Sandbox;
const seen: Array<{ token: string; active: boolean }> = [];

beforeAll(async () => {
  oidc = await startOidcServer({ accessTokenTtl: TOKEN_TTL_S });
  fake = await startFakeAnthropic({
    // The upstream asks the issuer whether each token is live, as a resource server would.
    handler: async (_req, res, rec) => {
      const token = credentialOf(rec) ?? '';
      const { active } = await oidc.introspect(token);
      seen.push({ token, active });
      return active ? false : sendJson(res, 401, { type: 'error', error: { type: 'authentication_error', message: 'expired token' } });
    },
    idleTimeoutMs: SESSION_MS + 60_000,
  });
  sandbox = createSandbox({ PORT42_PASSPHRASE: PASSPHRASE });
  sandbox.writeConfig(oauthConfig(oidc.issuer).replace('auth = "oauth"\n', `auth = "oauth"\nbase_url = "${fake.origin}"\n`));
  await seedSandboxLogin(sandbox, oidc);
});
afterAll(async () => {
  await fake?.close();
  await oidc?.close();
  sandbox?.cleanup();
});

describe('port42 proxy on an OAuth profile with short-lived tokens', () => {
  it(
    `keeps every request on a live token over ${SESSION_MS / 1000} s of ${TOKEN_TTL_S} s tokens, one refresh per token`,
    async () => {
      const grantsBefore = oidc.grants().refresh_token ?? 0;
      const child = spawn(PORT42_BIN, ['proxy', PROFILE, '--shell', 'json'], {
        env: sandbox.env,
        cwd: sandbox.home,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
      try {
        for (let i = 0; i < 200 && !stdout.includes('}\n'); i++) await new Promise((r) => setTimeout(r, 50));
        const exports = JSON.parse(stdout) as Record<string, string>;
        const port = Number(new URL(exports.ANTHROPIC_BASE_URL!).port);
        const statuses: number[] = [];
        const started = Date.now();
        while (Date.now() - started < SESSION_MS) {
          const res = await rawRequest(port, {
            method: 'POST',
            path: '/v1/messages',
            headers: {
              host: `127.0.0.1:${port}`,
              authorization: `Bearer ${exports.ANTHROPIC_AUTH_TOKEN}`,
              'content-type': 'application/json',
            },
            body: '{"model":"claude-sonnet-4-5","max_tokens":5,"messages":[]}',
          });
          statuses.push(res.status);
          await new Promise((r) => setTimeout(r, INTERVAL_MS));
        }
        expect(
          statuses.every((s) => s === 200),
          `${statuses.join(' ')}\n${stderr}`,
        ).toBe(true);
        expect(seen.every((s) => s.active)).toBe(true);
        const refreshes = (oidc.grants().refresh_token ?? 0) - grantsBefore;
        const tokens = new Set(seen.map((s) => s.token)).size;
        process.stderr.write(`[oauth session] ${statuses.length} requests, ${refreshes} refreshes, ${tokens} tokens\n`);
        // Every refresh produced a token that was then used: none was renewed twice.
        expect(refreshes).toBe(tokens - 1);
        // Renewed when a quarter of the lifetime remains: once per 0.75–1 lifetimes.
        expect(refreshes).toBeGreaterThanOrEqual(Math.floor(SESSION_MS / 1000 / TOKEN_TTL_S));
        expect(refreshes).toBeLessThanOrEqual(Math.ceil(SESSION_MS / 1000 / (0.75 * TOKEN_TTL_S)) + 1);
        expect(stderr).not.toMatch(/less than the \d+ s asked for/);
      } finally {
        child.kill('SIGTERM');
      }
      expect(await exited).toBe(0);
    },
    SESSION_MS + 60_000,
  );
});
