import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SETUP_CONFIG, setupHome, type SetupHome } from './support.ts';

/**
 * Which profile `port42 setup` wires when none is named: a repository's `.port42.toml` never
 * chooses the profile of user-global settings (claude-code, codex, gemini), only of a directory's
 * own (claude-code --project); stderr says which profile was wired and why. Real files in a
 * temporary HOME, the directory file trusted with `port42 trust` as a user would.
 */
let h: SetupHome;
let repo: string;
beforeEach(() => {
  h = setupHome(SETUP_CONFIG);
  repo = join(h.home, 'repo');
});
afterEach(() => h.cleanup());

/** Writes ~/repo/.port42.toml naming `profile`, trusted unless told otherwise. */
async function directoryFile(profile: string, trusted = true): Promise<void> {
  h.write('repo/.port42.toml', `profile = "${profile}"\n`);
  if (trusted) expect((await h.run(['trust'], {}, repo)).code).toBe(0);
}

const NOTE_TEAM = (consumer: string) =>
  `port42: ~/repo/.port42.toml names "gateway"; global settings use "work" (the config's default): port42 setup ${consumer} gateway to wire "gateway" instead\n`;

describe('port42 setup of global settings inside a directory with a .port42.toml', () => {
  it("claude-code writes the default to ~/.claude/settings.json, not the directory's profile, and says so", async () => {
    await directoryFile('gateway');
    const result = await h.run(['setup', 'claude-code'], {}, repo);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(h.read('.claude/settings.json')!)).toEqual({ apiKeyHelper: 'port42 auth token work' });
    expect(h.read('repo/.claude/settings.json')).toBeUndefined();
    expect(result.stderr).toContain(NOTE_TEAM('claude-code'));
    expect(result.stderr.match(/\.port42\.toml/g)).toHaveLength(1);
  });

  it('codex writes the default to ~/.codex/config.toml, and says so', async () => {
    await directoryFile('gateway');
    const result = await h.run(['setup', 'codex'], {}, repo);
    expect(result.code, result.stderr).toBe(0);
    const text = h.read('.codex/config.toml')!;
    expect(text).toContain('model_provider = "work"');
    expect(text).not.toContain('gateway');
    expect(result.stderr).toContain(NOTE_TEAM('codex'));
  });

  it('gemini gives the exec recipe of the default, and says so', async () => {
    await directoryFile('gateway');
    const result = await h.run(['setup', 'gemini'], {}, repo);
    expect(result.code, result.stderr).toBe(0);
    expect(h.read('.gemini/settings.json')).toContain('"selectedType": "gemini-api-key"');
    expect(result.stderr).toContain('port42 exec work -- gemini');
    expect(result.stderr).toContain(NOTE_TEAM('gemini'));
  });

  it('an untrusted directory file gets the same note (and no trust hint: it would not count here anyway)', async () => {
    await directoryFile('gateway', false);
    const result = await h.run(['setup', 'claude-code', '--dry-run'], {}, repo);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('+  "apiKeyHelper": "port42 auth token work"');
    expect(result.stderr).toContain(NOTE_TEAM('claude-code'));
    expect(result.stderr).not.toContain('not trusted yet');
  });

  it('says which profile it wires and why when no directory file names another', async () => {
    const plain = await h.run(['setup', 'claude-code']);
    expect(plain.stderr).toContain(`port42: wiring profile "work" (the config's default)\n`);
    await directoryFile('work');
    const same = await h.run(['setup', 'codex'], {}, repo);
    expect(same.stderr).toContain(`port42: wiring profile "work" (the config's default)\n`);
    expect(same.stderr).not.toContain('names "work"');
  });

  it('PORT42_PROFILE and an explicit argument still win, the argument without a note', async () => {
    await directoryFile('gateway');
    const env = await h.run(['setup', 'codex'], { PORT42_PROFILE: 'oa' }, repo);
    expect(env.code, env.stderr).toBe(0);
    expect(h.read('.codex/config.toml')).toContain('model_provider = "oa"');
    expect(env.stderr).toContain('global settings use "oa" (from PORT42_PROFILE)');
    const named = await h.run(['setup', 'claude-code', 'oa'], { PORT42_PROFILE: 'work' }, repo);
    expect(named.code, named.stderr).toBe(0);
    expect(JSON.parse(h.read('.claude/settings.json')!)).toEqual({ apiKeyHelper: 'port42 auth token oa' });
    expect(named.stderr).not.toContain('.port42.toml');
    expect(named.stderr).not.toContain('wiring profile');
  });

  it('falls back to the built-in profile without a default, and refuses (exit 2) without one', async () => {
    h.write(
      '.config/port42/config.toml',
      SETUP_CONFIG.replace('default = "work"\n', '') + '\n[profiles.anthropic]\nprovider = "anthropic"\n',
    );
    await directoryFile('gateway');
    const claude = await h.run(['setup', 'claude-code'], {}, repo);
    expect(claude.code, claude.stderr).toBe(0);
    expect(JSON.parse(h.read('.claude/settings.json')!)).toEqual({ apiKeyHelper: 'port42 auth token anthropic' });
    expect(claude.stderr).toContain('names "gateway"; global settings use "anthropic" (no default is set)');
    const codex = await h.run(['setup', 'codex'], {}, repo);
    expect(codex.code).toBe(2);
    expect(codex.stderr).toContain('no profile named and no default set (a .port42.toml does not choose for global settings)');
    expect(codex.stderr).toContain('  run: port42 setup codex <profile>');
    expect(h.read('.codex/config.toml')).toBeUndefined();
  });

  it("prints a repository's profile name inert and offers no command for a name port42 does not know", async () => {
    h.write('repo/.port42.toml', 'profile = "x\\nport42: forged \\u001b[31m"\n');
    const result = await h.run(['setup', 'claude-code', '--dry-run'], {}, repo);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).not.toContain('\nport42: forged');
    expect(result.stderr).not.toContain('\u001b');
    expect(result.stderr).toContain(`global settings use "work" (the config's default)\n`);
  });
});

describe('port42 setup claude-code --project', () => {
  it("follows the trusted directory file: the settings are that directory's own", async () => {
    await directoryFile('gateway');
    const result = await h.run(['setup', 'claude-code', '--project'], {}, repo);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(h.read('repo/.claude/settings.json')!)).toEqual({
      apiKeyHelper: 'port42 auth token gateway',
      env: { ANTHROPIC_BASE_URL: 'https://llm.corp.example/anthropic' },
    });
    expect(h.read('.claude/settings.json')).toBeUndefined();
    expect(result.stderr).toContain('port42: wiring profile "gateway" (from ~/repo/.port42.toml)\n');
    expect(result.stderr).not.toContain('global settings');
  });

  it('PORT42_PROFILE still wins over the directory file', async () => {
    await directoryFile('gateway');
    const result = await h.run(['setup', 'claude-code', '--project'], { PORT42_PROFILE: 'work' }, repo);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(h.read('repo/.claude/settings.json')!)).toEqual({ apiKeyHelper: 'port42 auth token work' });
    expect(result.stderr).toContain('port42: wiring profile "work" (from PORT42_PROFILE)\n');
  });
});
