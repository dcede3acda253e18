/**
 * The agent's pieces in process: the socket server against a memory store (every request type,
 * errors that keep it up, one connection serving several requests in order), the lifetime
 * timers and duration parsing, and the client's refusal of an unsafe directory.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { agentError, askAgent } from '../../src/agent/client.ts';
import type { AgentReply } from '../../src/agent/protocol.ts';
import { Lifetime, minutesLeft, parseLifetime } from '../../src/agent/lifetime.ts';
import { createAgentServer } from '../../src/agent/server.ts';
import { MemoryStore } from '../../src/stores/memory.ts';
import { Port42Error, storeUnavailable } from '../../src/errors.ts';

const cleanups: (() => void)[] = [];
const HELD_KEY = Buffer.alloc(32, 7);
const STORE_DIR = '/x/state/port42';
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

async function serve(store = new MemoryStore('file'), writeWaitMs?: number) {
  const dir = mkdtempSync(join(tmpdir(), 'port42-agent-unit-'));
  chmodSync(dir, 0o700);
  const socketPath = join(dir, 'agent.sock');
  const events = { touched: 0, locked: 0, renewed: [] as [number, number][], stopping: false };
  const server: Server = createAgentServer({
    store,
    storeDir: STORE_DIR,
    touch: () => void events.touched++,
    lock: () => void events.locked++,
    stopping: () => events.stopping,
    renew: (key, idleMs, maxMs) => {
      if (!key.equals(HELD_KEY)) return false;
      events.renewed.push([idleMs, maxMs]);
      return true;
    },
    status: () => ({ pid: 42, leftMs: 90_000, idleMs: 120_000, maxMs: 3_600_000, store: '/x/secrets.enc' }),
    ...(writeWaitMs === undefined ? {} : { writeWaitMs }),
  });
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  cleanups.push(() => {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return { socketPath, store, events, dir };
}

/** A server whose memory store holds the first write until `gate.open()` (a writer holding the store's lock). */
async function serveGated(writeWaitMs?: number) {
  const store = new MemoryStore('file');
  let open = () => {};
  let entered = () => {};
  const gate = {
    opened: new Promise<void>((resolve) => (open = resolve)),
    entered: new Promise<void>((resolve) => (entered = resolve)),
    open: () => open(),
  };
  const set = store.set.bind(store);
  store.set = async (account, value) => {
    entered();
    await gate.opened;
    return set(account, value);
  };
  return { ...(await serve(store, writeWaitMs)), gate };
}

describe('agent server', () => {
  it('touches no store once it is locking, and its clients count it as absent', async () => {
    const { socketPath, store, events } = await serve();
    store.items.set('work', 'sk-1');
    events.stopping = true;
    const reply = await askAgent(socketPath, { op: 'get', store: STORE_DIR, account: 'work' });
    expect(reply).toMatchObject({ ok: false, error: { code: 'stopping' } });
    expect(agentError(reply as Extract<AgentReply, { ok: false }>)).toBeUndefined();
    expect(await askAgent(socketPath, { op: 'set', store: STORE_DIR, account: 'work', value: 'sk-2' })).toMatchObject({ ok: false });
    expect(store.items.get('work')).toBe('sk-1');
  });

  it('answers get, set, delete, list, status and lock', async () => {
    const { socketPath, store, events } = await serve();
    expect(await askAgent(socketPath, { op: 'set', store: STORE_DIR, account: 'work', value: 'sk-1' })).toMatchObject({ ok: true });
    expect(store.items.get('work')).toBe('sk-1');
    expect(await askAgent(socketPath, { op: 'get', store: STORE_DIR, account: 'work' })).toMatchObject({ ok: true, value: 'sk-1' });
    expect(await askAgent(socketPath, { op: 'get', store: STORE_DIR, account: 'none' })).toMatchObject({ ok: true, value: null });
    expect(await askAgent(socketPath, { op: 'list', store: STORE_DIR })).toMatchObject({ ok: true, items: { work: 'sk-1' } });
    expect(await askAgent(socketPath, { op: 'delete', store: STORE_DIR, account: 'work' })).toMatchObject({ ok: true, deleted: true });
    expect(await askAgent(socketPath, { op: 'delete', store: STORE_DIR, account: 'work' })).toMatchObject({ ok: true, deleted: false });
    expect(await askAgent(socketPath, { op: 'status' })).toMatchObject({ ok: true, status: { pid: 42, leftMs: 90_000 } });
    expect(events.touched).toBe(6); // status does not count as use
    expect(await askAgent(socketPath, { op: 'lock' })).toMatchObject({ ok: true });
    expect(events.locked).toBe(1);
  });

  it('renews its limits only for a caller that sends the key it holds', async () => {
    const { socketPath, events } = await serve();
    const renew = (key: Buffer, idleMs = 60_000, maxMs = 3_600_000) =>
      askAgent(socketPath, { op: 'renew', key: key.toString('base64'), idleMs, maxMs });
    expect(await renew(Buffer.alloc(32, 8))).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    expect(await renew(HELD_KEY, 0)).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    expect(await renew(HELD_KEY, 7_200_000, 3_600_000)).toMatchObject({ ok: false }); // idle longer than max
    expect(events.renewed).toEqual([]);
    expect(await renew(HELD_KEY)).toMatchObject({ ok: true });
    expect(events.renewed).toEqual([[60_000, 3_600_000]]);
  });

  it("passes the store's own error back with its hint, and stays up", async () => {
    const failing = new MemoryStore('file');
    failing.get = async () => {
      throw storeUnavailable('the unlocked key does not fit the encrypted store', 'port42 unlock');
    };
    const { socketPath } = await serve(failing);
    expect(await askAgent(socketPath, { op: 'get', store: STORE_DIR, account: 'work' })).toMatchObject({
      ok: false,
      error: { code: 'store-unavailable', hint: 'port42 unlock' },
    });
    expect(await askAgent(socketPath, { op: 'status' })).toMatchObject({ ok: true });
  });

  it('answers only for the store it serves: another state directory gets other-store (the client falls back)', async () => {
    const { socketPath } = await serve();
    expect(await askAgent(socketPath, { op: 'get', store: '/elsewhere/port42', account: 'work' })).toMatchObject({
      ok: false,
      error: { code: 'other-store' },
    });
    const missing = { op: 'list' } as unknown as Parameters<typeof askAgent>[1];
    expect(await askAgent(socketPath, missing)).toMatchObject({ ok: false, error: { code: 'other-store' } });
  });

  it('refuses requests without an account or value', async () => {
    const { socketPath } = await serve();
    expect(await askAgent(socketPath, { op: 'get', store: STORE_DIR, account: '' })).toMatchObject({
      ok: false,
      error: { code: 'bad-request' },
    });
    const noValue = { op: 'set', store: STORE_DIR, account: 'work' } as unknown as Parameters<typeof askAgent>[1];
    expect(await askAgent(socketPath, noValue)).toMatchObject({ ok: false, error: { code: 'bad-request' } });
  });

  it('serves writes one at a time: 20 concurrent sets all land', async () => {
    const { socketPath, store } = await serve();
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => askAgent(socketPath, { op: 'set', store: STORE_DIR, account: `p${i}`, value: `v${i}` })),
    );
    expect(store.items.size).toBe(20);
  });

  it('withdraws a queued write whose client went away, and finishes one that had started', async () => {
    const { socketPath, store, gate } = await serveGated();
    const started = askAgent(socketPath, { op: 'set', store: STORE_DIR, account: 'first', value: 'v1' }, 300);
    await gate.entered;
    // Queued behind the first; its client gives up after 300 ms, as the first one's does.
    expect(await askAgent(socketPath, { op: 'set', store: STORE_DIR, account: 'queued', value: 'v2' }, 300)).toBeUndefined();
    expect(await started).toBeUndefined();
    // The client and the agent share this process here: let the agent read the connections' ends
    // before the queue moves (across processes, a client leaving just as its turn comes is a race it may lose).
    await new Promise((resolve) => setTimeout(resolve, 100));
    gate.open();
    expect(await askAgent(socketPath, { op: 'set', store: STORE_DIR, account: 'later', value: 'v3' }, 5000)).toMatchObject({ ok: true });
    expect([...store.items.keys()].sort()).toEqual(['first', 'later']);
  });

  it('answers expired (exit 5 at the client) for a write that waited past its deadline; nothing changed', async () => {
    const { socketPath, store, gate } = await serveGated(300);
    void askAgent(socketPath, { op: 'set', store: STORE_DIR, account: 'first', value: 'v1' }, 5000);
    await gate.entered;
    const began = Date.now();
    const reply = await askAgent(socketPath, { op: 'delete', store: STORE_DIR, account: 'first' }, 5000);
    expect(Date.now() - began).toBeGreaterThanOrEqual(250);
    expect(reply).toMatchObject({ ok: false, error: { code: 'expired' } });
    const error = agentError(reply as Extract<AgentReply, { ok: false }>);
    expect(error).toMatchObject({ code: 'store-unavailable' });
    expect((error as Error).message).toMatch(/waited 0\.3 s .*nothing was changed/);
    gate.open();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(store.items.get('first')).toBe('v1'); // the delete never ran
  });

  it('withdraws a queued write whose turn comes once it is locking (its key is gone): the client falls back', async () => {
    const { socketPath, store, gate, events } = await serveGated();
    void askAgent(socketPath, { op: 'set', store: STORE_DIR, account: 'first', value: 'v1' }, 5000);
    await gate.entered;
    const queued = askAgent(socketPath, { op: 'set', store: STORE_DIR, account: 'queued', value: 'v2' }, 5000);
    await new Promise((resolve) => setTimeout(resolve, 50));
    events.stopping = true;
    gate.open();
    expect(await queued).toMatchObject({ ok: false, error: { code: 'stopping' } });
    expect(store.items.has('queued')).toBe(false);
  });

  it('client: no directory or no socket is "absent"; an open directory is refused with exit 5', async () => {
    expect(await askAgent('/nonexistent/port42/agent.sock', { op: 'status' })).toBeUndefined();
    const { socketPath, dir } = await serve();
    chmodSync(dir, 0o777);
    await expect(askAgent(socketPath, { op: 'status' })).rejects.toSatisfy(
      (error) => error instanceof Port42Error && error.code === 'store-unavailable' && /open to other users/.test(error.message),
    );
  });
});

describe('agent lifetime', () => {
  it('parses 2s, 30m, 12h and 1d and refuses anything else (exit 2)', () => {
    expect([
      parseLifetime('2s', '--idle'),
      parseLifetime('30m', '--idle'),
      parseLifetime('12h', '--max'),
      parseLifetime('1d', '--max'),
    ]).toEqual([2000, 1_800_000, 43_200_000, 86_400_000]);
    for (const bad of ['', '0s', '10', '5y', '-1m', '8d', '1.5h'])
      expect(() => parseLifetime(bad, '--idle')).toThrow(/--idle takes a duration/);
  });

  it('says minutes left rounded up', () => {
    expect(minutesLeft(1)).toBe('1 min left');
    expect(minutesLeft(27 * 60_000 + 1)).toBe('28 min left');
  });

  it('expires on the idle limit unless used, and on the maximum in any case', async () => {
    const reasons: string[] = [];
    const idle = new Lifetime(400, 10_000, (reason) => reasons.push(reason));
    await new Promise((resolve) => setTimeout(resolve, 200));
    idle.touch();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(reasons).toEqual([]); // 400 ms since the start, 200 since the last use
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(reasons).toEqual(['idle']);
    idle.stop();
    const max = new Lifetime(10_000, 100, (reason) => reasons.push(reason));
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(reasons).toEqual(['idle', 'max']);
    expect(max.leftMs()).toBe(0);
    max.stop();
  });

  it('renew starts both limits again with their new lengths', async () => {
    const reasons: string[] = [];
    const life = new Lifetime(10_000, 300, (reason) => reasons.push(reason));
    await new Promise((resolve) => setTimeout(resolve, 200));
    life.renew(10_000, 5000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(reasons).toEqual([]); // the old 300 ms maximum no longer applies
    expect(life.leftMs()).toBeGreaterThan(4000);
    expect(life.maxMs).toBe(5000);
    life.stop();
  });
});
