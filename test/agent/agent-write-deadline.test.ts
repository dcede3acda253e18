/**
 * A write through the agent never outlives its caller: one queued behind the store's lock is
 * withdrawn when its client goes away, refused once it has waited past the agent's deadline
 * (shortened here with the test-only PORT42_AGENT_WRITE_WAIT_MS), and reads answer meanwhile.
 * A client whose write gets no answer says the outcome is unknown instead of falling back. Real agent
 * (started by the real `port42 unlock`), real socket, real lock file.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { askAgent } from '../../src/agent/client.ts';
import { openAgentFileStore } from '../../src/agent/agent-store.ts';
import { Port42Error, formatError } from '../../src/errors.ts';
import { runCli, type Sandbox } from '../support/cli.ts';
import { KEY, agentPid, headlessSandbox, socketOf, stateFile, stopAllAgents, unlock } from './support.ts';

afterAll(stopAllAgents);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Holds `secrets.enc.lock` as a live port42 process would (this test's pid, a heartbeat every
 * second, in file-lock.ts's fixed-width format) until the returned function releases it.
 */
function holdStoreLock(sandbox: Sandbox): () => void {
  const path = stateFile(sandbox, 'secrets.enc.lock');
  const beat = () => writeFileSync(path, `${process.pid} ${String(Date.now()).padStart(15, '0')} testhold\n`, { mode: 0o600 });
  beat();
  const timer = setInterval(beat, 1000);
  return () => {
    clearInterval(timer);
    unlinkSync(path);
  };
}

const storeBytes = (sandbox: Sandbox) => readFileSync(stateFile(sandbox, 'secrets.enc'));
const set = (sandbox: Sandbox, account: string, value: string, timeoutMs: number) =>
  askAgent(socketOf(sandbox), { op: 'set', store: sandbox.stateDir, account, value }, timeoutMs);
const get = (sandbox: Sandbox, account: string) => askAgent(socketOf(sandbox), { op: 'get', store: sandbox.stateDir, account });

describe('agent writes and their callers (default deadline)', () => {
  const sandbox = headlessSandbox();

  it('a normal write works, and a write whose client waits lands once the lock is released', async () => {
    expect((await unlock(sandbox)).code).toBe(0);
    expect((await runCli(sandbox, ['auth', 'login', 'work'], { input: KEY })).code).toBe(0);
    expect(await runCli(sandbox, ['auth', 'token', 'work'])).toMatchObject({ code: 0, stdout: `${KEY}\n` });

    const release = holdStoreLock(sandbox);
    const before = storeBytes(sandbox);
    let waiting;
    try {
      waiting = set(sandbox, 'p1', 'sk-proj-waitedForTheLock0123456789', 20_000);
      await sleep(1500);
      expect(storeBytes(sandbox).equals(before)).toBe(true); // the lock holds it back
    } finally {
      release();
    }
    expect(await waiting).toMatchObject({ ok: true });
    expect(await get(sandbox, 'p1')).toMatchObject({ ok: true, value: 'sk-proj-waitedForTheLock0123456789' });
  });

  it('a write queued behind the lock is never done once its client has gone away', async () => {
    const release = holdStoreLock(sandbox);
    const before = storeBytes(sandbox);
    try {
      // The client gives up after 1 s, long before the agent's own 10 s deadline.
      expect(await set(sandbox, 'p2', 'sk-proj-clientLeftLongAgo0123456789', 1000)).toBeUndefined();
      await sleep(300); // the agent sees the connection end
    } finally {
      release();
    }
    await sleep(1500); // a write still queued would take the free lock within milliseconds
    expect(storeBytes(sandbox).equals(before)).toBe(true);
    // Writes run one at a time in order: once a later one is done, an earlier one cannot still come.
    expect(await set(sandbox, 'p3', 'sk-proj-afterTheLock0123456789abcd', 20_000)).toMatchObject({ ok: true });
    expect(await get(sandbox, 'p2')).toMatchObject({ ok: true, value: null });
    expect(await get(sandbox, 'p3')).toMatchObject({ ok: true, value: 'sk-proj-afterTheLock0123456789abcd' });
  });
});

describe('agent writes past their deadline (PORT42_AGENT_WRITE_WAIT_MS=1500, test-only)', () => {
  const sandbox = headlessSandbox('file', { PORT42_AGENT_WRITE_WAIT_MS: '1500' });

  it('refuses a write that waited too long (exit 5, nothing changed), and reads answer meanwhile', async () => {
    expect((await unlock(sandbox)).code).toBe(0);
    expect((await runCli(sandbox, ['auth', 'login', 'work'], { input: KEY })).code).toBe(0);
    const release = holdStoreLock(sandbox);
    const before = storeBytes(sandbox);
    let login;
    const started = Date.now();
    try {
      const pending = runCli(sandbox, ['auth', 'login', 'p1'], { input: 'sk-proj-tooLateForTheStore0123456789' });
      await sleep(300);
      // A read goes past the queued write, within the client's 1 s budget for reads.
      const read = await get(sandbox, 'work');
      expect(read).toMatchObject({ ok: true, value: KEY });
      expect(await runCli(sandbox, ['auth', 'token', 'work'])).toMatchObject({ code: 0, stdout: `${KEY}\n` });
      login = await pending;
    } finally {
      release();
    }
    expect(Date.now() - started).toBeGreaterThanOrEqual(1400);
    expect(login.code).toBe(5);
    expect(login.stdout).toBe('');
    expect(login.stderr).toMatch(/^port42: .*waited 1\.5 s .*nothing was changed/);
    await sleep(1500);
    expect(storeBytes(sandbox).equals(before)).toBe(true);
    expect((await runCli(sandbox, ['auth', 'token', 'p1'])).code).toBe(4);
    // Once the lock is free, the same command works.
    expect((await runCli(sandbox, ['auth', 'login', 'p1'], { input: 'sk-proj-tooLateForTheStore0123456789' })).code).toBe(0);
  }, 40_000);

  it('a client whose write a stuck agent took says the outcome is unknown and does not fall back', async () => {
    const pid = await agentPid(sandbox);
    expect(pid).toBeDefined();
    let fellBack = 0;
    // The store every command opens; frozen after a read (as `auth login` reads first), so the write is what hangs.
    const store = openAgentFileStore(sandbox.env, sandbox.home, async () => {
      fellBack++;
      throw new Error('the fallback must not be asked');
    });
    expect(await store.get('work')).toBe(KEY);
    process.kill(pid!, 'SIGSTOP');
    let error: unknown;
    const started = Date.now();
    try {
      // The client waits the agent's 1.5 s plus its 5 s margin, then gives up.
      await store.set('p2', 'sk-proj-stuckAgentWrite0123456789ab').catch((caught: unknown) => (error = caught));
    } finally {
      process.kill(pid!, 'SIGCONT');
    }
    expect(Date.now() - started).toBeGreaterThanOrEqual(6000);
    expect(fellBack).toBe(0);
    expect(error).toBeInstanceOf(Port42Error);
    expect((error as Port42Error).code).toBe('store-unavailable'); // exit 5
    const printed = formatError(error, false);
    expect(printed).toMatch(/^port42: the unlock agent did not answer within 6\.5 s, so whether the change was stored is unknown/);
    expect(printed).toContain('check with port42 auth status');
    expect(printed).toContain('\n  run: port42 unlock');
  }, 40_000);
});
