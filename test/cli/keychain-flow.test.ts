/**
 * The foundation's acceptance path, as a new user runs it, against the real Secret Service:
 * login from stdin → secret-tool sees it → token/env/exec/status hand it out → no file holds it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createSandbox, runCli, type Sandbox } from '../support/cli.ts';
import { realComponentAvailable, whichProgram } from '../support/real-component.ts';

const KEY = `sk-proj-${Date.now().toString(36)}abcdefghijklmnop`;
const missing = !process.env.DBUS_SESSION_BUS_ADDRESS
  ? 'no D-Bus session (run through scripts/with-keyring.sh, as .ci/run does)'
  : !whichProgram('secret-tool')
    ? 'secret-tool not installed'
    : undefined;

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(path));
    else if (entry.isFile()) out.push(path);
  }
  return out;
}

describe.runIf(realComponentAvailable('keychain end to end', missing))('api-key profile in the real keychain', () => {
  let sandbox: Sandbox;
  const profile = `work${process.pid}`;

  beforeAll(() => {
    sandbox = createSandbox();
    sandbox.writeConfig(`store = "keychain"\n\n[profiles.${profile}]\nprovider = "openai"\n`);
  });
  afterAll(async () => {
    await runCli(sandbox, ['auth', 'logout', profile]);
    sandbox.cleanup();
  });

  it('stores a key piped on stdin where secret-tool finds it', async () => {
    const login = await runCli(sandbox, ['auth', 'login', profile], { input: KEY });
    expect(login.stderr).toContain('stored the key');
    expect(login.code).toBe(0);
    expect(login.stdout).toBe('');
    expect(execFileSync('secret-tool', ['lookup', 'service', 'port42', 'username', profile], { encoding: 'utf8' })).toBe(KEY);
  });

  it('prints exactly the key and one newline for auth token', async () => {
    const result = await runCli(sandbox, ['auth', 'token', profile]);
    expect(result).toMatchObject({ code: 0, stdout: `${KEY}\n`, stderr: '' });
  });

  it('exports OPENAI_API_KEY through env in a real bash', async () => {
    const env = await runCli(sandbox, ['env', profile, '--shell', 'bash']);
    expect(env.code).toBe(0);
    const value = execFileSync('bash', ['--norc', '-c', `eval "$1"; printf %s "$OPENAI_API_KEY"`, 'bash', env.stdout], {
      encoding: 'utf8',
    });
    expect(value).toBe(KEY);
  });

  it('runs a command with the key and returns its exit code', async () => {
    const ok = await runCli(sandbox, ['exec', profile, '--', 'printenv', 'OPENAI_API_KEY']);
    expect(ok).toMatchObject({ code: 0, stdout: `${KEY}\n` });
    const failing = await runCli(sandbox, ['exec', profile, '--', 'sh', '-c', 'exit 7']);
    expect(failing.code).toBe(7);
  });

  it('lists the profile as usable in auth status --json, masked', async () => {
    const result = await runCli(sandbox, ['auth', 'status', '--json']);
    expect(result.code).toBe(0);
    const rows = JSON.parse(result.stdout) as { profile: string; usable: boolean; store: string; masked: string }[];
    const row = rows.find((r) => r.profile === profile);
    expect(row).toMatchObject({ usable: true, store: 'keychain', masked: `sk-proj-…${KEY.slice(-4)}` });
    expect(result.stdout).not.toContain(KEY);
  });

  it('leaves no file under HOME holding the key in clear', () => {
    for (const file of filesUnder(sandbox.home)) {
      if (statSync(file).size > 10_000_000) continue;
      expect(readFileSync(file).includes(KEY), file).toBe(false);
    }
  });

  it('refuses a key with the wrong prefix unless --force, storing nothing', async () => {
    const refused = await runCli(sandbox, ['auth', 'login', profile], { input: 'not-a-key-123' });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('should start with "sk-"');
    expect(refused.stderr).toContain('--force');
    expect(refused.stderr).not.toContain('not-a-key-123');
    expect((await runCli(sandbox, ['auth', 'token', profile])).stdout).toBe(`${KEY}\n`);
  });
});
