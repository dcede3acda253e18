import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { createTestContext, TEST_CONFIG } from '../support/test-context.ts';

const CONFIG = '# accounts\nstore = "keychain"\n\n[profiles.work]\nprovider = "openai"  # work\n';

describe('profile verbs', () => {
  it('adds a profile keeping comments, and hints at the login', async () => {
    const tc = createTestContext({ files: { [TEST_CONFIG]: CONFIG } });
    const code = await main(tc.ctx, [
      'profile',
      'add',
      'home',
      '--provider',
      'anthropic',
      '--model',
      'claude-sonnet-4-5',
      '--match',
      'https://api.anthropic.com',
    ]);
    expect(code).toBe(0);
    const text = tc.vol.readFileSync(TEST_CONFIG, 'utf8');
    expect(text).toBe(
      `${CONFIG}\n[profiles.home]\nprovider = "anthropic"\nmodel = "claude-sonnet-4-5"\nmatch = ["https://api.anthropic.com"]\n`,
    );
    expect(tc.stderr.text).toContain('run: port42 auth login home');
  });

  it('adds a command profile from the words after --', async () => {
    const tc = createTestContext({ files: { [TEST_CONFIG]: CONFIG } });
    expect(
      await main(tc.ctx, ['profile', 'add', 'team', '--provider', 'anthropic', '--auth', 'command', '--', 'pass', 'show', 'ai/x']),
    ).toBe(0);
    expect(tc.vol.readFileSync(TEST_CONFIG, 'utf8')).toContain('command = ["pass", "show", "ai/x"]');
  });

  it('refuses to add a profile that exists', async () => {
    const tc = createTestContext({ files: { [TEST_CONFIG]: CONFIG } });
    expect(await main(tc.ctx, ['profile', 'add', 'work', '--provider', 'openai'])).toBe(2);
    expect(tc.vol.readFileSync(TEST_CONFIG, 'utf8')).toBe(CONFIG);
  });

  it('uses a profile as default and lists it as active', async () => {
    const tc = createTestContext({ files: { [TEST_CONFIG]: CONFIG } });
    expect(await main(tc.ctx, ['profile', 'use', 'work'])).toBe(0);
    expect(tc.vol.readFileSync(TEST_CONFIG, 'utf8')).toBe(
      '# accounts\nstore = "keychain"\n\ndefault = "work"\n\n[profiles.work]\nprovider = "openai"  # work\n',
    );
    expect(await main(tc.ctx, ['profile', 'list'])).toBe(0);
    expect(tc.stdout.text).toBe('work\topenai\tapi-key\t-\n');
  });

  it('removes a profile and its stored secrets', async () => {
    const tc = createTestContext({ files: { [TEST_CONFIG]: CONFIG + '\n[profiles.home]\nprovider = "anthropic"\n' } });
    await tc.keychain.set('home', 'sk-ant-x');
    await tc.keychain.set('home:previous', 'sk-ant-old');
    expect(await main(tc.ctx, ['profile', 'remove', 'home', '--yes'])).toBe(0);
    expect(tc.keychain.items.size).toBe(0);
    expect(tc.vol.readFileSync(TEST_CONFIG, 'utf8')).not.toContain('home');
  });

  it('refuses to remove without a terminal unless --yes, and changes nothing', async () => {
    const text = CONFIG + '\n[profiles.home]\nprovider = "anthropic"\n';
    const tc = createTestContext({ files: { [TEST_CONFIG]: text } });
    await tc.keychain.set('home', 'sk-ant-x');
    expect(await main(tc.ctx, ['profile', 'remove', 'home'])).toBe(2);
    expect(tc.stderr.text).toContain('  run: port42 profile remove home --yes');
    expect(tc.keychain.items.size).toBe(1);
    expect(tc.vol.readFileSync(TEST_CONFIG, 'utf8')).toBe(text);
  });

  it('asks on a terminal: "n" keeps everything, "y" removes', async () => {
    const text = CONFIG + '\n[profiles.home]\nprovider = "anthropic"\n';
    const questions: string[] = [];
    let answer = 'n';
    const tc = createTestContext({
      files: { [TEST_CONFIG]: text },
      tty: true,
      prompt: async (question) => {
        questions.push(question);
        return answer;
      },
    });
    await tc.keychain.set('home', 'sk-ant-x');
    expect(await main(tc.ctx, ['profile', 'remove', 'home'])).toBe(130);
    expect(questions).toEqual(['Remove profile "home" and its stored secrets? [y/N] ']);
    expect(tc.vol.readFileSync(TEST_CONFIG, 'utf8')).toBe(text);
    answer = 'y';
    expect(await main(tc.ctx, ['profile', 'remove', 'home'])).toBe(0);
    expect(tc.keychain.items.size).toBe(0);
  });

  it('shows a profile without any secret', async () => {
    const tc = createTestContext({ files: { [TEST_CONFIG]: CONFIG } });
    await tc.keychain.set('work', 'sk-secret-value');
    expect(await main(tc.ctx, ['profile', 'show', 'work', '--json'])).toBe(0);
    expect(JSON.parse(tc.stdout.text)).toMatchObject({ name: 'work', provider: 'openai', auth: 'api-key' });
    expect(tc.stdout.text).not.toContain('sk-secret-value');
  });

  it('makes a built-in provider the default by adding it as a profile', async () => {
    const tc = createTestContext();
    expect(await main(tc.ctx, ['profile', 'use', 'ollama'])).toBe(0);
    expect(tc.vol.readFileSync(TEST_CONFIG, 'utf8')).toBe('default = "ollama"\n\n[profiles.ollama]\nprovider = "ollama"\nauth = "none"\n');
  });
});

describe('auth token and env in-process', () => {
  it('prints exactly the secret and a newline, nothing on stderr', async () => {
    const tc = createTestContext({ files: { [TEST_CONFIG]: CONFIG } });
    await tc.keychain.set('work', 'sk-abc');
    expect(await main(tc.ctx, ['auth', 'token', 'work'])).toBe(0);
    expect(tc.stdout.text).toBe('sk-abc\n');
    expect(tc.stderr.text).toBe('');
  });

  it('prints nothing on stdout when the login is missing', async () => {
    const tc = createTestContext({ files: { [TEST_CONFIG]: CONFIG } });
    expect(await main(tc.ctx, ['auth', 'token', 'work'])).toBe(4);
    expect(tc.stdout.text).toBe('');
  });

  it('emits unset code for every variable the profile sets', async () => {
    const tc = createTestContext({ files: { [TEST_CONFIG]: CONFIG } });
    expect(await main(tc.ctx, ['env', 'work', '--shell', 'bash', '--unset'])).toBe(0);
    expect(tc.stdout.text).toContain('unset OPENAI_API_KEY');
    expect(tc.stdout.text).toContain('unset PORT42_PROFILE');
  });

  it('reads the login key from stdin and stores it', async () => {
    const tc = createTestContext({ files: { [TEST_CONFIG]: CONFIG }, stdin: 'sk-proj-new\n' });
    expect(await main(tc.ctx, ['auth', 'login', 'work'])).toBe(0);
    expect(await tc.keychain.get('work')).toBe('sk-proj-new');
    expect(tc.stdout.text).toBe('');
  });
});

describe('exec environment', () => {
  it('gives the child the profile variables but never PORT42_PASSPHRASE', async () => {
    let childEnv: Readonly<Record<string, string>> = {};
    const tc = createTestContext({
      files: { [TEST_CONFIG]: CONFIG },
      env: { PORT42_PASSPHRASE: 'unlocks-everything', PATH: '/usr/bin' },
      runInteractive: async (_argv, env) => {
        childEnv = env;
        return 0;
      },
    });
    await tc.keychain.set('work', 'sk-abc');
    expect(await main(tc.ctx, ['exec', 'work', '--', 'printenv'])).toBe(0);
    expect(childEnv.OPENAI_API_KEY).toBe('sk-abc');
    expect(childEnv.PATH).toBe('/usr/bin');
    expect(childEnv.PORT42_PASSPHRASE).toBeUndefined();
  });
});
