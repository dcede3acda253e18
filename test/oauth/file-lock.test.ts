// The lock behind single-flight refresh (src/files/file-lock.ts): heartbeat, dead and frozen holders,
// guarded breaking. Runs on memfs with an injected clock and liveness check.
import { describe, expect, it } from 'vitest';
import { Volume, createFsFromVolume } from 'memfs';
import type { FileSystem } from '../../src/context.ts';
import { withFileLock, type LockOptions } from '../../src/files/file-lock.ts';

const LOCK = '/state/oauth-gw.lock';

function memfs(): FileSystem {
  return createFsFromVolume(Volume.fromJSON({ '/state/.keep': '' })).promises as unknown as FileSystem;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('withFileLock', () => {
  it('serialises holders and removes its file when done', async () => {
    const fs = memfs();
    const order: string[] = [];
    const options: LockOptions = { pid: 1, now: () => Date.now(), isAlive: () => true, pollMs: 5 };
    await Promise.all(
      ['a', 'b', 'c'].map((name) =>
        withFileLock(fs, LOCK, options, async () => {
          order.push(`${name}+`);
          await sleep(20);
          order.push(`${name}-`);
        }),
      ),
    );
    expect(order.join(' ')).toMatch(/^(\w)\+ \1- (\w)\+ \2- (\w)\+ \3-$/);
    await expect(fs.readFile(LOCK)).rejects.toThrow();
  });

  it('breaks at once a lock whose owner is dead', async () => {
    const fs = memfs();
    await fs.writeFile(LOCK, `999999 ${String(Date.now()).padStart(15, '0')} cafe\n`);
    const started = Date.now();
    const result = await withFileLock(
      fs,
      LOCK,
      { pid: 1, now: () => Date.now(), isAlive: (pid) => pid !== 999999, pollMs: 5, staleMs: 60_000 },
      async () => 'got it',
    );
    expect(result).toBe('got it');
    expect(Date.now() - started).toBeLessThan(500);
  });

  it('breaks a live-looking owner whose heartbeat stopped after staleMs, and not before', async () => {
    const fs = memfs();
    const clock = { now: 1_000_000 };
    await fs.writeFile(LOCK, `4242 ${String(clock.now).padStart(15, '0')} cafe\n`);
    let done = false;
    const waiting = withFileLock(
      fs,
      LOCK,
      { pid: 1, now: () => clock.now, isAlive: () => true, pollMs: 5, staleMs: 3000, timeoutMs: 60_000 },
      async () => {
        done = true;
      },
    );
    await sleep(50);
    expect(done).toBe(false);
    clock.now += 3001;
    await waiting;
    expect(done).toBe(true);
  });

  it('keeps a slow holder alive with its heartbeat', async () => {
    const fs = memfs();
    const options: LockOptions = { pid: 1, now: () => Date.now(), isAlive: () => true, pollMs: 5, staleMs: 120, heartbeatMs: 30 };
    let overlap = false;
    let inside = 0;
    const hold = async () => {
      inside++;
      if (inside > 1) overlap = true;
      await sleep(400); // more than three times staleMs
      inside--;
    };
    await Promise.all([withFileLock(fs, LOCK, options, hold), sleep(10).then(() => withFileLock(fs, LOCK, options, hold))]);
    expect(overlap).toBe(false);
  });

  it('breaks an empty lock (owner killed between create and write) after staleMs', async () => {
    const fs = memfs();
    await fs.writeFile(LOCK, '');
    const clock = { now: 5_000 };
    const waiting = withFileLock(
      fs,
      LOCK,
      { pid: 1, now: () => clock.now, isAlive: () => true, pollMs: 5, staleMs: 1000, timeoutMs: 60_000 },
      async () => 'ok',
    );
    await sleep(30);
    clock.now += 1001;
    expect(await waiting).toBe('ok');
  });

  it('does not delete a lock another waiter took after judging the old one stale', async () => {
    const fs = memfs();
    // A breaker holds the guard: this waiter must not break anything itself, and the fresh lock survives.
    await fs.writeFile(`${LOCK}.break`, `7 ${String(Date.now()).padStart(15, '0')} break\n`);
    await fs.writeFile(LOCK, `8 ${String(Date.now()).padStart(15, '0')} cafe\n`);
    const attempt = withFileLock(
      fs,
      LOCK,
      { pid: 1, now: () => Date.now(), isAlive: (pid) => pid !== 8, pollMs: 5, timeoutMs: 100, staleMs: 60_000 },
      async () => 'ran',
    );
    // Owner 8 is dead, but the guard is held by live pid 7: the lock stays until the guard goes.
    await expect(attempt).rejects.toThrow(/timed out waiting for the lock/);
    expect(String(await fs.readFile(LOCK, 'utf8'))).toMatch(/^8 /);
  });

  it('stops waiting once its signal aborts, and never runs the work', async () => {
    const fs = memfs();
    await fs.writeFile(LOCK, `4242 ${String(Date.now()).padStart(15, '0')} cafe\n`);
    const controller = new AbortController();
    let ran = false;
    const waiting = withFileLock(
      fs,
      LOCK,
      { pid: 1, now: () => Date.now(), isAlive: () => true, pollMs: 5, signal: controller.signal },
      async () => {
        ran = true;
      },
    );
    await sleep(30);
    controller.abort(new Error('caller left'));
    await expect(waiting).rejects.toThrow('caller left');
    await fs.unlink(LOCK);
    await sleep(30);
    expect(ran).toBe(false);
  });

  it('gives up after timeoutMs with a failure that names the file', async () => {
    const fs = memfs();
    await fs.writeFile(LOCK, `1 ${String(Date.now()).padStart(15, '0')} cafe\n`);
    await expect(
      withFileLock(fs, LOCK, { pid: 2, now: () => Date.now(), isAlive: () => true, pollMs: 5, timeoutMs: 60 }, async () => 'no'),
    ).rejects.toMatchObject({
      code: 'failure',
      message: `timed out waiting for the lock ${LOCK}`,
    });
  });
});
