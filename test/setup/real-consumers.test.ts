import { execa } from 'execa';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANTHROPIC_REPLY, startFakeAnthropic } from '../support/fake-llm/anthropic.ts';
import { GEMINI_REPLY, startFakeGemini } from '../support/fake-llm/gemini.ts';
import { OPENAI_REPLY, startFakeOpenAi } from '../support/fake-llm/openai.ts';
import { credentialOf, type FakeLlm } from '../support/fake-llm/server.ts';
import { runCli, type Sandbox } from '../support/cli.ts';
import { realComponentAvailable } from '../support/real-component.ts';
import { consumerPath, consumersAvailable, QUIET_CONSUMER_ENV } from '../support/real-consumers.ts';
import { consumerSandbox } from '../consumers/support.ts';

/**
 * `port42 setup <consumer>` followed by the real consumer against a loopback fake API: the key
 * the consumer sends is the one stored in the (real, private) Secret Service. Each setup runs
 * twice: the second changes nothing, byte for byte, and the consumer still works.
 */
const keyring = realComponentAvailable(
  'port42 setup with real consumers',
  process.env.DBUS_SESSION_BUS_ADDRESS ? undefined : 'no D-Bus session (run through scripts/with-keyring.sh, as npm test does)',
);
const CONSUMER_TIMEOUT_MS = 120_000;
const suffix = `${process.pid}${Date.now().toString(36)}`;

const QUIET_ENV = QUIET_CONSUMER_ENV;

/** Unrelated user settings that must survive setup byte for byte. */
const CLAUDE_SETTINGS =
  '{\n    "includeCoAuthoredBy": false,\n    "permissions": {"deny": ["Read(./.env)"]},\n    "cleanupPeriodDays": 30\n}\n';
const CODEX_CONFIG = '# my Codex settings\n[history]\npersistence = "none" # nothing on disk\n';

interface World {
  sandbox: Sandbox;
  fake: FakeLlm;
  profile: string;
  key: string;
}

async function prepare(provider: string, fake: FakeLlm, baseUrl: string, key: string, profile: string): Promise<World> {
  const sandbox = consumerSandbox(
    `store = "keychain"\n\n[profiles.${profile}]\nprovider = "${provider}"\nbase_url = "${baseUrl}"\n`,
    QUIET_ENV,
  );
  const login = await runCli(sandbox, ['auth', 'login', profile], { input: key });
  expect(login.stderr).toContain('stored');
  expect(login.code).toBe(0);
  return { sandbox, fake, profile, key };
}

/** Runs setup twice (the second must change nothing); `original`, the user's own settings, is written first. */
async function setupTwice(world: World, consumer: string, file: string, original?: string): Promise<string> {
  if (original !== undefined) {
    mkdirSync(dirname(join(world.sandbox.home, file)), { recursive: true });
    writeFileSync(join(world.sandbox.home, file), original);
  }
  const first = await runCli(world.sandbox, ['setup', consumer, world.profile]);
  expect(first.stderr).toMatch(/port42: (created|updated) ~\//);
  expect(first.code).toBe(0);
  const written = readFileSync(join(world.sandbox.home, file), 'utf8');
  const second = await runCli(world.sandbox, ['setup', consumer, world.profile]);
  expect(second.stderr).toContain('nothing changed');
  expect(second.code).toBe(0);
  expect(readFileSync(join(world.sandbox.home, file), 'utf8')).toBe(written);
  return written;
}

async function run(world: World, argv: string[], cwd = world.sandbox.home) {
  const result = await execa(argv[0]!, argv.slice(1), {
    cwd,
    env: world.sandbox.env,
    extendEnv: false,
    stdin: 'ignore',
    reject: false,
    timeout: CONSUMER_TIMEOUT_MS,
  });
  return { code: result.exitCode, stdout: String(result.stdout), stderr: String(result.stderr) };
}

async function cleanup(world: World | undefined): Promise<void> {
  if (!world) return;
  await runCli(world.sandbox, ['auth', 'logout', world.profile]);
  await world.fake.close();
  world.sandbox.cleanup();
}

describe.runIf(keyring && consumersAvailable('port42 setup claude-code + real Claude Code', 'claude'))(
  'setup claude-code, then claude -p',
  () => {
    let world: World;
    beforeAll(async () => {
      const key = `sk-ant-api03-setup-${suffix}`;
      const fake = await startFakeAnthropic({ authorize: (r) => credentialOf(r) === key });
      world = await prepare('anthropic', fake, fake.origin, key, `cc${suffix}`);
    });
    afterAll(() => cleanup(world));

    it('Claude Code asks port42 and sends the key from the keychain', async () => {
      const settings = await setupTwice(world, 'claude-code', '.claude/settings.json', CLAUDE_SETTINGS);
      expect(settings).toBe(
        CLAUDE_SETTINGS.replace(
          '"cleanupPeriodDays": 30\n',
          `"cleanupPeriodDays": 30,\n    "apiKeyHelper": "port42 auth token ${world.profile}",\n` +
            `    "env": {\n        "ANTHROPIC_BASE_URL": "${world.fake.origin}"\n    }\n`,
        ),
      );
      const result = await run(world, [consumerPath('claude')!, '-p', 'hi']);
      expect(result.stdout).toContain(ANTHROPIC_REPLY);
      expect(result.code).toBe(0);
      const messages = world.fake.requests.filter((r) => r.pathname === '/v1/messages');
      expect(messages.length).toBeGreaterThan(0);
      expect(messages.every((r) => credentialOf(r) === world.key)).toBe(true);
    });

    it("after --undo, --project wires the repository's .claude/settings.json alone", async () => {
      const undo = await runCli(world.sandbox, ['setup', 'claude-code', '--undo']);
      expect(undo.code).toBe(0);
      expect(readFileSync(join(world.sandbox.home, '.claude/settings.json'), 'utf8')).toBe(CLAUDE_SETTINGS);
      const repo = join(world.sandbox.home, 'repo');
      mkdirSync(repo);
      const project = await runCli(world.sandbox, ['setup', 'claude-code', world.profile, '--project'], { cwd: repo });
      expect(project.stderr).toContain('port42: created ~/repo/.claude/settings.json');
      const before = world.fake.requests.length;
      const result = await run(world, [consumerPath('claude')!, '-p', 'hi'], repo);
      expect(result.stdout).toContain(ANTHROPIC_REPLY);
      expect(result.code).toBe(0);
      const messages = world.fake.requests.slice(before).filter((r) => r.pathname === '/v1/messages');
      expect(messages.length).toBeGreaterThan(0);
      expect(messages.every((r) => credentialOf(r) === world.key)).toBe(true);
    });
  },
);

describe.runIf(keyring && consumersAvailable('port42 setup codex + real Codex', 'codex'))('setup codex, then codex exec', () => {
  let world: World;
  beforeAll(async () => {
    const key = `sk-proj-setup-${suffix}`;
    const fake = await startFakeOpenAi({ authorize: (r) => credentialOf(r) === key });
    world = await prepare('openai', fake, `${fake.origin}/v1`, key, `cx${suffix}`);
  });
  afterAll(() => cleanup(world));

  it('Codex runs port42 auth token and sends the key from the keychain', async () => {
    const config = await setupTwice(world, 'codex', '.codex/config.toml', CODEX_CONFIG);
    expect(config.startsWith(`model_provider = "${world.profile}"\n\n${CODEX_CONFIG}`)).toBe(true);
    expect(config).toContain(`[model_providers.${world.profile}.auth]\ncommand = "port42"\n`);
    const result = await run(world, [consumerPath('codex')!, 'exec', '--skip-git-repo-check', 'hi']);
    expect(result.stdout).toContain(OPENAI_REPLY);
    expect(result.code).toBe(0);
    const responses = world.fake.requests.filter((r) => r.pathname === '/v1/responses');
    expect(responses.length).toBeGreaterThan(0);
    expect(responses.every((r) => credentialOf(r) === world.key)).toBe(true);
  });
});

describe.runIf(keyring && consumersAvailable('port42 setup gemini + real gemini-cli', 'gemini'))(
  'setup gemini, then port42 exec -- gemini -p',
  () => {
    let world: World;
    beforeAll(async () => {
      const key = `AIzaSetup${suffix}`;
      const fake = await startFakeGemini({ authorize: (r) => credentialOf(r) === key });
      world = await prepare('gemini', fake, fake.origin, key, `gm${suffix}`);
    });
    afterAll(() => cleanup(world));

    it('gemini-cli gets the key from the keychain through exec', async () => {
      const gemini = ['port42', 'exec', world.profile, '--', consumerPath('gemini')!, '-p', 'hi', '-m', 'gemini-2.5-flash', '--skip-trust'];
      // Without setup, gemini-cli refuses the base URL in headless mode (FACTS.md: exit 41).
      expect((await run(world, gemini)).code).toBe(41);
      const settings = await setupTwice(world, 'gemini', '.gemini/settings.json');
      expect(JSON.parse(settings)).toEqual({ security: { auth: { selectedType: 'gemini-api-key' } } });
      const result = await run(world, gemini);
      expect(result.stdout).toContain(GEMINI_REPLY);
      expect(result.code).toBe(0);
      const calls = world.fake.requests.filter((r) => r.pathname.includes(':'));
      expect(calls.length).toBeGreaterThan(0);
      expect(calls.every((r) => credentialOf(r) === world.key)).toBe(true);
    });
  },
);
