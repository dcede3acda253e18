// `port42 exec --proxy` and `port42 proxy` with the real built CLI in front of the fake APIs: the
// child's environment (read from /proc/<pid>/environ) holds no secret, exec's contract holds, the
// proxy dies with the child, and `port42 proxy` serves in the foreground until a signal.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PORT42_BIN, runCli, type Sandbox } from '../support/cli.ts';
import { startFakeAnthropic } from '../support/fake-llm/anthropic.ts';
import { startFakeOpenAi } from '../support/fake-llm/openai.ts';
import { credentialOf, type FakeLlm } from '../support/fake-llm/server.ts';
import { consumerSandbox } from '../consumers/support.ts';
import { rawRequest } from './harness.ts';

const ANTHROPIC_KEY = 'sk-ant-api03-SECRET-proxytest-0123456789';
const OPENAI_KEY = 'sk-proj-SECRET-proxytest-abcdef';
const PASSPHRASE = 'proxy-test-passphrase';

let sandbox: Sandbox;
let anthropic: FakeLlm;
let openai: FakeLlm;
let childScript: string;

// Reports its pid, waits for "go" (the test reads /proc/<pid>/environ meanwhile), makes one
// request through the proxy, then exits with the code given.
const CHILD = `
import { request } from 'node:http';
const [code, stash] = process.argv.slice(2);
const base = process.env.ANTHROPIC_BASE_URL;
const token = process.env.ANTHROPIC_AUTH_TOKEN;
if (stash) (await import('node:fs')).writeFileSync(stash, JSON.stringify({ base, token }));
process.stdout.write('pid ' + process.pid + '\\n');
process.stdin.once('data', () => {
  const req = request(base + '/v1/messages', { method: 'POST', headers: { authorization: 'Bearer ' + token, 'content-type': 'application/json' } }, (res) => {
    let body = '';
    res.on('data', (d) => (body += d));
    res.on('end', () => { process.stdout.write('status ' + res.statusCode + '\\n'); process.exit(Number(code)); });
  });
  req.end(JSON.stringify({ model: 'claude-sonnet-4-5', max_tokens: 5, stream: true, messages: [] }));
});
`;

/** Every file under dir (bounded). */
function filesUnder(dir: string, out: string[] = [], depth = 0): string[] {
  if (depth > 8) return out;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const st = statSync(path);
    if (st.isDirectory()) filesUnder(path, out, depth + 1);
    else if (st.isFile() && out.length < 500) out.push(path);
  }
  return out;
}

beforeAll(async () => {
  anthropic = await startFakeAnthropic({ authorize: (r) => credentialOf(r) === ANTHROPIC_KEY });
  openai = await startFakeOpenAi({ authorize: (r) => credentialOf(r) === OPENAI_KEY });
  sandbox = consumerSandbox(
    `store = "file"\n\n[profiles.personal]\nprovider = "anthropic"\nbase_url = "${anthropic.origin}"\n\n` +
      `[profiles.always]\nprovider = "openai"\nbase_url = "${openai.origin}/v1"\nproxy = true\n`,
    { PORT42_PASSPHRASE: PASSPHRASE },
  );
  for (const [profile, key] of [
    ['personal', ANTHROPIC_KEY],
    ['always', OPENAI_KEY],
  ] as const) {
    const login = await runCli(sandbox, ['auth', 'login', profile], { input: key });
    expect(login.code, login.stderr).toBe(0);
  }
  childScript = join(sandbox.home, 'child.mjs');
  writeFileSync(childScript, CHILD);
});
afterAll(async () => {
  await anthropic?.close();
  await openai?.close();
  sandbox?.cleanup();
});

function start(args: string[], env: Record<string, string> = {}) {
  const child = spawn(PORT42_BIN, args, { env: { ...sandbox.env, ...env }, cwd: sandbox.home, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const waitFor = (pattern: RegExp) =>
    new Promise<RegExpExecArray>((resolve, reject) => {
      const started = Date.now();
      const poll = setInterval(() => {
        const m = pattern.exec(stdout);
        if (m) (clearInterval(poll), resolve(m));
        else if (Date.now() - started > 15_000) (clearInterval(poll), reject(new Error(`no ${pattern} in ${stdout} / ${stderr}`)));
      }, 10);
    });
  const exit = new Promise<number | null>((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('close', (code) => (clearTimeout(timer), resolve(code)));
  });
  return { child, waitFor, exit, stdout: () => stdout, stderr: () => stderr };
}

describe('port42 exec --proxy (real CLI)', () => {
  it("gives the child a placeholder, never the key, and exits with the child's code", async () => {
    const stash = join(sandbox.home, 'session.json');
    const run = start(['exec', '--proxy', 'personal', '--', process.execPath, childScript, '7', stash], {
      ANTHROPIC_API_KEY: 'sk-ant-from-the-shell-SECRET2',
    });
    const pid = (await run.waitFor(/pid (\d+)/))[1]!;
    const environ = readFileSync(`/proc/${pid}/environ`, 'utf8');
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    const vars = Object.fromEntries(
      environ
        .split('\0')
        .filter(Boolean)
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    );
    for (const text of [environ, cmdline]) {
      expect(text).not.toContain(ANTHROPIC_KEY);
      expect(text).not.toContain('SECRET2');
      expect(text).not.toContain(PASSPHRASE);
    }
    expect(vars.ANTHROPIC_API_KEY).toBeUndefined();
    expect(vars.ANTHROPIC_AUTH_TOKEN).toMatch(/^sk-ant-port42-[A-Za-z0-9_-]{32}$/);
    expect(vars.ANTHROPIC_BASE_URL).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(vars.NO_PROXY).toBe('127.0.0.1,localhost,::1');
    run.child.stdin.end('go\n');
    expect(await run.exit).toBe(7);
    expect(run.stdout()).toContain('status 200');
    expect(anthropic.requests.at(-1)!.headers['x-api-key']).toBe(ANTHROPIC_KEY);

    // The placeholder dies with the child: a request afterwards reaches nothing.
    const { base, token } = JSON.parse(readFileSync(stash, 'utf8')) as { base: string; token: string };
    const before = anthropic.requests.length;
    const port = Number(new URL(base).port);
    await expect(
      rawRequest(port, { path: '/v1/models', headers: { host: `127.0.0.1:${port}`, authorization: `Bearer ${token}` } }),
    ).rejects.toThrow(/ECONNREFUSED/);
    expect(anthropic.requests.length).toBe(before);
  });

  it('forwards SIGTERM to the child and exits 128+15 when it dies of it', async () => {
    const run = start(['exec', '--proxy', 'personal', '--', 'sh', '-c', 'echo pid $$; exec sleep 20']);
    await run.waitFor(/pid (\d+)/);
    run.child.kill('SIGTERM');
    expect(await run.exit).toBe(143);
  });

  it('audits the session start and end, without the key or the placeholder', async () => {
    const result = await runCli(sandbox, ['audit', '--json']);
    const records = JSON.parse(result.stdout) as Array<Record<string, unknown>>;
    const proxied = records.filter((r) => r.verb === 'exec --proxy');
    expect(proxied.map((r) => r.event).slice(0, 2)).toEqual(['start', 'end']);
    expect(proxied[0]).toMatchObject({ profile: 'personal', url: anthropic.origin });
    expect(proxied[1]).toMatchObject({ requests: 1, upstream_errors: 0, refused: 0 });
    expect(proxied[1]!.bytes).toBeGreaterThan(0);
    expect(result.stdout).not.toContain(ANTHROPIC_KEY);
    expect(result.stdout).not.toContain('sk-ant-port42-');
  });

  it('uses the proxy for a profile with proxy = true; --no-proxy hands out the key', async () => {
    const proxied = await runCli(sandbox, ['exec', 'always', '--', 'sh', '-c', 'printf "%s %s" "$OPENAI_BASE_URL" "$CODEX_API_KEY"']);
    expect(proxied.code, proxied.stderr).toBe(0);
    expect(proxied.stdout).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1 sk-port42-/);
    const plain = await runCli(sandbox, ['exec', 'always', '--no-proxy', '--', 'sh', '-c', 'printf %s "$OPENAI_API_KEY"']);
    expect(plain.stdout).toBe(OPENAI_KEY);
  });

  it('refuses --proxy together with --no-proxy (usage, exit 2)', async () => {
    const result = await runCli(sandbox, ['exec', '--proxy', '--no-proxy', 'personal', '--', 'true']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^port42: --proxy and --no-proxy/);
  });

  it('with PORT42_DEBUG=1 leaves the key in no output and no file', async () => {
    const result = await runCli(sandbox, ['exec', '--proxy', 'personal', '--', process.execPath, '-e', 'process.exit(0)'], {
      env: { PORT42_DEBUG: '1' },
    });
    expect(result.code).toBe(0);
    expect(result.stdout + result.stderr).not.toContain(ANTHROPIC_KEY);
    for (const file of filesUnder(sandbox.home)) expect(readFileSync(file, 'latin1'), file).not.toContain(ANTHROPIC_KEY);
  });
});

describe('proxy settings in the config', () => {
  it('refuses a proxy_paths entry that is not a path, naming the file and line (exit 3)', async () => {
    const bad = consumerSandbox('[profiles.p]\nprovider = "openai"\nauth = "env"\nproxy_paths = ["v1/models"]\n');
    try {
      const result = await runCli(bad, ['exec', '--proxy', 'p', '--', 'true'], { env: { OPENAI_API_KEY: 'sk-x' } });
      expect(result.code).toBe(3);
      expect(result.stderr).toMatch(/config\.toml:4/);
      expect(result.stderr).toContain('proxy_paths');
    } finally {
      bad.cleanup();
    }
  });
});

describe('port42 proxy (real CLI)', () => {
  it('prints the exports, logs one line per request without the query, and exits 0 on SIGTERM', async () => {
    const run = start(['proxy', 'always', '--shell', 'json']);
    const exports = JSON.parse((await run.waitFor(/^\{[\s\S]*\}\n/))[0]) as Record<string, string | null>;
    const base = exports.OPENAI_BASE_URL!;
    const port = Number(new URL(base).port);
    const res = await rawRequest(port, {
      path: '/v1/models?secret-query=1',
      headers: { host: `127.0.0.1:${port}`, authorization: `Bearer ${exports.OPENAI_API_KEY}` },
    });
    expect(res.status).toBe(200);
    expect(openai.requests.at(-1)!.headers.authorization).toBe(`Bearer ${OPENAI_KEY}`);
    const bad = await rawRequest(port, { path: '/v1/models', headers: { host: `127.0.0.1:${port}`, authorization: 'Bearer nope' } });
    expect(bad.status).toBe(401);
    run.child.kill('SIGTERM');
    expect(await run.exit).toBe(0);
    const lines = run
      .stderr()
      .split('\n')
      .filter((l) => l.startsWith('port42: proxy: '));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^port42: proxy: GET \/v1\/models 200 \d+ ms$/);
    expect(lines[1]).toMatch(/^port42: proxy: GET \/v1\/models 401 \d+ ms$/);
    expect(run.stderr()).not.toContain('secret-query');
    expect(run.stderr()).not.toContain(OPENAI_KEY);
  });

  it('exits 1 naming the port when --port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const result = await runCli(sandbox, ['proxy', 'always', '--port', String(port)]);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`port ${port}`);
      expect(result.stdout).toBe('');
    } finally {
      blocker.close();
    }
  });
});
