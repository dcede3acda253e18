/**
 * A lock between processes: a file created exclusively (O_EXCL) holding the owner's pid, a
 * heartbeat time and a nonce. The owner rewrites the time while it works, so a lock is stale
 * when its owner is dead (at once) or has not beaten for `staleMs` (frozen, or a pid we cannot
 * check). Stale locks are broken under a second, short-lived guard file so that two waiters
 * never both break, or one break a lock another waiter just took. Waiting is bounded.
 */
import { randomHex } from '../builtins.ts';
import type { FileHandle } from 'node:fs/promises';
import type { FileSystem } from '../context.ts';
import { failure } from '../errors.ts';

/** Lock timing; defaults suit a refresh or a store write (both well under a second). */
export interface LockOptions {
  /** A lock whose heartbeat is older than this is taken over even if its owner seems alive. */
  readonly staleMs?: number;
  /** Give up waiting after this long. */
  readonly timeoutMs?: number;
  /** Pause between attempts. */
  readonly pollMs?: number;
  /** How often the owner rewrites its heartbeat; default staleMs / 3. */
  readonly heartbeatMs?: number;
  readonly pid: number;
  readonly now: () => number;
  /** Whether a pid is alive; the default asks the OS with signal 0. */
  readonly isAlive?: (pid: number) => boolean;
  /** Once aborted, stop waiting and do not start `work`: throws the signal's reason. A started `work` is not interrupted. */
  readonly signal?: AbortSignal;
}

type Timings = Required<Omit<LockOptions, 'signal'>>;

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Fixed width, so that a heartbeat overwrites the text in place and a reader never sees a mix. */
function lockText(pid: number, time: number, nonce: string): string {
  return `${pid} ${String(Math.max(0, Math.floor(time))).padStart(15, '0')} ${nonce}\n`;
}

function parseLock(text: string): { pid: number; since: number } | undefined {
  const [pidText, timeText] = text.trim().split(' ');
  const pid = Number(pidText);
  const since = Number(timeText);
  if (!Number.isInteger(pid) || pid <= 0 || !Number.isFinite(since) || since <= 0) return undefined;
  return { pid, since };
}

async function readText(fs: FileSystem, path: string): Promise<string | undefined> {
  try {
    return (await fs.readFile(path, 'utf8')) as string;
  } catch {
    return undefined;
  }
}

/**
 * Whether the lock text shows a dead or silent owner. An unreadable text (an owner killed between
 * create and write) counts from when this waiter first saw it.
 */
function isStale(text: string, firstSeen: Map<string, number>, o: Timings): boolean {
  const holder = parseLock(text);
  if (!holder) {
    if (!firstSeen.has(text)) firstSeen.set(text, o.now());
    return o.now() - (firstSeen.get(text) ?? o.now()) > o.staleMs;
  }
  return !o.isAlive(holder.pid) || o.now() - holder.since > o.staleMs;
}

/** Removes a guard left by a breaker that died in its few milliseconds of holding it. */
async function clearAbandonedGuard(fs: FileSystem, guard: string, firstSeen: Map<string, number>, o: Timings): Promise<void> {
  const text = await readText(fs, guard);
  if (text !== undefined && isStale(text, firstSeen, o)) await fs.unlink(guard).catch(() => undefined);
}

/** Deletes the lock only if it still holds exactly the text judged stale, under the guard. */
async function breakStale(fs: FileSystem, path: string, judged: string, firstSeen: Map<string, number>, o: Timings): Promise<void> {
  const guard = `${path}.break`;
  let handle: FileHandle;
  try {
    handle = await fs.open(guard, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') await clearAbandonedGuard(fs, guard, firstSeen, o);
    return;
  }
  try {
    await handle.writeFile(lockText(o.pid, o.now(), 'break'));
    await handle.close();
    // A heartbeat or a new owner changes the text: then the lock is not the one we judged.
    if ((await readText(fs, path)) === judged) await fs.unlink(path).catch(() => undefined);
  } finally {
    await fs.unlink(guard).catch(() => undefined);
  }
}

/** Beats until stopped; writes go through the open handle, so a broken lock's file is never recreated. */
function startHeartbeat(handle: FileHandle, pid: number, nonce: string, first: string, o: Timings): { stop(): Promise<string> } {
  let last = first;
  let pending: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    const text = lockText(pid, o.now(), nonce);
    pending = pending
      .then(() => handle.write(text, 0))
      .then(
        () => (last = text),
        () => undefined,
      );
  }, o.heartbeatMs);
  timer.unref?.();
  return {
    async stop() {
      clearInterval(timer);
      await pending;
      return last;
    },
  };
}

/**
 * Runs `work` while holding the lock file at `path`. Throws failure (exit 1) when it cannot get it
 * in time, and `options.signal`'s reason when that is aborted before `work` starts.
 */
export async function withFileLock<T>(fs: FileSystem, path: string, options: LockOptions, work: () => Promise<T>): Promise<T> {
  const staleMs = options.staleMs ?? 10_000;
  const o: Timings = {
    timeoutMs: 15_000,
    pollMs: 25,
    isAlive: processAlive,
    heartbeatMs: Math.max(10, Math.floor(staleMs / 3)),
    ...options,
    staleMs,
  };
  const start = o.now();
  const maxAttempts = Math.ceil(o.timeoutMs / o.pollMs) + 1;
  const firstSeen = new Map<string, number>();
  for (let attempt = 0; attempt < maxAttempts; attempt++) {
    options.signal?.throwIfAborted();
    let handle: FileHandle | undefined;
    try {
      handle = await fs.open(path, 'wx', 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    if (handle) {
      const nonce = randomHex(4);
      let heartbeat: { stop(): Promise<string> } | undefined;
      try {
        options.signal?.throwIfAborted(); // aborted while the open was under way: release, do nothing
        const first = lockText(o.pid, o.now(), nonce);
        await handle.write(first, 0);
        heartbeat = startHeartbeat(handle, o.pid, nonce, first, o);
        return await work();
      } finally {
        const last = heartbeat ? await heartbeat.stop() : undefined;
        await handle.close().catch(() => undefined);
        // Unlink only our own lock: if a waiter judged us stale and another owner took over, leave theirs.
        if (last === undefined || (await readText(fs, path)) === last) await fs.unlink(path).catch(() => undefined);
      }
    }
    if (o.now() - start > o.timeoutMs) break;
    const text = await readText(fs, path);
    if (text !== undefined && isStale(text, firstSeen, o)) await breakStale(fs, path, text, firstSeen, o);
    // Jitter, so that many waiters do not retry in lockstep.
    await sleep(o.pollMs * (0.5 + Math.random()));
  }
  throw failure(`timed out waiting for the lock ${path}`, `rm ${path}  # only if no port42 process is running`);
}
