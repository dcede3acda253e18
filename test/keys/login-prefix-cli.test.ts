/** `auth login` tells providers apart through the built executable (issue 10, defect 2). */
import { afterEach, describe, expect, it } from 'vitest';
import { createSandbox, runCli, type Sandbox } from '../support/cli.ts';

let sandbox: Sandbox | undefined;
afterEach(() => sandbox?.cleanup());

const CONFIG = 'store = "file"\n[profiles.work]\nprovider = "openai"\n[profiles.ds]\nprovider = "deepseek"\n';
const ANTHROPIC = 'sk-ant-api03-AbCdEfGhIjKlMnOpQrStUvWx1234';

function make(): Sandbox {
  sandbox = createSandbox({ PORT42_PASSPHRASE: 'test-passphrase' });
  sandbox.writeConfig(CONFIG);
  return sandbox;
}

describe('auth login and key prefixes', () => {
  it("refuses an anthropic key for an openai or deepseek profile, naming anthropic's login", async () => {
    const s = make();
    for (const profile of ['work', 'ds']) {
      const result = await runCli(s, ['auth', 'login', profile], { input: ANTHROPIC });
      expect(result.code, profile).toBe(2);
      expect(result.stderr).toContain('this looks like an anthropic key ("sk-ant-…")');
      expect(result.stderr).toContain('  run: port42 auth login anthropic');
      expect(result.stderr + result.stdout).not.toContain(ANTHROPIC);
    }
    const status = await runCli(s, ['auth', 'status', 'work']);
    expect(status.stdout).toContain('missing');
  });

  it('refuses an openrouter key and an admin key; --force stores, status masks by the real owner', async () => {
    const s = make();
    const openrouter = await runCli(s, ['auth', 'login', 'work'], { input: 'sk-or-v1-0123456789abcdef0123456789' });
    expect(openrouter.stderr).toContain('run: port42 auth login openrouter');
    const admin = await runCli(s, ['auth', 'login', 'work'], { input: 'sk-admin-AbCdEfGhIjKlMnOp1234' });
    expect(admin.code).toBe(2);
    expect(admin.stderr).toContain('run: port42 auth login work --admin');
    const forced = await runCli(s, ['auth', 'login', 'work', '--force'], { input: ANTHROPIC });
    expect(forced.code).toBe(0);
    const status = await runCli(s, ['auth', 'status', 'work']);
    expect(status.stdout).toContain('sk-ant-…1234');
  });

  it('says "an openai key" for a key with no known prefix', async () => {
    const result = await runCli(make(), ['auth', 'login', 'work'], { input: 'not-a-key-at-all-0000' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('this does not look like an openai key');
  });
});

describe('auth login over an existing key', () => {
  it('keeps the old key as previous, says so on stderr, and auth rotate --restore brings it back', async () => {
    const s = make();
    const first = 'sk-proj-FirstKeyAbCdEfGhIj1111';
    const second = 'sk-proj-SecondKeyAbCdEfGhI2222';
    expect((await runCli(s, ['auth', 'login', 'work'], { input: first })).code).toBe(0);
    const replaced = await runCli(s, ['auth', 'login', 'work'], { input: second });
    expect(replaced.code).toBe(0);
    expect(replaced.stdout).toBe('');
    expect(replaced.stderr).toContain('replaced the key of "work"');
    expect(replaced.stderr).toContain('  run: port42 auth rotate work --restore');
    expect(replaced.stderr).not.toContain(first);
    expect((await runCli(s, ['auth', 'token', 'work'])).stdout).toBe(`${second}\n`);
    expect((await runCli(s, ['auth', 'rotate', 'work', '--restore'])).code).toBe(0);
    expect((await runCli(s, ['auth', 'token', 'work'])).stdout).toBe(`${first}\n`);
  });
});
