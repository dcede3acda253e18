// Real consumers through `port42 exec --proxy` against the loopback fakes: Claude Code, gemini-cli
// (`claude -p`), Codex (`codex exec`, WebSocket first) and the openai npm SDK. The fake receives
// the real key; no process under port42 (read from /proc/<pid>/environ while the request is in
// flight) holds it.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PORT42_BIN, runCli, type Sandbox } from '../support/cli.ts';
import { ANTHROPIC_REPLY, startFakeAnthropic } from '../support/fake-llm/anthropic.ts';
import { OPENAI_REPLY, startFakeOpenAi } from '../support/fake-llm/openai.ts';
import { GEMINI_REPLY, startFakeGemini } from '../support/fake-llm/gemini.ts';
import { credentialOf, type FakeLlm, type FakeOptions } from '../support/fake-llm/server.ts';
import { consumerPath, consumersAvailable, QUIET_CONSUMER_ENV } from '../support/real-consumers.ts';
import { consumerSandbox } from '../consumers/support.ts';

const RUN_TIMEOUT_MS = 90_000;
const PASSPHRASE = 'real-consumers-passphrase';
const QUIET_ENV = { ...QUIET_CONSUMER_ENV, PORT42_PASSPHRASE: PASSPHRASE };

/** Every live process below pid (children of all its threads), bounded. */
function descendants(pid: number, out: number[] = []): number[] {
  if (out.length > 200) return out;
  let tasks: string[] = [];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return out;
  }
  for (const tid of tasks) {
    let children: string[] = [];
    try {
      children = readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
    } catch {
      continue;
    }
    for (const child of children.map(Number)) if (!out.includes(child)) (out.push(child), descendants(child, out));
  }
  return out;
}

/** What port42's descendants hold in their environment right now. */
class EnvironWatch {
  port42Pid = 0;
  readonly environs: Array<{ pid: number; comm: string; environ: string }> = [];
  /** Snapshots the consumers' environments as each request arrives (the fake's `observe`). */
  observe: NonNullable<FakeOptions['observe']> = () => {
    for (const pid of descendants(this.port42Pid)) {
      try {
        const environ = readFileSync(`/proc/${pid}/environ`, 'latin1');
        const comm = readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
        this.environs.push({ pid, comm, environ });
      } catch {
        // exited meanwhile
      }
    }
  };
}

let sandbox: Sandbox;
const keys = {
  anthropic: 'sk-ant-api03-REAL-consumer-test-0123',
  openai: 'sk-proj-REAL-consumer-test-abcdef',
  gemini: 'AIzaREALconsumerTest0123',
};
const watch = new EnvironWatch();
let anthropic: FakeLlm;
let openai: FakeLlm;
let gemini: FakeLlm;

const anyConsumer = consumersAvailable('secretless mode with real consumers', 'claude', 'codex', 'gemini', 'openai-sdk');

beforeAll(async () => {
  if (!anyConsumer) return;
  anthropic = await startFakeAnthropic({ authorize: (r) => credentialOf(r) === keys.anthropic, observe: watch.observe });
  openai = await startFakeOpenAi({ authorize: (r) => credentialOf(r) === keys.openai, observe: watch.observe });
  gemini = await startFakeGemini({ authorize: (r) => credentialOf(r) === keys.gemini, observe: watch.observe });
  sandbox = consumerSandbox(
    `store = "file"\n\n[profiles.personal]\nprovider = "anthropic"\nbase_url = "${anthropic.origin}"\n\n` +
      `[profiles.work]\nprovider = "openai"\nbase_url = "${openai.origin}/v1"\n\n` +
      `[profiles.gem]\nprovider = "gemini"\nbase_url = "${gemini.origin}"\n`,
    QUIET_ENV,
  );
  for (const [profile, key] of [
    ['personal', keys.anthropic],
    ['work', keys.openai],
    ['gem', keys.gemini],
  ] as const) {
    const login = await runCli(sandbox, ['auth', 'login', profile], { input: key });
    expect(login.code, login.stderr).toBe(0);
  }
});
afterAll(async () => {
  await anthropic?.close();
  await openai?.close();
  await gemini?.close();
  sandbox?.cleanup();
});

/** Runs port42 with argv, bounded; records its pid for the environ snapshots. */
function runPort42(argv: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(PORT42_BIN, argv, { env: sandbox.env, cwd: sandbox.home, stdio: ['ignore', 'pipe', 'pipe'] });
    watch.port42Pid = child.pid ?? 0;
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), RUN_TIMEOUT_MS);
    child.on('close', (code) => (clearTimeout(timer), resolve({ code, stdout, stderr })));
  });
}

function expectNoSecretIn(environs: EnvironWatch['environs'], consumer: RegExp): void {
  const seen = environs.filter((e) => consumer.test(e.comm));
  expect(seen.length, `no ${consumer} process seen during the requests`).toBeGreaterThan(0);
  for (const { comm, environ } of environs) {
    for (const secret of [keys.anthropic, keys.openai, keys.gemini, PASSPHRASE])
      expect(environ.includes(secret), `${comm} holds a secret`).toBe(false);
  }
}

describe.runIf(anyConsumer)('secretless mode with real consumers', () => {
  it(
    'Claude Code (claude -p) completes; the fake gets the real key, claude holds only the placeholder',
    async () => {
      watch.environs.length = 0;
      const result = await runPort42(['exec', '--proxy', 'personal', '--', consumerPath('claude')!, '-p', 'hi']);
      expect(result.stdout, result.stderr).toContain(ANTHROPIC_REPLY);
      expect(result.code).toBe(0);
      const messages = anthropic.requests.filter((r) => r.pathname === '/v1/messages');
      expect(messages.length).toBeGreaterThan(0);
      expect(messages.every((r) => r.headers['x-api-key'] === keys.anthropic)).toBe(true);
      expectNoSecretIn(watch.environs, /^(claude|node)$/);
      expect(watch.environs.some((e) => /ANTHROPIC_AUTH_TOKEN=sk-ant-port42-/.test(e.environ))).toBe(true);
    },
    RUN_TIMEOUT_MS + 10_000,
  );

  it(
    'Codex (codex exec) completes over the proxied WebSocket with the real key',
    async () => {
      watch.environs.length = 0;
      const before = openai.requests.length;
      const codex = `exec "${consumerPath('codex')!}" -c openai_base_url="$OPENAI_BASE_URL" exec --skip-git-repo-check hi`;
      const result = await runPort42(['exec', '--proxy', 'work', '--', 'sh', '-c', codex]);
      expect(result.stdout, result.stderr).toContain(OPENAI_REPLY);
      expect(result.code).toBe(0);
      const calls = openai.requests.slice(before).filter((r) => r.pathname === '/v1/responses');
      expect(calls.some((r) => r.upgrade)).toBe(true);
      expect(calls.every((r) => r.headers.authorization === `Bearer ${keys.openai}`)).toBe(true);
      expectNoSecretIn(watch.environs, /codex/);
    },
    RUN_TIMEOUT_MS + 10_000,
  );

  it(
    'the openai npm SDK as a child streams a response with the real key',
    async () => {
      watch.environs.length = 0;
      const before = openai.requests.length;
      const script = join(sandbox.home, 'sdk.mjs');
      writeFileSync(
        script,
        `import OpenAI from ${JSON.stringify(join(consumerPath('openai-sdk')!, 'index.mjs'))};
const client = new OpenAI();
let text = '';
for await (const event of await client.responses.create({ model: 'gpt-4.1', input: 'hi', stream: true }))
  if (event.type === 'response.output_text.delta') text += event.delta;
const chat = await client.chat.completions.create({ model: 'gpt-4.1', messages: [{ role: 'user', content: 'hi' }] });
console.log(text + ' | ' + chat.choices[0].message.content);
`,
      );
      const result = await runPort42(['exec', '--proxy', 'work', '--', process.execPath, script]);
      expect(result.stdout, result.stderr).toBe(`${OPENAI_REPLY} | ${OPENAI_REPLY}\n`);
      expect(result.code).toBe(0);
      const calls = openai.requests.slice(before);
      expect(calls.map((r) => r.pathname)).toEqual(['/v1/responses', '/v1/chat/completions']);
      expect(calls.every((r) => r.headers.authorization === `Bearer ${keys.openai}`)).toBe(true);
      expectNoSecretIn(watch.environs, /node/);
    },
    RUN_TIMEOUT_MS + 10_000,
  );
  it(
    'gemini-cli (gemini -p) completes with the key in x-goog-api-key',
    async () => {
      watch.environs.length = 0;
      // FACTS.md: headless gemini-cli with a base URL needs the API-key auth type selected.
      mkdirSync(join(sandbox.home, '.gemini'), { recursive: true });
      writeFileSync(join(sandbox.home, '.gemini/settings.json'), '{"security":{"auth":{"selectedType":"gemini-api-key"}}}');
      const result = await runPort42([
        'exec',
        '--proxy',
        'gem',
        '--',
        consumerPath('gemini')!,
        '-p',
        'hi',
        '-m',
        'gemini-2.5-flash',
        '--skip-trust',
      ]);
      expect(result.stdout, result.stderr).toContain(GEMINI_REPLY);
      expect(result.code).toBe(0);
      const calls = gemini.requests.filter((r) => r.pathname.includes(':'));
      expect(calls.length).toBeGreaterThan(0);
      expect(calls.every((r) => r.headers['x-goog-api-key'] === keys.gemini)).toBe(true);
      expectNoSecretIn(watch.environs, /node|gemini/);
    },
    RUN_TIMEOUT_MS + 10_000,
  );
});
