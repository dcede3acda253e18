import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { loadConfig } from '../../src/config/load.ts';
import { MemoryStore } from '../../src/stores/memory.ts';
import { createTestContext, TEST_CONFIG } from '../support/test-context.ts';
import { CrashingStore } from '../support/crashing-store.ts';

const OPENAI = 'sk-proj-IMPORTopenai000000000000';
const ANTHROPIC = 'sk-ant-api03-IMPORTanthropic0000000';
const GEMINI = 'AIzaIMPORTgemini0000000000000000';

function setup(
  options: {
    config?: string;
    env?: Record<string, string>;
    keychain?: MemoryStore;
    tty?: boolean;
    answer?: string;
    files?: Record<string, string>;
  } = {},
) {
  const files: Record<string, string> = { ...options.files };
  if (options.config !== undefined) files[TEST_CONFIG] = options.config;
  return createTestContext({
    files,
    env: options.env ?? { OPENAI_API_KEY: OPENAI, ANTHROPIC_API_KEY: ANTHROPIC, SHELL: '/bin/bash' },
    ...(options.keychain ? { keychain: options.keychain } : {}),
    tty: options.tty ?? false,
    prompt: async () => options.answer ?? '',
  });
}

async function profilesOf(t: ReturnType<typeof setup>): Promise<Record<string, string>> {
  const config = await loadConfig(t.ctx);
  return Object.fromEntries([...config.profiles.values()].filter((p) => !p.implicit).map((p) => [p.name, `${p.provider.id}/${p.auth}`]));
}

describe('port42 profile import-env', () => {
  it('creates one profile per provider variable, stores the keys, and names the variables to delete', async () => {
    const t = setup();
    expect(await main(t.ctx, ['profile', 'import-env', '--yes'])).toBe(0);
    expect(await profilesOf(t)).toEqual({ anthropic: 'anthropic/api-key', openai: 'openai/api-key' });
    expect(t.keychain.items.get('openai')).toBe(OPENAI);
    expect(t.keychain.items.get('anthropic')).toBe(ANTHROPIC);
    expect(t.stderr.text).toContain('imported 2 keys into the keychain');
    expect(t.stderr.text).toMatch(/delete their lines from your shell start-up files[^\n]*\n {2}ANTHROPIC_API_KEY\n {2}OPENAI_API_KEY\n/);
    expect(t.stdout.text).toBe('');
    expect(t.stderr.text).not.toContain('IMPORT');
    // The keys now come from the store, not the environment.
    const after = createTestContext({ files: { [TEST_CONFIG]: t.vol.readFileSync(TEST_CONFIG, 'utf8') as string }, keychain: t.keychain });
    expect(await main(after.ctx, ['auth', 'token', 'openai'])).toBe(0);
    expect(after.stdout.text).toBe(OPENAI + '\n');
  });

  it('without --yes and without a terminal, lists the plan, changes nothing and exits 2', async () => {
    const t = setup();
    expect(await main(t.ctx, ['profile', 'import-env'])).toBe(2);
    expect(t.stderr.text).toContain('OPENAI_API_KEY');
    expect(t.stderr.text).toContain('new profile "openai"');
    expect(t.stderr.text).toContain('run: port42 profile import-env --yes');
    expect(t.keychain.items.size).toBe(0);
    expect(t.vol.existsSync(TEST_CONFIG)).toBe(false);
  });

  it('asks on a terminal: "y" imports, anything else cancels (exit 130)', async () => {
    const no = setup({ tty: true, answer: 'n' });
    expect(await main(no.ctx, ['profile', 'import-env'])).toBe(130);
    expect(no.keychain.items.size).toBe(0);
    const yes = setup({ tty: true, answer: 'y' });
    expect(await main(yes.ctx, ['profile', 'import-env'])).toBe(0);
    expect(yes.keychain.items.size).toBe(2);
  });

  it('finishes the job on the next run after a crash in the middle', async () => {
    const crashing = new CrashingStore(2);
    const t = setup({ keychain: crashing });
    expect(await main(t.ctx, ['profile', 'import-env', '--yes'])).toBe(1);
    // The first key and its profile are complete; the second key never got stored.
    const first = [...crashing.items.keys()];
    expect(first).toHaveLength(1);
    expect(Object.keys(await profilesOf(t))).toEqual(first);
    const again = createTestContext({
      files: { [TEST_CONFIG]: t.vol.readFileSync(TEST_CONFIG, 'utf8') as string },
      env: { OPENAI_API_KEY: OPENAI, ANTHROPIC_API_KEY: ANTHROPIC },
      keychain: crashing,
    });
    crashing.sets = -100; // the store works again
    expect(await main(again.ctx, ['profile', 'import-env', '--yes'])).toBe(0);
    expect(again.stderr.text).toContain(`already in profile "${first[0]}": nothing to do`);
    expect(await profilesOf(again)).toEqual({ anthropic: 'anthropic/api-key', openai: 'openai/api-key' });
    expect(crashing.items.get('openai')).toBe(OPENAI);
    expect(crashing.items.get('anthropic')).toBe(ANTHROPIC);
    expect(again.stderr.text).toContain('imported 1 key');
  });

  it('adds the profile when a crash left the key stored but the config unwritten', async () => {
    const keychain = new MemoryStore('keychain');
    keychain.items.set('openai', OPENAI);
    const t = setup({ keychain, env: { OPENAI_API_KEY: OPENAI } });
    expect(await main(t.ctx, ['profile', 'import-env', '--yes'])).toBe(0);
    expect(await profilesOf(t)).toEqual({ openai: 'openai/api-key' });
  });

  it('fills a profile that has no key, and uses <id>-env when the name holds something else', async () => {
    const config = `[profiles.openai]\nprovider = "openai"\n\n[profiles.anthropic]\nprovider = "anthropic"\nauth = "command"\ncommand = ["pass", "show", "a"]\n`;
    const t = setup({ config, env: { OPENAI_API_KEY: OPENAI, ANTHROPIC_API_KEY: ANTHROPIC, GEMINI_API_KEY: GEMINI } });
    t.keychain.items.set('gemini', 'AIzaSOMEONEelsesKEY000000000000');
    expect(await main(t.ctx, ['profile', 'import-env', '--yes'])).toBe(0);
    expect(t.stderr.text).toContain('profile "openai" (it has no key stored yet)');
    expect(await profilesOf(t)).toEqual({
      openai: 'openai/api-key',
      anthropic: 'anthropic/command',
      'anthropic-env': 'anthropic/api-key',
      'gemini-env': 'gemini/api-key',
    });
    expect(t.keychain.items.get('openai')).toBe(OPENAI);
    expect(t.keychain.items.get('anthropic-env')).toBe(ANTHROPIC);
    // A key kept by `profile remove --keep-secret` is never overwritten.
    expect(t.keychain.items.get('gemini')).toBe('AIzaSOMEONEelsesKEY000000000000');
    expect(t.keychain.items.get('gemini-env')).toBe(GEMINI);
  });

  it('lists an alias holding the same key as deletable, and leaves one with a different key alone', async () => {
    const same = setup({ env: { GEMINI_API_KEY: GEMINI, GOOGLE_API_KEY: GEMINI } });
    expect(await main(same.ctx, ['profile', 'import-env', '--yes'])).toBe(0);
    expect(same.stderr.text).toMatch(/ {2}GEMINI_API_KEY\n {2}GOOGLE_API_KEY\n/);
    const different = setup({ env: { GEMINI_API_KEY: GEMINI, GOOGLE_API_KEY: 'AIzaOTHER0000000000000000000000' } });
    expect(await main(different.ctx, ['profile', 'import-env', '--yes'])).toBe(0);
    expect(different.stderr.text).toContain('GOOGLE_API_KEY holds a different gemini key: left alone');
    expect(different.stderr.text).not.toMatch(/^ {2}GOOGLE_API_KEY$/m);
  });

  it('does nothing, successfully, when no provider variable is set', async () => {
    const t = setup({ env: { HOME: '/home/u' } });
    expect(await main(t.ctx, ['profile', 'import-env', '--yes'])).toBe(0);
    expect(t.stderr.text).toContain('no provider keys in the environment');
  });
});
