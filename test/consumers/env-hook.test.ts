import { describe, expect, it } from 'vitest';
import { renderHook } from '../../src/shells/hook.ts';
import { HOOK_STATE_VARIABLE, expiryDue, parseHookState, planHook, runEnvHook } from '../../src/verbs/env-hook.ts';
import { TEST_CONFIG, createTestContext } from '../support/test-context.ts';
import { trusting } from '../support/trust.ts';

/** `env --hook` decisions against memfs and a memory store: what it sets, keeps and unsets. */
const CONFIG = `[profiles.work]
provider = "openai"
auth = "env"
from_env = "WORK_KEY"
model = "gpt-4.1"

[profiles.personal]
provider = "anthropic"
auth = "env"
from_env = "PERSONAL_KEY"

[profiles.locked]
provider = "openai"
`;
const FILES = trusting({
  [TEST_CONFIG]: CONFIG,
  '/home/u/work/.port42.toml': 'profile = "work"\n',
  '/home/u/work/sub/.keep': '',
  '/home/u/work/nested/.port42.toml': 'profile = "work"\n',
  '/home/u/personal/.port42.toml': 'profile = "personal"\n',
  '/home/u/locked/.port42.toml': 'profile = "locked"\n',
  '/home/u/plain/.keep': '',
});
const KEYS = { WORK_KEY: 'sk-work', PERSONAL_KEY: 'sk-ant-personal' };
const WORK_NAMES = ['OPENAI_API_KEY', 'OPENAI_MODEL', 'PORT42_PROFILE'];
const workState = (file = '/home/u/work/.port42.toml') => JSON.stringify({ profile: 'work', file, names: WORK_NAMES });

function context(cwd: string, env: Record<string, string> = {}) {
  return createTestContext({ files: FILES, cwd, env: { ...KEYS, ...env } });
}

describe('env --hook plan', () => {
  it('does nothing outside any project when it applied nothing', async () => {
    const t = context('/home/u/plain');
    expect(await planHook(t.ctx)).toEqual({ changes: [] });
    expect(t.stderr.text).toBe('');
  });

  it('applies the profile of the nearest .port42.toml and remembers it in PORT42_HOOK_STATE', async () => {
    const t = context('/home/u/work/sub');
    expect((await planHook(t.ctx)).changes).toEqual([
      { name: 'OPENAI_API_KEY', value: 'sk-work' },
      { name: 'OPENAI_MODEL', value: 'gpt-4.1' },
      { name: 'PORT42_PROFILE', value: 'work' },
      { name: HOOK_STATE_VARIABLE, value: workState() },
    ]);
    expect(t.stderr.text).toBe('port42: profile "work" set (from /home/u/work/.port42.toml)\n');
  });

  it('does nothing in the same project again (no store read, no message)', async () => {
    const t = context('/home/u/work/sub', { [HOOK_STATE_VARIABLE]: workState(), WORK_KEY: '' });
    expect(await planHook(t.ctx)).toEqual({ changes: [] });
    expect(t.stderr.text).toBe('');
  });

  it('only updates the state in a nested project that names the same profile', async () => {
    const t = context('/home/u/work/nested', { [HOOK_STATE_VARIABLE]: workState() });
    expect((await planHook(t.ctx)).changes).toEqual([{ name: HOOK_STATE_VARIABLE, value: workState('/home/u/work/nested/.port42.toml') }]);
  });

  it('unsets exactly what it set when leaving the project', async () => {
    const t = context('/home/u/plain', { [HOOK_STATE_VARIABLE]: workState() });
    expect((await planHook(t.ctx)).changes).toEqual([...WORK_NAMES, HOOK_STATE_VARIABLE].map((name) => ({ name, value: null })));
    expect(t.stderr.text).toBe('port42: profile "work" unset (left /home/u/work/.port42.toml)\n');
  });

  it('switching projects unsets the variables the new profile does not set', async () => {
    const t = context('/home/u/personal', { [HOOK_STATE_VARIABLE]: workState() });
    const changes = (await planHook(t.ctx)).changes;
    expect(changes.filter((c) => c.value === null).map((c) => c.name)).toEqual(['OPENAI_API_KEY', 'OPENAI_MODEL']);
    expect(changes).toContainEqual({ name: 'ANTHROPIC_API_KEY', value: 'sk-ant-personal' });
  });

  it('re-exports in the same project when PORT42_EXPIRES_AT is within 60 s', async () => {
    const t = context('/home/u/work', { [HOOK_STATE_VARIABLE]: workState() });
    const now = Math.floor(t.clock.now / 1000);
    const due = createTestContext({
      files: FILES,
      cwd: '/home/u/work',
      env: { ...KEYS, [HOOK_STATE_VARIABLE]: workState(), PORT42_EXPIRES_AT: String(now + 30) },
    });
    expect((await planHook(due.ctx)).changes).toContainEqual({ name: 'OPENAI_API_KEY', value: 'sk-work' });
    const later = createTestContext({
      files: FILES,
      cwd: '/home/u/work',
      env: { ...KEYS, [HOOK_STATE_VARIABLE]: workState(), PORT42_EXPIRES_AT: String(now + 3600) },
    });
    expect((await planHook(later.ctx)).changes).toEqual([]);
  });

  it('keeps a manual `eval "$(port42 env …)"` fresh when it is due, without taking it over', async () => {
    const now = Math.floor(Date.UTC(2026, 10, 25, 12) / 1000);
    const t = context('/home/u/plain', { PORT42_PROFILE: 'personal', PORT42_EXPIRES_AT: String(now - 5) });
    const changes = (await planHook(t.ctx)).changes;
    expect(changes).toContainEqual({ name: 'ANTHROPIC_API_KEY', value: 'sk-ant-personal' });
    expect(changes.map((c) => c.name)).not.toContain(HOOK_STATE_VARIABLE);
  });

  it('notes a variable it replaces that the user had set', async () => {
    const t = context('/home/u/work', { OPENAI_API_KEY: 'sk-mine' });
    await planHook(t.ctx);
    expect(t.stderr.text).toContain(
      'port42: note: OPENAI_API_KEY was already set; profile "work" replaces it here, and leaving unsets it\n',
    );
  });

  it('on failure plans only the complete leave code and returns the error', async () => {
    const t = context('/home/u/locked', { [HOOK_STATE_VARIABLE]: workState() });
    const plan = await planHook(t.ctx);
    expect(plan.changes).toEqual([...WORK_NAMES, HOOK_STATE_VARIABLE].map((name) => ({ name, value: null })));
    expect(plan.error).toMatchObject({ code: 'login-needed' });
  });
});

describe('env --hook output', () => {
  const args = (shell: string) => ({ positionals: [], options: { hook: true, shell }, rest: [] });

  it('prints leave code and a retry for the hook, the reason on stderr, and exits with the error code', async () => {
    const t = context('/home/u/locked');
    expect(await runEnvHook(t.ctx, args('bash'))).toBe(4);
    expect(t.stdout.text).toBe('unset _port42_hook_pwd\n');
    expect(t.stderr.text).toBe('port42: profile "locked" has no key stored\n  run: port42 auth login locked\n');
  });

  it('names the retry variable the hooks really use', () => {
    expect(renderHook('bash', '/p')).toContain('_port42_hook_pwd=$PWD');
    expect(renderHook('zsh', '/p')).toContain('_port42_hook_pwd=$PWD');
    expect(renderHook('fish', '/p')).toContain('set -g __port42_hook_pwd $PWD');
    const fish = context('/home/u/locked');
    return runEnvHook(fish.ctx, args('fish')).then(() => expect(fish.stdout.text).toBe('set -e __port42_hook_pwd\n'));
  });

  it('writes fish code for fish', async () => {
    const t = context('/home/u/work');
    expect(await runEnvHook(t.ctx, args('fish'))).toBe(0);
    expect(t.stdout.text).toContain("set -gx OPENAI_API_KEY 'sk-work'\n");
  });

  it.each(['json', 'dotenv', 'gha'])('refuses --shell %s (not shell code)', async (shell) => {
    await expect(runEnvHook(context('/home/u/work').ctx, args(shell))).rejects.toMatchObject({ code: 'usage' });
  });

  it('refuses a profile name: the directory decides', async () => {
    await expect(
      runEnvHook(context('/home/u/work').ctx, { positionals: ['work'], options: { hook: true }, rest: [] }),
    ).rejects.toMatchObject({ code: 'usage' });
  });
});

describe('hook state and expiry', () => {
  it.each([
    [undefined, undefined],
    ['not json', undefined],
    ['{"profile":1,"file":"f","names":[]}', undefined],
    ['{"profile":"w","file":"f","names":["A","bad name","$(x)"]}', { profile: 'w', file: 'f', names: ['A'] }],
  ])('reads %j as %j (names that are not variable names are dropped)', (text, state) => {
    expect(parseHookState(text)).toEqual(state);
  });

  it.each([
    ['1000', 940_000, true],
    ['1000', 939_999, false],
    ['0', 0, true],
    ['', 0, false],
    ['12e3', 0, false],
    ['$(id)', 0, false],
  ])('PORT42_EXPIRES_AT=%j at %i ms is due: %s', (value, now, due) => {
    expect(expiryDue(value, now)).toBe(due);
  });
});
