/**
 * The mistakes a newcomer makes, through the built executable: secrets typed as arguments never
 * come back on stdout or stderr, and every typo gets the closest valid choice (issue 10).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createSandbox, runCli, type Sandbox } from '../support/cli.ts';

let sandbox: Sandbox | undefined;
afterEach(() => sandbox?.cleanup());

function make(config?: string): Sandbox {
  sandbox = createSandbox();
  if (config !== undefined) sandbox.writeConfig(config);
  return sandbox;
}

const SECRETS = [
  'sk-proj-AbCdEfGhIjKlMnOpQrStUvWx0123',
  'sk-ant-api03-ZyXwVuTsRqPoNmLkJiHg',
  'sk-or-v1-0123456789abcdef0123456789abcdef',
  'mgw_live_Secret123',
  'Xy7Qp2Lm9Rt4Vb8Nc3Kd6Hf1',
];

describe('a key typed on the command line', () => {
  it('is never echoed, whatever path reports the mistake', async () => {
    const s = make('[providers.mygw]\nkey_env = "MYGW_API_KEY"\nkey_prefix = "mgw_"\n\n[profiles.work]\nprovider = "openai"\n');
    const lines = (key: string): string[][] => [
      ['auth', 'login', 'work', key],
      ['auth', 'login', key],
      ['auth', 'rotate', 'work', key],
      [key],
      ['auth', key],
      ['auth', 'token', key],
      ['auth', 'status', key],
      ['env', 'work', '--shell', key],
      ['env', '--profile', key],
      ['env', `--profile=${key}`],
      ['auth', 'token', 'work', '--model', key],
      ['auth', 'token', 'work', `--${key}`],
      ['hook', key],
      ['completion', key],
      ['profile', 'show', key],
      ['profile', 'use', key],
      ['profile', 'remove', key, '--yes'],
      ['profile', 'add', 'w2', '--provider', key],
      ['usage', '--month', key],
      ['audit', '--since', key],
      ['model', 'info', key],
      ['exec', 'work', key, '-c', 'true'],
      ['auth', 'token', key, '--help'],
      ['trust', key],
      ['untrust', key],
      ['setup', key],
      ['setup', 'claude-code', key],
      ['proxy', key],
      ['exec', '--proxy', key, '--', 'true'],
      ['unlock', '--idle', key],
      ['docker-helper', key],
      ['exec', 'work', '--', key],
    ];
    for (const key of SECRETS) {
      for (const args of lines(key)) {
        const result = await runCli(s, args);
        expect(result.stdout + result.stderr, args.join(' ')).not.toContain(key);
        if (args.includes('--help')) continue;
        // `untrust` of a directory that was never trusted only says so (exit 0); the rest fail.
        if (args[0] !== 'untrust') expect(result.code, args.join(' ')).not.toBe(0);
        // docker's convention: the message on stdout, in the reference helpers' words.
        if (args[0] === 'docker-helper') expect(result.stdout).toMatch(/^Unknown credential action `[^`]*…\(hidden\)`/);
        else expect(result.stderr, args.join(' ')).toMatch(/^port42: /);
      }
    }
  }, 120_000);

  it('exec of a "program" that is a key says it cannot run it without printing it', async () => {
    const s = make();
    const key = SECRETS[0]!;
    const result = await runCli(s, ['exec', 'openai', '--', key], { env: { OPENAI_API_KEY: 'sk-x' } });
    expect(result.code).toBe(127);
    expect(result.stderr).toBe('port42: cannot run "sk-proj-…(hidden)": command not found\n');
  });

  it('auth login says keys are not read from arguments and shows the pipe', async () => {
    const s = make('[profiles.work]\nprovider = "openai"\n');
    const result = await runCli(s, ['auth', 'login', 'work', 'sk-proj-AbCdEfGhIjKlMnOpQrStUvWx0123']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('keys are not read from arguments');
    expect(result.stderr).toContain('  run: printf %s "$KEY" | port42 auth login work\n');
  });
});

describe('typos get the closest valid choice', () => {
  it.each([
    [['token'], 'did you mean `port42 auth token`?', 'port42 auth token --help'],
    [['status'], 'did you mean `port42 auth status`?', 'port42 auth status --help'],
    [['use'], 'did you mean `port42 profile use`?', 'port42 profile use --help'],
    [['logout'], 'did you mean `port42 auth logout`?', 'port42 auth logout --help'],
    [['version'], 'did you mean `port42 --version`?', 'port42 --version'],
    [['auth', 'tokn'], 'did you mean `port42 auth token`?', 'port42 auth token --help'],
    [['auth', 'status', '--jsn'], 'did you mean --json?', 'port42 auth status --help'],
    [['env', '--shell', 'zhs'], 'unknown shell "zhs"; did you mean zsh?', 'port42 env --help'],
    [['exec', 'work', 'bash', '-c', 'true'], 'put -- before the command', 'port42 exec work -- bash -c true'],
    [['auth', 'token', '--version'], '--version belongs to port42 itself', 'port42 --version'],
    [['auth', '--jsn'], 'unknown option "--jsn" for port42 auth', 'port42 auth --help'],
    [['hook', 'zhs'], 'unknown shell "zhs"; did you mean zsh?', 'port42 hook zsh'],
    [['completion', 'fihs'], 'unknown shell "fihs"; did you mean fish?', 'port42 completion fish'],
  ])('port42 %j', async (args, message, hint) => {
    const result = await runCli(make(), args);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(message);
    expect(result.stderr).toContain(`  run: ${hint}\n`);
  });
});

describe('a key typed where the config would keep it', () => {
  it('is refused and never written: profile add <key>, --model <key>, a command word, --from-env <key>, model set <key> --force', async () => {
    const text = '[profiles.work]\nprovider = "openai"\n';
    const s = make(text);
    const key = 'sk-proj-AbCdEfGhIjKlMnOpQrStUvWx0123';
    for (const args of [
      ['profile', 'add', key, '--provider', 'openai'],
      ['profile', 'add', 'w2', '--provider', 'openai', '--model', key],
      ['model', 'set', key, '--profile', 'work', '--force'],
      ['profile', 'add', 'w3', '--provider', 'openai', '--auth', 'command', '--', 'echo', key],
      ['profile', 'add', 'w4', '--provider', 'openai', '--auth', 'env', '--from-env', key],
    ]) {
      const result = await runCli(s, args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toContain('looks like a key, and the config never holds secrets');
      expect(result.stderr + result.stdout).not.toContain(key);
    }
    expect(readFileSync(s.configPath, 'utf8')).toBe(text);
  });
});

describe('an unknown profile name', () => {
  it('gets the closest profile; a far one only the list', async () => {
    const s = make('[profiles.work]\nprovider = "openai"\n[profiles.home]\nprovider = "anthropic"\n');
    const near = await runCli(s, ['env', 'wrok', '--shell', 'bash']);
    expect(near.code).toBe(3);
    expect(near.stdout).toBe('');
    expect(near.stderr).toBe('port42: no profile named "wrok"; profiles: work, home; did you mean work?\n  run: port42 profile list\n');
    const far = await runCli(s, ['auth', 'token', 'nothing-like-it']);
    expect(far.stderr).not.toContain('did you mean');
  });
});

describe('help', () => {
  it('bare port42 prints its help and exits 0; port42 auth prints the group help', async () => {
    const s = make();
    const bare = await runCli(s, []);
    expect(bare.code).toBe(0);
    expect(bare.stdout).toContain('Usage: port42 <command>');
    expect(bare.stdout).toContain('Examples:');
    const auth = await runCli(s, ['auth']);
    expect(auth.code).toBe(0);
    expect(auth.stdout).toContain('port42 auth token');
    expect(auth.stdout).toContain('Examples:');
  });

  it('-h works on every command; its help lists --profile and no --version', async () => {
    const s = make();
    for (const args of [['auth', 'token'], ['env'], ['exec'], ['profile', 'remove'], ['doctor'], ['model', 'list']]) {
      const result = await runCli(s, [...args, '-h']);
      expect(result.code, args.join(' ')).toBe(0);
      expect(result.stdout, args.join(' ')).toContain('--profile');
      expect(result.stdout, args.join(' ')).not.toContain('--version');
      expect(result.stdout, args.join(' ')).toContain('Examples:');
    }
    expect((await runCli(s, ['exec', '--help'])).stdout).toContain('port42 exec [name] [options] -- <command> [args..]');
  });
});

describe('help of every command in the table', () => {
  it('lists --profile and 1–3 examples, and no --version', async () => {
    const { allCommands } = await import('../../src/cli/commands.ts');
    const { main } = await import('../../src/cli/main.ts');
    const { createTestContext } = await import('../support/test-context.ts');
    for (const spec of allCommands()) {
      const tc = createTestContext();
      expect(await main(tc.ctx, [...spec.path, '-h']), spec.path.join(' ')).toBe(0);
      expect(tc.stdout.text, spec.path.join(' ')).toContain('--profile');
      expect(tc.stdout.text, spec.path.join(' ')).not.toContain('--version');
      expect(spec.examples?.length ?? 0, `${spec.path.join(' ')} has 1–3 examples`).toBeGreaterThanOrEqual(1);
      expect(spec.examples?.length ?? 0, spec.path.join(' ')).toBeLessThanOrEqual(3);
    }
  });
});
