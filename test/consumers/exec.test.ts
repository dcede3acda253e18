import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PORT42_BIN, runCli, type Sandbox } from '../support/cli.ts';
import { programsAvailable } from '../support/real-component.ts';
import { SECRET, consumerSandbox } from './support.ts';

/**
 * `port42 exec` with the real built CLI: no shell, stdio passed through, exit codes and signal
 * deaths passed on, SIGINT/SIGTERM/SIGHUP forwarded once, and the secret in no argv. The key is
 * in the encrypted file store, so it reaches the child only through port42.
 */
let sandbox: Sandbox;
let childScript: string;

// A child that reports what it got: "ready", then on a signal either exits 40+N or counts it.
const CHILD = `const mode = process.argv[2];
const numbers = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 };
const counts = { SIGHUP: 0, SIGINT: 0, SIGTERM: 0 };
for (const s of Object.keys(numbers)) process.on(s, () => {
  counts[s]++;
  if (mode === 'exit') { process.stdout.write('got ' + s + '\\n'); process.exit(40 + numbers[s]); }
});
process.stdout.write('ready\\n');
setTimeout(() => { process.stdout.write(JSON.stringify(counts) + '\\n'); process.exit(0); }, Number(process.argv[3] ?? 5000));
`;

beforeAll(async () => {
  sandbox = consumerSandbox('store = "file"\n\n[profiles.work]\nprovider = "openai"\n', { PORT42_PASSPHRASE: 'exec-test-passphrase' });
  const login = await runCli(sandbox, ['auth', 'login', 'work', '--force'], { input: SECRET });
  expect(login.code, login.stderr).toBe(0);
  childScript = join(sandbox.home, 'child.mjs');
  writeFileSync(childScript, CHILD);
});
afterAll(() => sandbox?.cleanup());

/** Starts `port42 exec work -- argv` in its own session (no terminal: every signal is forwarded). */
function startExec(argv: string[]) {
  const child = spawn(PORT42_BIN, ['exec', 'work', '--', ...argv], {
    env: sandbox.env,
    cwd: sandbox.home,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  const ready = new Promise<void>((resolve, reject) => {
    const poll = setInterval(() => stdout.includes('ready\n') && (clearInterval(poll), resolve()), 10);
    setTimeout(() => (clearInterval(poll), reject(new Error(`child not ready: ${stdout}`))), 10_000);
  });
  const exit = new Promise<number | null>((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.on('close', (code) => (clearTimeout(timer), resolve(code)));
  });
  return { pid: child.pid ?? 0, ready, exit, stdout: () => stdout };
}

describe('port42 exec (real CLI)', () => {
  it("passes stdin, stdout and stderr through and exits with the child's code", async () => {
    const result = await runCli(sandbox, ['exec', 'work', '--', 'sh', '-c', 'cat; echo to-stderr >&2; exit 7'], { input: 'from stdin\n' });
    expect(result).toEqual({ code: 7, stdout: 'from stdin\n', stderr: 'to-stderr\n' });
  });

  it('runs the command without a shell', async () => {
    const result = await runCli(sandbox, ['exec', 'work', '--', 'printf', '%s|', '$HOME', '*', ';', '$(id)']);
    expect(result.stdout).toBe('$HOME|*|;|$(id)|');
  });

  it.each([
    ['TERM', 143],
    ['KILL', 137],
  ])('exits 128+N when the child dies of SIG%s', async (signal, code) => {
    const result = await runCli(sandbox, ['exec', 'work', '--', 'sh', '-c', `kill -${signal} $$`]);
    expect(result.code).toBe(code);
  });

  it("puts the secret in the child's environment and in no argv (child's and port42's /proc/<pid>/cmdline)", async () => {
    const script = 'tr "\\0" " " < /proc/$$/cmdline; echo; tr "\\0" " " < /proc/$PPID/cmdline; echo; printf %s "$OPENAI_API_KEY"';
    const result = await runCli(sandbox, ['exec', 'work', '--', 'sh', '-c', script]);
    const [childArgv = '', port42Argv = '', key] = result.stdout.split('\n');
    expect(port42Argv).toContain('exec work --');
    expect(childArgv).toContain('sh -c');
    expect(childArgv).not.toContain(SECRET);
    expect(port42Argv).not.toContain(SECRET);
    expect(key).toBe(SECRET);
  });

  it('notes on stderr when it overrides a variable that was already set', async () => {
    const result = await runCli(sandbox, ['exec', 'work', '--', 'sh', '-c', 'printf %s "$OPENAI_API_KEY"'], {
      env: { OPENAI_API_KEY: 'sk-from-the-shell' },
    });
    expect(result.stdout).toBe(SECRET);
    expect(result.stderr).toBe('port42: note: OPENAI_API_KEY was already set; profile "work" overrides it for this command\n');
  });

  it.each([
    ['a missing program', ['no-such-program-port42'], 127, 'command not found'],
    ['a file that is not executable', ['./not-executable.txt'], 126, 'EACCES'],
  ])('exits for %s with %s', async (_what, argv, code, message) => {
    writeFileSync(join(sandbox.home, 'not-executable.txt'), 'data\n', { mode: 0o644 });
    const result = await runCli(sandbox, ['exec', 'work', '--', ...argv]);
    expect(result.code).toBe(code);
    expect(result.stderr).toContain(message);
  });

  it.each([
    ['SIGINT', 42],
    ['SIGTERM', 55],
    ['SIGHUP', 41],
  ] as const)('forwards %s sent to port42 to the child and exits with its code', async (signal, code) => {
    const run = startExec(['node', childScript, 'exit']);
    await run.ready;
    process.kill(run.pid, signal);
    expect(await run.exit).toBe(code);
    expect(run.stdout()).toBe(`ready\ngot ${signal}\n`);
  });

  it('exits 143 when a forwarded SIGTERM kills a child that does not catch it', async () => {
    const run = startExec(['sh', '-c', 'echo ready; exec sleep 10']);
    await run.ready;
    process.kill(run.pid, 'SIGTERM');
    expect(await run.exit).toBe(143);
  });
});

describe.runIf(programsAvailable('exec under a terminal', 'script'))('port42 exec under a real terminal (script(1) pty)', () => {
  it('delivers one Ctrl-C to the child, not two (the terminal already sent it to the whole group)', async () => {
    // `exec` so that port42 itself is the pty's foreground process group, as under an interactive shell.
    const command = `exec '${PORT42_BIN}' exec work -- node '${childScript}' count 1500`;
    const child = spawn('script', ['-qec', command, '/dev/null'], { env: sandbox.env, cwd: sandbox.home, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      // Ctrl-C typed on the terminal once the child listens.
      if (out.includes('ready') && !out.includes('^C')) child.stdin.write('\x03');
    });
    const code = await new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      child.on('close', (c) => (clearTimeout(timer), resolve(c)));
    });
    expect(out).toMatch(/\{"SIGHUP":0,"SIGINT":1,"SIGTERM":0\}/);
    expect(code).toBe(0);
  });
});
