/** Built-in providers stay usable as implicit profiles after the first login (issue 10, defect 3). */
import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createSandbox, runCli, type Sandbox } from '../support/cli.ts';
import { main } from '../../src/cli/main.ts';
import { createTestContext, TEST_CONFIG } from '../support/test-context.ts';

let sandbox: Sandbox | undefined;
afterEach(() => sandbox?.cleanup());

describe('implicit built-in profiles (real executable)', () => {
  it('auth login groq, then anthropic, then env openai all work on a fresh machine', async () => {
    const s = (sandbox = createSandbox({ PORT42_PASSPHRASE: 'test-passphrase' }));
    s.writeConfig('store = "file"\n');
    expect((await runCli(s, ['auth', 'login', 'groq'], { input: 'gsk_AbCdEfGhIjKlMnOp1234' })).code).toBe(0);
    const anthropic = await runCli(s, ['auth', 'login', 'anthropic'], { input: 'sk-ant-api03-AbCdEfGhIjKlMnOp1234' });
    expect(anthropic.code).toBe(0);
    expect(anthropic.stderr).toContain('added [profiles.anthropic]');
    const text = readFileSync(s.configPath, 'utf8');
    expect(text).toContain('[profiles.groq]');
    expect(text).toContain('[profiles.anthropic]');
    expect((await runCli(s, ['auth', 'token', 'anthropic'])).stdout).toBe('sk-ant-api03-AbCdEfGhIjKlMnOp1234\n');
    const env = await runCli(s, ['env', 'openai', '--shell', 'bash'], { env: { OPENAI_API_KEY: 'sk-proj-fromenv' } });
    expect(env.code).toBe(0);
    expect(env.stdout).toContain('OPENAI_API_KEY');
    const missing = await runCli(s, ['auth', 'token', 'openai']);
    expect(missing.code).toBe(4);
    expect(missing.stderr).not.toContain('no profile named');
  });

  it('a config profile named like a provider wins over the implicit one', async () => {
    const s = (sandbox = createSandbox());
    s.writeConfig('[profiles.openai]\nprovider = "anthropic"\nauth = "env"\nfrom_env = "MY_KEY"\n');
    const result = await runCli(s, ['auth', 'token', 'openai'], { env: { MY_KEY: 'sk-ant-mine', OPENAI_API_KEY: 'sk-other' } });
    expect(result.stdout).toBe('sk-ant-mine\n');
  });
});

describe('auth status and implicit profiles', () => {
  const CONFIG = 'store = "keychain"\n[profiles.work]\nprovider = "openai"\n';

  it('beside declared profiles, lists a built-in only when its variable is set', async () => {
    const tc = createTestContext({ files: { [TEST_CONFIG]: CONFIG }, env: { ANTHROPIC_API_KEY: 'sk-ant-api03-AbCdEfGhIjKlMnOp1234' } });
    await tc.keychain.set('work', 'sk-proj-AbCdEfGhIjKlMnOp1234');
    expect(await main(tc.ctx, ['auth', 'status'])).toBe(0);
    const names = tc.stdout.text
      .trim()
      .split('\n')
      .map((line) => line.split('\t')[0]);
    expect(names).toEqual(['work', 'anthropic']);
  });

  it('on a fresh machine lists every built-in with no run: hints under them', async () => {
    const tc = createTestContext({ tty: true });
    expect(await main(tc.ctx, ['auth', 'status'])).toBe(0);
    expect(tc.stdout.text).toContain('openai');
    expect(tc.stdout.text).toContain('groq');
    expect(tc.stdout.text).not.toContain('run:');
  });

  it('a default naming a built-in provider is valid even when the config defines other profiles', async () => {
    const tc = createTestContext({ files: { [TEST_CONFIG]: 'default = "openai"\n' + CONFIG }, env: { OPENAI_API_KEY: 'sk-x' } });
    expect(await main(tc.ctx, ['auth', 'token'])).toBe(0);
    expect(tc.stdout.text).toBe('sk-x\n');
  });
});
