/** store = "auto" falling back to the file says so once per command, in one line (issue 10, item 11). */
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/stores/open-store.ts';
import { storeUnavailable } from '../../src/errors.ts';
import { MemoryStore } from '../../src/stores/memory.ts';
import { createTestContext } from '../support/test-context.ts';
import { createSandbox, runCli, type Sandbox } from '../support/cli.ts';

class UnreachableKeychain extends MemoryStore {
  constructor() {
    super('keychain');
  }
  override async get(): Promise<string | undefined> {
    throw storeUnavailable('keychain unavailable: no D-Bus session');
  }
}

describe('store = "auto" fallback', () => {
  it('warns once per command in one line saying how to make the choice explicit', async () => {
    const tc = createTestContext({ keychain: new UnreachableKeychain() });
    await tc.file.set('work', 'sk-x');
    for (let i = 0; i < 3; i++) expect(await (await openStore(tc.ctx, 'auto')).get('work')).toBe('sk-x');
    const lines = tc.stderr.text.split('\n').filter(Boolean);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^port42: warning: keychain unavailable: no D-Bus session; using the encrypted file store instead/);
    expect(lines[0]).toContain('set store = "file"');
  });

  it('says nothing with store = "file"', async () => {
    const tc = createTestContext({ keychain: new UnreachableKeychain() });
    await (await openStore(tc.ctx, 'file')).get('work');
    expect(tc.stderr.text).toBe('');
  });
});

describe('PORT42_CONFIG naming a missing file', () => {
  let sandbox: Sandbox | undefined;
  afterEach(() => sandbox?.cleanup());

  it('is a config error (exit 3), not a silent fallback to the built-in providers', async () => {
    const s = (sandbox = createSandbox());
    const missing = `${s.home}/nowhere/config.toml`;
    for (const args of [
      ['auth', 'status'],
      ['env', 'openai', '--shell', 'bash'],
    ]) {
      const result = await runCli(s, args, { env: { PORT42_CONFIG: missing, OPENAI_API_KEY: 'sk-x' } });
      expect(result.code, args.join(' ')).toBe(3);
      expect(result.stdout).toBe('');
      expect(result.stderr).toContain('PORT42_CONFIG names ~/nowhere/config.toml, which does not exist');
    }
  });
});
