import { execFileSync } from 'node:child_process';
import { lstatSync, mkdirSync, readlinkSync, statSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SETUP_CONFIG, setupHome, type SetupHome } from './support.ts';

/**
 * `port42 setup` for the consumers whose configuration is a file, on real files in a temporary
 * HOME: unrelated content kept byte for byte, a second run changes nothing, --dry-run writes
 * nothing, --undo gives back the original, a file that does not parse is left untouched.
 */
let h: SetupHome;
beforeEach(() => {
  h = setupHome(SETUP_CONFIG);
});
afterEach(() => h.cleanup());

interface Case {
  consumer: string;
  args: string[];
  file: string;
  original: string;
  /** What must be in the file after setup. */
  expectWritten: string;
  broken: string;
  env?: Record<string, string>;
}

const CASES: Case[] = [
  {
    consumer: 'claude-code',
    args: ['gateway'],
    file: '.claude/settings.json',
    original: '{\n    "model": "opus",\n    "permissions": {"allow": ["Bash(ls)"], "deny": []},\n    "2": true\n}\n',
    expectWritten:
      '{\n    "model": "opus",\n    "permissions": {"allow": ["Bash(ls)"], "deny": []},\n    "2": true,\n' +
      '    "apiKeyHelper": "port42 auth token gateway",\n    "env": {\n        "ANTHROPIC_BASE_URL": "https://llm.corp.example/anthropic"\n    }\n}\n',
    broken: '{\n  "model": "opus",\n}\n',
  },
  {
    consumer: 'codex',
    args: ['oa'],
    file: '.codex/config.toml',
    original:
      '# Codex settings, hand-written\nmodel = "gpt-5" # the default\napproval_policy = "on-request"\n\n# a quick profile\n[profiles.fast]\nmodel = "gpt-5-mini"\n',
    expectWritten:
      '# Codex settings, hand-written\nmodel = "gpt-5" # the default\napproval_policy = "on-request"\nmodel_provider = "oa"\n\n# a quick profile\n[profiles.fast]\nmodel = "gpt-5-mini"\n' +
      '\n[model_providers.oa]\nname = "oa via port42"\nbase_url = "https://api.openai.com/v1"\n\n[model_providers.oa.auth]\ncommand = "port42"\nargs = ["auth", "token", "oa"]\n',
    broken: 'model = "gpt-5\n',
  },
  {
    consumer: 'gemini',
    args: ['gem'],
    file: '.gemini/settings.json',
    original:
      '{\n  // gemini-cli allows comments\n  "ui": { "theme": "GitHub" },\n  "security": {\n    "folderTrust": { "enabled": false }\n  }\n}\n',
    expectWritten:
      '{\n  // gemini-cli allows comments\n  "ui": { "theme": "GitHub" },\n  "security": {\n    "folderTrust": { "enabled": false },\n' +
      '    "auth": {\n      "selectedType": "gemini-api-key"\n    }\n  }\n}\n',
    broken: '{ "ui": ',
  },
  {
    consumer: 'docker',
    args: ['oa'],
    file: '.docker/config.json',
    original: '{\n\t"auths": {\n\t\t"ghcr.io": {}\n\t},\n\t"credsStore": "desktop"\n}',
    expectWritten:
      '{\n\t"auths": {\n\t\t"ghcr.io": {}\n\t},\n\t"credsStore": "desktop",\n\t"credHelpers": {\n\t\t"registry.corp.example:5000": "port42",\n\t\t"llm.corp.example": "port42"\n\t}\n}',
    broken: '{"auths": {}} trailing',
  },
  {
    consumer: 'shell',
    args: ['--shell', 'bash'],
    file: '.bashrc',
    original: '# ~/.bashrc\nalias ll="ls -l"',
    expectWritten: '# ~/.bashrc\nalias ll="ls -l"\neval "$(port42 hook bash)"\n',
    broken: '',
  },
];

describe.each(CASES)('port42 setup $consumer', (c) => {
  it('keeps everything else byte for byte, keeps a backup, and a second run changes nothing', async () => {
    h.write(c.file, c.original);
    const first = await h.run(['setup', c.consumer, ...c.args], c.env);
    expect(first.stderr).toMatch(/port42: updated ~\//);
    expect(first.code).toBe(0);
    expect(first.stdout).toBe('');
    expect(h.read(c.file)).toBe(c.expectWritten);
    expect(h.read(c.file + '.port42.bak')).toBe(c.original);
    const second = await h.run(['setup', c.consumer, ...c.args], c.env);
    expect(second.code).toBe(0);
    expect(second.stderr).toContain('nothing changed');
    expect(h.read(c.file)).toBe(c.expectWritten);
  });

  it('--dry-run prints the diff and writes nothing', async () => {
    h.write(c.file, c.original);
    const result = await h.run(['setup', c.consumer, ...c.args, '--dry-run'], c.env);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^--- ~/${c.file.replace(/\./g, '\\.')}\n\\+\\+\\+ ~/`));
    expect(result.stdout).toMatch(/\n\+/);
    expect(result.stderr).toContain('dry run: nothing was written');
    expect(h.read(c.file)).toBe(c.original);
    expect(h.read(c.file + '.port42.bak')).toBeUndefined();
  });

  it('--undo removes exactly what it added', async () => {
    h.write(c.file, c.original);
    expect((await h.run(['setup', c.consumer, ...c.args], c.env)).code).toBe(0);
    const undo = await h.run(['setup', c.consumer, '--undo', ...c.args.filter((a) => a.startsWith('-') || c.consumer === 'shell')], c.env);
    expect(undo.code).toBe(0);
    // The shell case: the original had no final newline; undo keeps the one setup added before its line.
    expect(h.read(c.file)).toBe(c.consumer === 'shell' ? c.original + '\n' : c.original);
    // The version before setup survives the undo; the undo keeps its own backup apart.
    expect(h.read(c.file + '.port42.bak')).toBe(c.original);
    expect(h.read(c.file + '.port42-undo.bak')).toBe(c.expectWritten);
    const again = await h.run(['setup', c.consumer, '--undo', ...(c.consumer === 'shell' ? c.args : [])], c.env);
    expect(again.stderr).toContain('nothing to remove');
  });

  it('creates the file when it does not exist', async () => {
    const result = await h.run(['setup', c.consumer, ...c.args], c.env);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/port42: created ~\//);
    expect(h.read(c.file)).toBeDefined();
  });

  // A shell start-up file is not parsed: any text is fine there.
  if (c.broken !== '')
    it('leaves a file that does not parse untouched (exit 3, file:line)', async () => {
      h.write(c.file, c.broken);
      const result = await h.run(['setup', c.consumer, ...c.args], c.env);
      expect(result.code).toBe(3);
      expect(result.stderr).toMatch(new RegExp(`^port42: ~/${c.file.replace(/\./g, '\\.')}:\\d+: not valid`));
      expect(result.stderr).toContain('left the file as it is');
      expect(result.stderr).toMatch(/\n {2}run: \$\{EDITOR:-vi\} \+\d+ /);
      expect(h.read(c.file)).toBe(c.broken);
      expect(h.read(c.file + '.port42.bak')).toBeUndefined();
    });
});

// What setup replaced, --undo puts back (from the version before setup, its .port42.bak).
const REPLACED: { consumer: string; args: string[]; file: string; original: string; secretish?: string }[] = [
  {
    consumer: 'claude-code',
    args: ['gateway'],
    file: '.claude/settings.json',
    original: '{\n  "apiKeyHelper": "echo sk-ant-api03-NotARealKeyButLooksLikeOne0123456789",\n  "model": "opus"\n}\n',
    secretish: 'sk-ant-api03-NotARealKeyButLooksLikeOne0123456789',
  },
  {
    consumer: 'gemini',
    args: ['gem'],
    file: '.gemini/settings.json',
    original: '{\n  "security": {\n    "auth": {\n      "selectedType": "oauth-personal"\n    }\n  }\n}\n',
  },
  {
    consumer: 'codex',
    args: ['oa'],
    file: '.codex/config.toml',
    original: '# mine\nmodel_provider = "ollama"\nmodel = "gpt-oss:20b"\n',
  },
  {
    consumer: 'docker',
    args: ['oa'],
    file: '.docker/config.json',
    original: '{\n  "credHelpers": {\n    "llm.corp.example": "desktop"\n  }\n}\n',
  },
];

describe.each(REPLACED)('port42 setup $consumer over an existing setting', (c) => {
  it('--undo puts back the value setup replaced', async () => {
    h.write(c.file, c.original);
    const setup = await h.run(['setup', c.consumer, ...c.args]);
    expect(setup.code, setup.stderr).toBe(0);
    expect(h.read(c.file)).not.toBe(c.original);
    if (c.secretish) expect(setup.stderr).not.toContain(c.secretish);
    const undo = await h.run(['setup', c.consumer, '--undo']);
    expect(undo.code, undo.stderr).toBe(0);
    if (c.secretish) expect(undo.stderr).not.toContain(c.secretish);
    expect(h.read(c.file)).toBe(c.original);
  });

  it('--dry-run shows the change without the key the old setting held', async () => {
    h.write(c.file, c.original);
    const dry = await h.run(['setup', c.consumer, ...c.args, '--dry-run']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(/\n\+/);
    if (c.secretish) expect(dry.stdout + dry.stderr).not.toContain(c.secretish);
  });
});

describe('port42 setup, details', () => {
  it("refuses a settings file that is a FIFO (a hostile clone's .claude/settings.json) at once, exit 3", async () => {
    mkdirSync(join(h.home, 'repo', '.claude'), { recursive: true });
    execFileSync('mkfifo', [join(h.home, 'repo', '.claude', 'settings.json')]);
    const started = Date.now();
    const result = await h.run(['setup', 'claude-code', '--project', '--dry-run'], {}, join(h.home, 'repo'));
    expect(result.code, result.stderr).toBe(3);
    expect(result.stderr).toContain('is not a regular file of yours');
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('claude-code without a profile uses the default; --project writes .claude/settings.json of the directory', async () => {
    expect((await h.run(['setup', 'claude-code'])).code).toBe(0);
    expect(JSON.parse(h.read('.claude/settings.json')!)).toEqual({ apiKeyHelper: 'port42 auth token work' });
    h.write('repo/README', '');
    expect((await h.run(['setup', 'claude-code', 'gateway', '--project'], {}, join(h.home, 'repo'))).code).toBe(0);
    expect(JSON.parse(h.read('.claude/settings.json')!)).toEqual({ apiKeyHelper: 'port42 auth token work' });
    expect(JSON.parse(h.read('repo/.claude/settings.json')!)).toEqual({
      apiKeyHelper: 'port42 auth token gateway',
      env: { ANTHROPIC_BASE_URL: 'https://llm.corp.example/anthropic' },
    });
  });

  it('claude-code respects CLAUDE_CONFIG_DIR, codex CODEX_HOME, gemini GEMINI_CLI_HOME, docker DOCKER_CONFIG', async () => {
    const env = {
      CLAUDE_CONFIG_DIR: join(h.home, 'cc'),
      CODEX_HOME: join(h.home, 'cx'),
      GEMINI_CLI_HOME: join(h.home, 'gh'),
      DOCKER_CONFIG: join(h.home, 'dk'),
    };
    for (const args of [['claude-code'], ['codex', 'oa'], ['gemini', 'gem'], ['docker', 'oa']])
      expect((await h.run(['setup', ...args], env)).code).toBe(0);
    expect(h.read('cc/settings.json')).toContain('apiKeyHelper');
    expect(h.read('cx/config.toml')).toContain('[model_providers.oa.auth]');
    expect(h.read('gh/.gemini/settings.json')).toContain('gemini-api-key');
    expect(h.read('dk/config.json')).toContain('credHelpers');
  });

  it('says when the consumer would not find port42 on PATH', async () => {
    const bin = join(import.meta.dirname, '../../bin');
    expect((await h.run(['setup', 'claude-code'], { PATH: '/nonexistent' })).stderr).toContain(
      'port42: port42 is not on PATH, and claude-code runs it by name: npm install -g port42',
    );
    expect((await h.run(['setup', 'docker', 'oa'], { PATH: '/nonexistent' })).stderr).toContain('docker-credential-port42 is not on PATH');
    expect((await h.run(['setup', 'codex', 'oa'], { PATH: bin })).stderr).not.toContain('not on PATH');
  });

  it('refuses a file whose shape does not fit and leaves it untouched (exit 3)', async () => {
    h.write('.claude/settings.json', '{ "env": "oops" }\n');
    const result = await h.run(['setup', 'claude-code', 'gateway']);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('port42: ~/.claude/settings.json: "env" is not an object; port42 left the file as it is');
    expect(h.read('.claude/settings.json')).toBe('{ "env": "oops" }\n');
  });

  it('says that it replaces a helper, without showing the old command (it may hold a key)', async () => {
    h.write('.claude/settings.json', '{ "apiKeyHelper": "~/bin/get-key.sh" }\n');
    const result = await h.run(['setup', 'claude-code', 'work']);
    expect(result.stderr).toContain('port42: replacing the existing apiKeyHelper (port42 setup --undo claude-code puts it back)');
    expect(result.stderr).not.toContain('get-key.sh');
    expect(h.read('.claude/settings.json')).toBe('{ "apiKeyHelper": "port42 auth token work" }\n');
  });

  it('edits the file a symlink points to and keeps the link and the mode', async () => {
    h.write('dotfiles/bashrc', 'set -o vi\n');
    const { chmodSync } = await import('node:fs');
    chmodSync(join(h.home, 'dotfiles/bashrc'), 0o640);
    symlinkSync(join(h.home, 'dotfiles/bashrc'), join(h.home, '.bashrc'));
    expect((await h.run(['setup', 'shell'], { SHELL: '/bin/bash' })).code).toBe(0);
    expect(lstatSync(join(h.home, '.bashrc')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(h.home, '.bashrc'))).toBe(join(h.home, 'dotfiles/bashrc'));
    expect(h.read('dotfiles/bashrc')).toBe('set -o vi\neval "$(port42 hook bash)"\n');
    expect(statSync(join(h.home, 'dotfiles/bashrc')).mode & 0o777).toBe(0o640);
  });

  it('writes the zsh and fish hooks where those shells read them', async () => {
    expect((await h.run(['setup', 'shell'], { SHELL: '/usr/bin/zsh', ZDOTDIR: join(h.home, 'z') })).code).toBe(0);
    expect(h.read('z/.zshrc')).toBe('eval "$(port42 hook zsh)"\n');
    expect((await h.run(['setup', 'shell', '--shell', 'fish'])).code).toBe(0);
    expect(h.read('.config/fish/config.fish')).toBe('port42 hook fish | source\n');
  });

  it('refuses what it cannot do with the closest valid choice (exit 2)', async () => {
    const typo = await h.run(['setup', 'claud']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('did you mean claude-code?');
    expect((await h.run(['setup', 'shell'], { SHELL: '/bin/tcsh' })).stderr).toContain('bash, zsh and fish, not for $SHELL (/bin/tcsh)');
    expect((await h.run(['setup', 'codex', '--project'])).code).toBe(2);
  });

  it('names the profile that is missing or has no match URLs (exit 3)', async () => {
    const missing = await h.run(['setup', 'codex', 'nope']);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain('no profile named "nope"');
    const noMatch = await h.run(['setup', 'docker', 'work']);
    expect(noMatch.code).toBe(3);
    expect(noMatch.stderr).toContain('profile "work" has no match URLs');
  });

  it("codex --undo keeps a provider table the user had, minus port42's auth", async () => {
    const original = '[model_providers.oa]\nname = "Mine"\nbase_url = "https://api.openai.com/v1"\nwire_api = "responses"\n';
    h.write('.codex/config.toml', original);
    await h.run(['setup', 'codex', 'oa']);
    expect((await h.run(['setup', 'codex', '--undo'])).code).toBe(0);
    expect(h.read('.codex/config.toml')).toBe(original);
  });

  it('codex --undo removes only the providers that ask port42 and keeps the others', async () => {
    h.write(
      '.codex/config.toml',
      'model_provider = "local"\n\n[model_providers.local]\nname = "ollama"\nbase_url = "http://127.0.0.1:11434/v1"\n',
    );
    await h.run(['setup', 'codex', 'oa']);
    await h.run(['setup', 'codex', 'work']);
    expect(h.read('.codex/config.toml')).toContain('model_provider = "work"');
    const undo = await h.run(['setup', 'codex', 'work', '--undo']);
    expect(undo.code).toBe(0);
    const text = h.read('.codex/config.toml')!;
    // The backup holds the file from before port42 wired it (not the one between the two setups):
    // the undo puts back the user's own model_provider, not port42's "oa".
    expect(text).toContain('model_provider = "local"');
    expect(text).not.toContain('[model_providers.work');
    expect(text).toContain('[model_providers.oa.auth]');
    expect(text).toContain('[model_providers.local]\nname = "ollama"');
  });
});

describe('port42 setup masks the keys of custom providers too', () => {
  it("hides an old apiKeyHelper's key that has a custom provider's key_prefix", async () => {
    // Readable enough that only the prefix gives it away (not random-looking).
    const key = 'corpgw-live-team-key-for-the-gateway';
    h.cleanup(); // this test's config has a custom provider
    h = setupHome(
      `[providers.corpgw]\nkey_env = "CORPGW_API_KEY"\nkey_prefix = "corpgw-"\nbase_url = "https://llm.corp.example"\n\n[profiles.gateway]\nprovider = "anthropic"\n`,
    );
    h.write('.claude/settings.json', `{\n  "apiKeyHelper": "echo ${key}"\n}\n`);
    const dry = await h.run(['setup', 'claude-code', 'gateway', '--dry-run']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('corpgw-…(hidden)');
    expect(dry.stdout + dry.stderr).not.toContain(key);
  });
});
