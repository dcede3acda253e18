// The device login through the real executable: `port42 auth login --device` shows the code on
// stderr, the user approves it at the issuer, port42 polls, stores the tokens, and hands them out.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandbox, PORT42_BIN, runCli } from '../support/cli.ts';
import { startOidcServer, type OidcServer } from '../support/oidc/server.ts';
import { oauthConfig, PASSPHRASE, PROFILE } from './helpers.ts';

const ROOT = resolve(import.meta.dirname, '../..');
let server: OidcServer;

beforeAll(async () => {
  if (!existsSync(join(ROOT, 'dist/port42.js'))) throw new Error('dist/port42.js is missing: run `npm run build` first');
  // interval = 1 s so that the test polls quickly (the provider sends none by default: clients use 5 s).
  server = await startOidcServer({ deviceInterval: 1 });
});
afterAll(async () => {
  await server?.close();
});

describe('device login through bin/port42', () => {
  it('prints the code on stderr only, stores the tokens once approved, then auth token and env work', async () => {
    const sandbox = createSandbox({ PORT42_PASSPHRASE: PASSPHRASE });
    try {
      sandbox.writeConfig(oauthConfig(server.issuer, { flow: '"device"' }));
      const child = spawn(PORT42_BIN, ['auth', 'login', PROFILE], {
        env: sandbox.env,
        cwd: sandbox.home,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
      const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
      // Wait (bounded) for the user code to appear on stderr, then approve it as the user would.
      const userCode = await new Promise<string>((found, fail) => {
        const timer = setTimeout(() => fail(new Error(`no user code on stderr within 15 s: ${stderr}`)), 15_000);
        child.stderr.setEncoding('utf8').on('data', (d: string) => {
          stderr += d;
          const match = /\b([A-Z]{4}-?[A-Z]{4})\b/.exec(stderr);
          if (match?.[1]) {
            clearTimeout(timer);
            found(match[1]);
          }
        });
      });
      await server.approveDevice(userCode, 'dora');
      const code = await Promise.race([exited, new Promise<null>((done) => setTimeout(() => done(null), 20_000))]);
      if (code === null) child.kill('SIGKILL');
      expect(code, stderr).toBe(0);
      expect(stdout).toBe('');
      const token = await runCli(sandbox, ['auth', 'token', PROFILE]);
      expect(token.code, token.stderr).toBe(0);
      expect((await server.introspect(token.stdout.trim())).active).toBe(true);
      const env = await runCli(sandbox, ['env', PROFILE, '--shell', 'json']);
      const vars = JSON.parse(env.stdout) as Record<string, string>;
      expect(vars.ANTHROPIC_AUTH_TOKEN).toBe(token.stdout.trim());
      expect(Number(vars.PORT42_EXPIRES_AT)).toBeGreaterThan(Date.now() / 1000);
      const status = JSON.parse((await runCli(sandbox, ['auth', 'status', '--json'])).stdout) as {
        profile: string;
        state: string;
        account?: string;
      }[];
      expect(status.find((row) => row.profile === PROFILE)).toMatchObject({ state: 'ok', account: 'dora@example.test' });
    } finally {
      sandbox.cleanup();
    }
  }, 60_000);
});
