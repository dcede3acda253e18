/** Exit codes and stdout hygiene of the real executable for the failures users meet first. */
import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createSandbox, runCli, type Sandbox } from '../support/cli.ts';

let sandbox: Sandbox | undefined;
afterEach(() => sandbox?.cleanup());

function make(config?: string, env: Record<string, string> = {}): Sandbox {
  sandbox = createSandbox(env);
  if (config !== undefined) sandbox.writeConfig(config);
  return sandbox;
}

describe('port42 executable errors', () => {
  it('exits 3 with empty stdout for an unknown profile', async () => {
    const s = make('[profiles.work]\nprovider = "openai"\n');
    for (const args of [
      ['auth', 'token', 'nope'],
      ['env', 'nope', '--shell', 'bash'],
      ['exec', 'nope', '--', 'true'],
    ]) {
      const result = await runCli(s, args);
      expect(result.code, args.join(' ')).toBe(3);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(/^port42: no profile named "nope"; profiles: work\n {2}run: port42 profile list\n$/);
    }
  });

  it('exits 5 within 3 s with a hint when store = "keychain" has no D-Bus session', async () => {
    const s = make('store = "keychain"\n[profiles.work]\nprovider = "openai"\n');
    delete s.env.DBUS_SESSION_BUS_ADDRESS;
    const started = Date.now();
    const result = await runCli(s, ['auth', 'token', 'work'], { env: { XDG_RUNTIME_DIR: '' } });
    expect(Date.now() - started).toBeLessThan(3000);
    expect(result.code).toBe(5);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('port42: keychain unavailable');
    expect(result.stderr).toContain('  run: port42 doctor');
  });

  it('exits 3 naming the line of a TOML syntax error and leaves the file unchanged', async () => {
    const broken = 'store = "auto"\n\n[profiles.work\nprovider = "openai"\n';
    const s = make(broken);
    for (const args of [
      ['auth', 'token', 'work'],
      ['profile', 'use', 'work'],
      ['profile', 'add', 'x', '--provider', 'openai'],
    ]) {
      const result = await runCli(s, args);
      expect(result.code, args.join(' ')).toBe(3);
      expect(result.stdout).toBe('');
      expect(result.stderr).toContain('config.toml:3: not valid TOML');
    }
    expect(readFileSync(s.configPath, 'utf8')).toBe(broken);
  });

  it('exits 4 with the login command when a stored-key profile has no key', async () => {
    const s = make('store = "file"\n[profiles.work]\nprovider = "openai"\n', { PORT42_PASSPHRASE: 'pw-long-enough' });
    const result = await runCli(s, ['auth', 'token', 'work']);
    expect(result).toMatchObject({ code: 4, stdout: '' });
    expect(result.stderr).toContain('  run: port42 auth login work');
  });

  it('exits 2 for a misspelt command and suggests the right one', async () => {
    const result = await runCli(make(), ['auth', 'tokn']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('token');
  });

  it('prints the debug cause chain only with PORT42_DEBUG=1', async () => {
    const s = make('store = "keychain"\n[profiles.work]\nprovider = "openai"\n');
    delete s.env.DBUS_SESSION_BUS_ADDRESS;
    const quiet = await runCli(s, ['auth', 'token', 'work'], { env: { XDG_RUNTIME_DIR: '' } });
    expect(quiet.stderr).not.toContain('[debug]');
    const debug = await runCli(s, ['auth', 'token', 'work'], { env: { PORT42_DEBUG: '1', XDG_RUNTIME_DIR: '' } });
    expect(debug.stderr).toContain('[debug]');
  });

  it('never reads a key from argv', async () => {
    const s = make('store = "file"\n[profiles.work]\nprovider = "openai"\n', { PORT42_PASSPHRASE: 'pw-long-enough' });
    const result = await runCli(s, ['auth', 'login', 'work', 'sk-in-argv-1234567890']);
    expect(result.code).toBe(2);
    expect((await runCli(s, ['auth', 'token', 'work'])).code).toBe(4);
  });
});

describe('a fresh machine with no config', () => {
  it('shows the built-in providers and what the environment provides', async () => {
    const s = make(undefined, { ANTHROPIC_API_KEY: 'sk-ant-api03-abcdefghijklmnopqrstuvwxyz' });
    const result = await runCli(s, ['auth', 'status']);
    expect(result.code).toBe(0);
    const rows = result.stdout
      .trim()
      .split('\n')
      .map((line) => line.split('\t'));
    expect(rows.find((r) => r[0] === 'anthropic')).toEqual([
      'anthropic',
      'anthropic',
      'env',
      'env',
      'ok',
      '-',
      'env:ANTHROPIC_API_KEY sk-ant-…wxyz',
    ]);
    expect(rows.find((r) => r[0] === 'openai')?.[4]).toBe('missing');
    expect(result.stdout).not.toContain('abcdefghijklmnop');
  });

  it('turns a built-in provider into a stored-key profile on login', async () => {
    const s = make(undefined, { PORT42_PASSPHRASE: 'pw-long-enough' });
    s.writeConfig('store = "file"\n');
    const login = await runCli(s, ['auth', 'login', 'groq'], { input: 'gsk_abcdefghijklmnopqrstuv\n' });
    expect(login.code).toBe(0);
    expect(readFileSync(s.configPath, 'utf8')).toBe('store = "file"\n\n[profiles.groq]\nprovider = "groq"\n');
    expect(await runCli(s, ['auth', 'token', 'groq'])).toMatchObject({ code: 0, stdout: 'gsk_abcdefghijklmnopqrstuv\n' });
  });
});
