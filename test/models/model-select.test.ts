import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.ts';
import type { Config } from '../../src/config/types.ts';
import type { CredentialState } from '../../src/profiles/credential.ts';
import { Port42Error } from '../../src/errors.ts';
import { chooseProfile } from '../../src/profiles/profile.ts';
import {
  checkModelForProfile,
  modelSelectionError,
  selectProfileForModel,
  servingProfiles,
  type ProfileState,
} from '../../src/profiles/model-select.ts';
import { MODEL_CONFIG, modelContext, REPO } from './fixtures.ts';

async function config(text = MODEL_CONFIG): Promise<Config> {
  return loadConfig(modelContext({ config: text }).ctx);
}

describe('choosing a profile by name, PORT42_PROFILE, directory and default', () => {
  const cases: { name: string; explicit?: string; env?: Record<string, string>; cwd?: string; want: string; origin: string }[] = [
    {
      name: 'the argument wins over everything',
      explicit: 'work',
      env: { PORT42_PROFILE: 'team' },
      cwd: REPO,
      want: 'work',
      origin: 'argument',
    },
    { name: 'PORT42_PROFILE wins over the directory', env: { PORT42_PROFILE: 'team' }, cwd: REPO, want: 'team', origin: 'PORT42_PROFILE' },
    { name: 'the nearest .port42.toml wins over the default', cwd: `${REPO}/src/deep`, want: 'proj', origin: 'directory' },
    { name: 'the default when nothing else decides', want: 'home', origin: 'default' },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const tc = modelContext({ ...(c.env ? { env: c.env } : {}), ...(c.cwd ? { cwd: c.cwd } : {}) });
      const choice = await chooseProfile(tc.ctx, await loadConfig(tc.ctx), c.explicit);
      expect([choice.profile.name, choice.origin]).toEqual([c.want, c.origin]);
    });
  }

  it('is a usage error listing the profiles when nothing decides', async () => {
    const tc = modelContext({ config: MODEL_CONFIG.replace('default = "home"\n', '') });
    const error = await chooseProfile(tc.ctx, await loadConfig(tc.ctx), undefined).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Port42Error);
    expect((error as Port42Error).code).toBe('usage');
    expect((error as Port42Error).message).toContain('profiles: work, proj, home, team, local, gw, anything');
  });
});

describe('servingProfiles', () => {
  it('puts the preferred profiles first, in order, then the rest by name', async () => {
    const c = await config();
    const names = (model: string, preferred: (string | undefined)[]) =>
      servingProfiles(c.profiles.values(), model, preferred).map((p) => p.name);
    expect(names('gpt-5', [undefined, 'home'])).toEqual(['proj', 'work']);
    expect(names('gpt-5', ['work', 'home'])).toEqual(['work', 'proj']);
    expect(names('claude-sonnet-4-5', ['proj', 'home'])).toEqual(['home', 'team']);
    expect(names('claude-sonnet-4-5-20250929', ['team', 'home'])).toEqual(['team', 'home']);
    expect(names('llama3.2', [])).toEqual(['local']);
    expect(names('mgw-small', [])).toEqual(['gw']);
    // A provider without a list serves only what its profiles name.
    expect(names('whatever-model', [])).toEqual([]);
  });
});

describe('selectProfileForModel', () => {
  const states = (entries: Record<string, CredentialState>): Map<string, ProfileState> =>
    new Map(
      Object.entries(entries).map(([name, state]) => [
        name,
        { state, ...(state === 'missing' ? { hint: `port42 auth login ${name}` } : {}) },
      ]),
    );
  const cases: { name: string; model: string; preferred: (string | undefined)[]; states: Record<string, CredentialState>; want: string }[] =
    [
      {
        name: 'the default profile when it serves the model and is usable',
        model: 'claude-sonnet-4-5',
        preferred: ['home', undefined],
        states: { home: 'ok', team: 'ok' },
        want: 'selected home',
      },
      {
        name: 'the default profile before the directory one (issue 5 order)',
        model: 'claude-sonnet-4-5',
        preferred: ['home', 'team'],
        states: { team: 'ok', home: 'ok' },
        want: 'selected home',
      },
      {
        name: 'the directory profile when the default does not serve the model',
        model: 'claude-sonnet-4-5',
        preferred: ['work', 'team'],
        states: { team: 'ok', home: 'ok' },
        want: 'selected team',
      },
      {
        name: 'the next serving profile when the default needs a login',
        model: 'claude-sonnet-4-5',
        preferred: ['home', undefined],
        states: { home: 'missing', team: 'ok' },
        want: 'selected team',
      },
      {
        name: 'by name when neither default nor directory serves it',
        model: 'gpt-5',
        preferred: ['home', undefined],
        states: { proj: 'ok', work: 'ok' },
        want: 'selected proj',
      },
      {
        name: 'skips a profile whose login expired',
        model: 'gpt-5',
        preferred: [],
        states: { proj: 'expired', work: 'ok' },
        want: 'selected work',
      },
      { name: 'an expiring credential is usable', model: 'gpt-5', preferred: [], states: { proj: 'expiring' }, want: 'selected proj' },
      { name: 'an unknown (unchecked) state is usable', model: 'gpt-5', preferred: [], states: { proj: 'unknown' }, want: 'selected proj' },
      { name: 'an alias finds the model', model: 'gpt-5-2025-08-07', preferred: ['work'], states: { work: 'ok' }, want: 'selected work' },
      {
        name: "a profile's own model on a provider without a list",
        model: 'llama3.2',
        preferred: [],
        states: { local: 'ok' },
        want: 'selected local',
      },
      { name: "a custom provider's listed model", model: 'mgw-large', preferred: [], states: { gw: 'ok' }, want: 'selected gw' },
      {
        name: 'the first serving profile that needs a login',
        model: 'claude-sonnet-4-5',
        preferred: ['home', undefined],
        states: { home: 'missing', team: 'expired' },
        want: 'login-needed home',
      },
      {
        name: 'unavailable when only store errors remain',
        model: 'gpt-5',
        preferred: [],
        states: { proj: 'error', work: 'error' },
        want: 'unavailable proj',
      },
      {
        name: 'login first when errors and logins mix',
        model: 'gpt-5',
        preferred: [],
        states: { proj: 'error', work: 'missing' },
        want: 'login-needed work',
      },
      { name: 'unserved when no profile uses the provider', model: 'grok-4', preferred: [], states: {}, want: 'unserved xai' },
      { name: 'unknown when nobody lists it', model: 'gtp-5', preferred: [], states: {}, want: 'unknown' },
    ];
  for (const c of cases) {
    it(c.name, async () => {
      const cfg = await config();
      const result = selectProfileForModel({
        model: c.model,
        profiles: cfg.profiles.values(),
        providers: cfg.providers.values(),
        preferred: c.preferred,
        states: states(c.states),
      });
      const summary =
        result.kind === 'unserved'
          ? `unserved ${result.providers.join(',')}`
          : result.kind === 'unknown'
            ? 'unknown'
            : `${result.kind} ${result.profile.name}`;
      expect(summary).toBe(c.want);
    });
  }

  it('turns each outcome into the error and exit code the contract names', async () => {
    const cfg = await config();
    const select = (model: string, s: Record<string, CredentialState>) =>
      selectProfileForModel({
        model,
        profiles: cfg.profiles.values(),
        providers: cfg.providers.values(),
        preferred: ['home', undefined],
        states: states(s),
      });
    const errorOf = (model: string, s: Record<string, CredentialState>) => {
      const selection = select(model, s);
      if (selection.kind === 'selected') throw new Error('expected no selection');
      return modelSelectionError(selection, model);
    };
    const login = errorOf('claude-sonnet-4-5', { home: 'missing', team: 'missing' });
    expect([login.code, login.message, login.hint]).toEqual([
      'login-needed',
      'profile "home" serves claude-sonnet-4-5 but is not logged in',
      'port42 auth login home',
    ]);
    const unknown = errorOf('gtp-5', {});
    expect(unknown.code).toBe('usage');
    expect(unknown.message).toMatch(/^unknown model "gtp-5"; did you mean "gpt-5"/);
    const unserved = errorOf('grok-4', {});
    expect([unserved.code, unserved.message, unserved.hint]).toEqual([
      'config',
      'no profile serves model "grok-4" (xai serves it)',
      'port42 profile add xai --provider xai',
    ]);
  });
});

describe('checkModelForProfile', () => {
  it("accepts listed models, aliases, the profile's own model, and anything on a provider without a list", async () => {
    const cfg = await config(
      MODEL_CONFIG.replace('provider = "openai"   # the company key', 'provider = "openai"\nmodel = "gpt-9-preview"'),
    );
    const p = (name: string) => cfg.profiles.get(name)!;
    for (const [profile, model] of [
      ['work', 'gpt-5'],
      ['work', 'gpt-4.1-2025-04-14'],
      ['work', 'gpt-9-preview'],
      ['local', 'qwen3:8b'],
      ['anything', 'x-1'],
      ['gw', 'mgw-small'],
    ] as const) {
      expect(() => checkModelForProfile(p(profile), model, cfg.providers.values()), `${profile} ${model}`).not.toThrow();
    }
  });

  it('refuses with the closest names, or names the provider that serves it', async () => {
    const cfg = await config();
    const errorOf = (profile: string, model: string): Port42Error => {
      try {
        checkModelForProfile(cfg.profiles.get(profile)!, model, cfg.providers.values());
      } catch (error) {
        return error as Port42Error;
      }
      throw new Error('expected a refusal');
    };
    const typo = errorOf('work', 'gpt-5-nan');
    expect([typo.code, typo.message, typo.hint]).toEqual([
      'usage',
      'unknown model "gpt-5-nan" for profile "work" (openai); did you mean "gpt-5-nano"?',
      'port42 model list --provider openai',
    ]);
    const other = errorOf('work', 'claude-haiku-4-5');
    expect([other.code, other.message]).toEqual([
      'usage',
      'model "claude-haiku-4-5" is served by "anthropic", not by profile "work" (openai)',
    ]);
    expect(errorOf('gw', 'mgw-larg').message).toBe('unknown model "mgw-larg" for profile "gw" (mygw); did you mean "mgw-large"?');
  });
});
