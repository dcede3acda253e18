/** `model list|info|set` and `--model` on env, exec and auth token, run in-process against memfs and a memory store. */
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { TEST_CONFIG, createTestContext, type TestContext } from '../support/test-context.ts';
import { KEYS, MODEL_CONFIG, modelContext, REPO } from './fixtures.ts';

async function run(tc: TestContext, ...argv: string[]): Promise<number> {
  return main(tc.ctx, argv);
}

function rowOf(table: string, model: string): string[] {
  const line = table.split('\n').find((l) => l.split(/\s+/)[0] === model);
  if (!line) throw new Error(`no row for ${model} in\n${table}`);
  return line.trim().split(/\s{2,}/);
}

/** Everything on the fake disk except the config cache, which any command may refresh. */
function snapshot(tc: TestContext): Record<string, string | null> {
  return Object.fromEntries(Object.entries(tc.vol.toJSON()).filter(([path]) => !path.includes('/.local/state/port42/cache/')));
}

describe('port42 model list', () => {
  it('marks ✓ when a usable profile serves a model, ⚠ with a login hint when only logged-out ones do, - when none', async () => {
    const tc = modelContext({ tty: true, keys: { team: KEYS.anthropic } });
    expect(await run(tc, 'model', 'list')).toBe(0);
    const out = tc.stdout.text;
    expect(out.split('\n')[0]).toMatch(/^MODEL\s+PROVIDER\s+PROFILE\s+STATUS\s+PRICE$/);
    expect(rowOf(out, 'claude-sonnet-4-5')).toEqual(['claude-sonnet-4-5', 'anthropic', 'team', '✓', '$3.00/$15.00']);
    expect(rowOf(out, 'gpt-5')).toEqual(['gpt-5', 'openai', 'work,proj', '⚠', '$1.25/$10.00']);
    expect(rowOf(out, 'gemini-2.5-pro')).toEqual(['gemini-2.5-pro', 'gemini', '-', '-', '$1.25/$10.00']);
    expect(rowOf(out, 'llama3.2')).toEqual(['llama3.2', 'ollama', 'local', '✓', '-']);
    expect(rowOf(out, 'mgw-large')).toEqual(['mgw-large', 'mygw', 'gw', '⚠', '-']);
    const hints = out.split('\n').filter((l) => l.startsWith('  run: '));
    expect(hints).toEqual(['  run: port42 auth login work', '  run: port42 auth login proj', '  run: port42 auth login gw']);
    expect(tc.stderr.text).toContain('PRICE is USD per million input/output tokens');
  });

  it("marks the active profile's model, and the provider's model variable over it", async () => {
    const config = MODEL_CONFIG.replace(
      '[profiles.home]\nprovider = "anthropic"\n',
      '[profiles.home]\nprovider = "anthropic"\nmodel = "claude-haiku-4-5"\n',
    );
    const tc = modelContext({ tty: true, config });
    await run(tc, 'model', 'list', '--provider', 'anthropic');
    expect(rowOf(tc.stdout.text, 'claude-haiku-4-5*')[0]).toBe('claude-haiku-4-5*');
    expect(tc.stdout.text.match(/\*/g)).toHaveLength(1);
    expect(tc.stderr.text).toContain('port42: * active model "claude-haiku-4-5" (from profile "home")\n');

    const env = modelContext({ tty: true, config, env: { ANTHROPIC_MODEL: 'claude-opus-4-1-20250805' } });
    await run(env, 'model', 'list', '--provider', 'anthropic');
    expect(rowOf(env.stdout.text, 'claude-opus-4-1*')[0]).toBe('claude-opus-4-1*');
    expect(env.stderr.text).toContain('(from $ANTHROPIC_MODEL)');
  });

  it('prints tab-separated rows when piped', async () => {
    const tc = modelContext({ keys: { team: KEYS.anthropic }, env: { ANTHROPIC_MODEL: 'claude-opus-4-5' } });
    expect(await run(tc, 'model', 'list', '--provider', 'anthropic')).toBe(0);
    const lines = tc.stdout.text.trimEnd().split('\n');
    expect(lines[0]).toBe('claude-opus-4-5\tanthropic\tteam\tok\t5\t25\t*');
    expect(lines[1]).toBe('claude-sonnet-4-5\tanthropic\tteam\tok\t3\t15\t-');
    expect(lines).toHaveLength(7);
    expect(tc.stderr.text).toBe('');
  });

  it('prints versioned JSON with every serving profile and its state', async () => {
    const tc = modelContext({ keys: { work: KEYS.openai } });
    expect(await run(tc, 'model', 'list', '--json', '--provider', 'openai')).toBe(0);
    const rows = JSON.parse(tc.stdout.text) as Record<string, unknown>[];
    expect(rows.find((r) => r.model === 'gpt-4.1')).toEqual({
      version: 1,
      model: 'gpt-4.1',
      provider: 'openai',
      aliases: ['gpt-4.1-2025-04-14'],
      context_window: 1047576,
      input_usd_per_mtok: 2,
      output_usd_per_mtok: 8,
      as_of: '2026-11-25',
      pricing_url: 'https://openai.com/api/pricing/',
      origin: 'registry',
      status: 'ok',
      active: false,
      profiles: [
        { name: 'work', state: 'ok', usable: true },
        { name: 'proj', state: 'missing', usable: false },
      ],
    });
  });

  it('refuses an unknown --provider with the closest id (exit 2)', async () => {
    const tc = modelContext();
    expect(await run(tc, 'model', 'list', '--provider', 'anthropc')).toBe(2);
    expect(tc.stdout.text).toBe('');
    expect(tc.stderr.text).toMatch(/^port42: unknown provider "anthropc"; did you mean "anthropic"\?/);
  });

  it("lists the built-in providers' models as implicit profiles when there is no config", async () => {
    const tc = createTestContext({ env: { GROQ_API_KEY: 'gsk_0123456789abcdef' } });
    expect(await run(tc, 'model', 'list', '--provider', 'groq')).toBe(0);
    expect(tc.stdout.text.split('\n')[0]).toBe('openai/gpt-oss-120b\tgroq\tgroq\tok\t0.15\t0.75\t-');
  });
});

describe('port42 model info', () => {
  it('shows provider, aliases, context, prices, date and the serving profiles', async () => {
    const tc = modelContext({ keys: { team: KEYS.anthropic } });
    expect(await run(tc, 'model', 'info', 'claude-sonnet-4-5-20250929')).toBe(0);
    expect(tc.stdout.text).toBe(
      [
        'model: claude-sonnet-4-5',
        'provider: anthropic',
        'aliases: claude-sonnet-4-5-20250929',
        'context: 200000 tokens',
        'price: $3.00 input, $15.00 output per million tokens',
        'as of: 2026-11-25 (prices change: https://www.anthropic.com/pricing#api)',
        'variable: ANTHROPIC_MODEL',
        'profiles:',
        '  home: missing (run: port42 auth login home)',
        '  team: ok',
        '',
      ].join('\n'),
    );
  });

  it('shows one block per provider serving the same id, or one with --provider, and JSON', async () => {
    const tc = modelContext();
    await run(tc, 'model', 'info', 'openai/gpt-oss-120b');
    expect(tc.stdout.text.match(/^provider: .*$/gm)).toEqual(['provider: groq', 'provider: together']);
    const json = modelContext();
    await run(json, 'model', 'info', 'openai/gpt-oss-120b', '--provider', 'together', '--json');
    expect(JSON.parse(json.stdout.text)).toMatchObject([
      { version: 1, model: 'openai/gpt-oss-120b', provider: 'together', input_usd_per_mtok: 0.15, output_usd_per_mtok: 0.6 },
    ]);
  });

  it('exits 2 for an unknown model with the closest names and prints nothing on stdout', async () => {
    const tc = modelContext();
    expect(await run(tc, 'model', 'info', 'claude-sonet-4-5')).toBe(2);
    expect(tc.stdout.text).toBe('');
    expect(tc.stderr.text).toBe(
      'port42: unknown model "claude-sonet-4-5"; did you mean "claude-sonnet-4-5" or "claude-sonnet-4-0"?\n  run: port42 model list\n',
    );
  });
});

describe('port42 model set', () => {
  it("stores the profile's model in the TOML, keeping comments, and env exports it", async () => {
    const tc = modelContext({ keys: { work: KEYS.openai } });
    expect(await run(tc, 'model', 'set', 'gpt-5', '--profile', 'work')).toBe(0);
    const text = tc.vol.readFileSync(TEST_CONFIG, 'utf8') as string;
    expect(text).toContain('[profiles.work]\nmodel = "gpt-5"\nprovider = "openai"   # the company key\n');
    expect(text).toContain('# my accounts');
    expect(tc.stderr.text).toBe('port42: profile "work" now uses model "gpt-5" (env and exec export it as OPENAI_MODEL)\n');
    expect(await run(tc, 'model', 'set', 'gpt-4.1-mini', '--profile', 'work')).toBe(0);
    const again = tc.vol.readFileSync(TEST_CONFIG, 'utf8') as string;
    expect(again.match(/model = /g)).toHaveLength(2); // work's, replaced in place, and local's
    expect(again).toContain('[profiles.work]\nmodel = "gpt-4.1-mini"\n');
    tc.stdout.text = '';
    expect(await run(tc, 'env', 'work', '--shell', 'bash')).toBe(0);
    expect(tc.stdout.text).toContain("export OPENAI_MODEL='gpt-4.1-mini'\n");
  });

  it("sets the active profile's model when no --profile is given", async () => {
    const tc = modelContext({ cwd: REPO });
    expect(await run(tc, 'model', 'set', 'o3')).toBe(0);
    expect(tc.vol.readFileSync(TEST_CONFIG, 'utf8')).toContain('[profiles.proj]\nmodel = "o3"\n');
  });

  it('refuses a model the provider does not serve (exit 2) and leaves the file alone', async () => {
    const tc = modelContext();
    expect(await run(tc, 'model', 'set', 'claude-haiku-4-5', '--profile', 'work')).toBe(2);
    expect(tc.stderr.text).toBe(
      'port42: model "claude-haiku-4-5" is served by "anthropic", not by profile "work" (openai)\n  run: port42 model info claude-haiku-4-5\n',
    );
    expect(await run(tc, 'model', 'set', 'gpt-5.9', '--profile', 'work')).toBe(2);
    expect(tc.stderr.text).toContain('unknown model "gpt-5.9" for profile "work" (openai); did you mean "gpt-5.1"');
    expect(tc.vol.readFileSync(TEST_CONFIG, 'utf8')).toBe(MODEL_CONFIG);
  });

  it('stores an unlisted model with --force; a named profile may then use it', async () => {
    const tc = modelContext({ keys: { work: KEYS.openai } });
    expect(await run(tc, 'model', 'set', 'gpt-5.9', '--profile', 'work', '--force')).toBe(0);
    expect(await run(tc, 'auth', 'token', 'work', '--model', 'gpt-5.9')).toBe(0);
    expect(tc.stdout.text).toBe(`${KEYS.openai}\n`);
  });

  it('turns a built-in provider into a profile when there is no config yet', async () => {
    const tc = createTestContext();
    expect(await run(tc, 'model', 'set', 'gemini-2.5-flash', '--profile', 'gemini')).toBe(0);
    expect(tc.vol.readFileSync(TEST_CONFIG, 'utf8')).toBe(
      '[profiles.gemini]\nprovider = "gemini"\nauth = "env"\nmodel = "gemini-2.5-flash"\n',
    );
  });

  it('says when the provider has no model variable to export', async () => {
    const tc = modelContext({ config: '[profiles.fast]\nprovider = "groq"\n' });
    expect(await run(tc, 'model', 'set', 'llama-3.1-8b-instant', '--profile', 'fast')).toBe(0);
    expect(tc.stderr.text).toContain('groq has no standard model variable, so env and exec do not export it');
  });
});

describe('--model on env, exec and auth token', () => {
  it('with no profile named, picks a usable profile that serves the model (default not logged in)', async () => {
    const tc = modelContext({ keys: { team: KEYS.anthropic } });
    expect(await run(tc, 'env', '--model', 'claude-sonnet-4-5', '--shell', 'bash')).toBe(0);
    expect(tc.stdout.text).toBe(
      `export ANTHROPIC_API_KEY='${KEYS.anthropic}'\nexport ANTHROPIC_MODEL='claude-sonnet-4-5'\nexport PORT42_PROFILE='team'\n`,
    );
    const token = modelContext({ keys: { team: KEYS.anthropic } });
    expect(await run(token, 'auth', 'token', '--model', 'claude-haiku-4-5')).toBe(0);
    expect(token.stdout.text).toBe(`${KEYS.anthropic}\n`);
  });

  it("prefers the directory's profile, then the default, then by name", async () => {
    const keys = {
      work: 'sk-work-0123456789abcdef',
      proj: 'sk-proj-0123456789abcdef',
      home: KEYS.anthropic,
      team: 'sk-ant-team-0123456789abcdef',
    };
    const inRepo = modelContext({ keys, cwd: REPO });
    await run(inRepo, 'auth', 'token', '--model', 'gpt-5');
    expect(inRepo.stdout.text).toBe(`${keys.proj}\n`);
    const home = modelContext({ keys });
    await run(home, 'auth', 'token', '--model', 'claude-opus-4-5');
    expect(home.stdout.text).toBe(`${keys.home}\n`);
    const byName = modelContext({ keys });
    await run(byName, 'auth', 'token', '--model', 'gpt-5');
    expect(byName.stdout.text).toBe(`${keys.proj}\n`);
  });

  it('exec exports the model and runs the command with the chosen profile', async () => {
    let seen: Record<string, string> = {};
    const tc = modelContext({ keys: { team: KEYS.anthropic }, runInteractive: async (_argv, env) => ((seen = { ...env }), 0) });
    expect(await run(tc, 'exec', '--model', 'claude-sonnet-4-5', '--', 'claude', '-p', 'hi')).toBe(0);
    expect([seen.ANTHROPIC_API_KEY, seen.ANTHROPIC_MODEL, seen.PORT42_PROFILE]).toEqual([KEYS.anthropic, 'claude-sonnet-4-5', 'team']);
  });

  it('exits 4 naming the profile that serves the model but is not logged in, and changes nothing', async () => {
    for (const argv of [
      ['auth', 'token', '--model', 'claude-sonnet-4-5'],
      ['env', '--model', 'claude-sonnet-4-5', '--shell', 'bash'],
      ['exec', '--model', 'claude-sonnet-4-5', '--', 'true'],
    ]) {
      let ran = false;
      const tc = modelContext({ runInteractive: async () => ((ran = true), 0) });
      await run(tc, 'profile', 'list'); // warm the config cache so that only a real change would show
      tc.stderr.text = '';
      tc.stdout.text = '';
      const before = snapshot(tc);
      expect(await run(tc, ...argv), argv.join(' ')).toBe(4);
      expect(tc.stdout.text).toBe('');
      expect(tc.stderr.text).toBe('port42: profile "home" serves claude-sonnet-4-5 but is not logged in\n  run: port42 auth login home\n');
      expect(snapshot(tc)).toEqual(before);
      expect(tc.keychain.items.size).toBe(0);
      expect(ran).toBe(false);
    }
  });

  it('with a named profile, exports the model after checking the provider serves it', async () => {
    const tc = modelContext({ keys: { work: KEYS.openai } });
    expect(await run(tc, 'env', 'work', '--model', 'gpt-5-mini', '--shell', 'bash')).toBe(0);
    expect(tc.stdout.text).toContain("export OPENAI_MODEL='gpt-5-mini'\n");
    const typo = modelContext({ keys: { work: KEYS.openai } });
    expect(await run(typo, 'env', 'work', '--model', 'gtp-5', '--shell', 'bash')).toBe(2);
    expect(typo.stdout.text).toBe('');
    expect(typo.stderr.text).toBe(
      'port42: unknown model "gtp-5" for profile "work" (openai); did you mean "gpt-5"?\n  run: port42 model list --provider openai\n',
    );
  });

  it('treats PORT42_PROFILE as naming the profile: the model does not choose another one', async () => {
    const tc = modelContext({ keys: { team: KEYS.anthropic, work: KEYS.openai }, env: { PORT42_PROFILE: 'work' } });
    expect(await run(tc, 'auth', 'token', '--model', 'claude-sonnet-4-5')).toBe(2);
    expect(tc.stdout.text).toBe('');
    expect(tc.stderr.text).toContain('model "claude-sonnet-4-5" is served by "anthropic", not by profile "work" (openai)');
  });

  it('accepts any model for a provider without a list when the profile is named', async () => {
    const tc = modelContext({ keys: { anything: 'key-0123456789abcdef' } });
    expect(await run(tc, 'auth', 'token', 'anything', '--model', 'whatever-7b')).toBe(0);
    expect(tc.stdout.text).toBe('key-0123456789abcdef\n');
  });

  it('exits 2 with suggestions for a model nobody serves, and 3 when no profile uses its provider', async () => {
    const typo = modelContext({ keys: { work: KEYS.openai } });
    expect(await run(typo, 'auth', 'token', '--model', 'gpt-5-mnii')).toBe(2);
    expect(typo.stdout.text).toBe('');
    expect(typo.stderr.text).toBe('port42: unknown model "gpt-5-mnii"; did you mean "gpt-5-mini"?\n  run: port42 model list\n');
    const unserved = modelContext();
    expect(await run(unserved, 'env', '--model', 'grok-4', '--shell', 'bash')).toBe(3);
    expect(unserved.stderr.text).toBe(
      'port42: no profile serves model "grok-4" (xai serves it)\n  run: port42 profile add xai --provider xai\n',
    );
  });
});
