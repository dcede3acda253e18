import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type Sandbox } from '../support/cli.ts';
import { SECRET, consumerSandbox } from './support.ts';

/**
 * `port42 auth token` run exactly as the AI CLIs run it (FACTS.md "Consumers"):
 * - Claude Code's apiKeyHelper: `/bin/sh -c '<helper>'`, no TTY; stdout must be exactly one
 *   printable token line (≤ 16 KiB), anything else on stdout fails it.
 * - Codex's `auth.command`: argv without a shell, stdin /dev/null, 5 s timeout, stdout trimmed
 *   and non-empty.
 * The key lives in the encrypted file store; `store = "auto"` with no reachable keychain falls
 * back with a warning, which must stay on stderr.
 */
let sandbox: Sandbox;
const CONFIG = (store: string) => `store = "${store}"

[profiles.work]
provider = "openai"

[profiles.fresh]
provider = "anthropic"
`;
// No Secret Service at this address: store = "auto" must fall back (and warn) every time.
const NO_KEYCHAIN = { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/port42-test-bus' };

beforeAll(async () => {
  sandbox = consumerSandbox(CONFIG('file'), { PORT42_PASSPHRASE: 'ai-cli-test', ...NO_KEYCHAIN });
  const login = await runCli(sandbox, ['auth', 'login', 'work', '--force'], { input: SECRET });
  expect(login.code, login.stderr).toBe(0);
  sandbox.writeConfig(CONFIG('auto'));
});
afterAll(() => sandbox?.cleanup());

/** Runs a command line the way Claude Code does: /bin/sh -c, stdin closed, output captured. */
async function viaShell(commandLine: string, env: Record<string, string> = {}) {
  const started = performance.now();
  const result = await execa('/bin/sh', ['-c', commandLine], {
    env: { ...sandbox.env, ...env },
    extendEnv: false,
    cwd: sandbox.home,
    stdin: 'ignore',
    reject: false,
    stripFinalNewline: false,
    timeout: 10_000,
  });
  return { code: result.exitCode, stdout: String(result.stdout), stderr: String(result.stderr), ms: performance.now() - started };
}

describe('Claude Code apiKeyHelper contract', () => {
  it('prints exactly the token and one newline, with the store=auto fallback warning on stderr only', async () => {
    const result = await viaShell('port42 auth token work <&-');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`${SECRET}\n`);
    expect(Buffer.byteLength(result.stdout)).toBeLessThanOrEqual(16 * 1024);
    expect(result.stdout).toMatch(/^[\x21-\x7e]+\n$/);
    expect(result.stderr).toMatch(
      /^port42: warning: .*using the encrypted file store instead \(store = "auto": set store = "file" .*\)\n$/,
    );
  });

  it('answers well under a second (best of three)', async () => {
    const times: number[] = [];
    for (let i = 0; i < 3; i++) times.push((await viaShell('port42 auth token work <&-')).ms);
    expect(Math.min(...times)).toBeLessThan(1000);
  });

  it('fails with nothing on stdout, the reason and the fix on stderr, when the profile needs a login', async () => {
    // With store = "auto" and no keychain a missing key is "store unavailable" (5); the file store says "log in" (4).
    const fileConfig = join(sandbox.home, 'file-store.toml');
    writeFileSync(fileConfig, CONFIG('file'));
    const result = await viaShell('port42 auth token fresh <&-', { PORT42_CONFIG: fileConfig });
    expect(result.code).toBe(4);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('port42: profile "fresh" has no key stored\n  run: port42 auth login fresh\n');
  });

  it('never prompts without a terminal: a missing passphrase fails at once even with stdin left open', async () => {
    const { PORT42_PASSPHRASE: _dropped, ...env } = sandbox.env;
    const child = spawn('/bin/sh', ['-c', 'port42 auth token work'], { env, cwd: sandbox.home, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const code = await new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      child.on('close', (c) => (clearTimeout(timer), resolve(c)));
    });
    child.stdin.destroy();
    expect({ code, stdout }).toEqual({ code: 5, stdout: '' });
    expect(stderr).toContain('the encrypted file store is locked');
    expect(stderr).toContain('\n  run: port42 unlock\n');
  });
});

describe('Codex auth.command contract', () => {
  it('gives a non-empty trimmed token to a caller without a shell, stdin /dev/null, 5 s timeout', async () => {
    const result = await execa('port42', ['auth', 'token', 'work'], {
      env: sandbox.env,
      extendEnv: false,
      cwd: sandbox.home,
      stdin: 'ignore',
      timeout: 5000,
      reject: false,
    });
    expect(result.exitCode).toBe(0);
    expect(String(result.stdout).trim()).toBe(SECRET);
  });
});
