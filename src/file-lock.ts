/**
 * A lock between processes: a file created exclusively (O_EXCL) holding the owner's pid and
 * time. A lock whose owner is dead, or older than `staleMs`, is broken. Waiting is bounded.
 */
import type { FileSystem } from './context.ts';
import { failure } from './errors.ts';

/** Lock timing; defaults suit a refresh or a store write (both well under a second). */
export interface LockOptions {
  /** A lock older than this is taken over even if its owner seems alive. */
  readonly staleMs?: number;
  /** Give up waiting after this long. */
  readonly timeoutMs?: number;
  /** Pause between attempts. */
  readonly pollMs?: number;
  readonly pid: number;
  readonly now: () => number;
  /** Whether a pid is alive; the default asks the OS with signal 0. */
  readonly isAlive?: (pid: number) => boolean;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function breakIfStale(fs: FileSystem, path: string, options: Required<LockOptions>): Promise<void> {
  let text: string;
  try {
    text = (await fs.readFile(path, 'utf8')) as string;
  } catch {
    return; // gone already
  }
  const [pidText, timeText] = text.split(' ');
  const owner = Number(pidText);
  const since = Number(timeText);
  const dead = Number.isInteger(owner) && owner > 0 && !options.isAlive(owner);
  // A half-written lock (no time yet) counts as fresh until staleMs after we first saw it.
  const old = Number.isFinite(since) && options.now() - since > options.staleMs;
  if (dead || old) {
    // Rename first so two waiters cannot both delete a lock the other just took.
    const grave = `${path}.${options.pid}.stale`;
    try {
      await fs.rename(path, grave);
      await fs.unlink(grave);
    } catch {
      // Someone else broke it first.
    }
  }
}

/** Runs `work` while holding the lock file at `path`. Throws failure (exit 1) when it cannot get it in time. */
export async function withFileLock<T>(fs: FileSystem, path: string, options: LockOptions, work: () => Promise<T>): Promise<T> {
  const o: Required<LockOptions> = { staleMs: 10_000, timeoutMs: 15_000, pollMs: 25, isAlive: processAlive, ...options };
  const start = o.now();
  const maxAttempts = Math.ceil(o.timeoutMs / o.pollMs) + 1;
  for (let attempt = 0; attempt < maxAttempts; attempt++) {
    try {
      const handle = await fs.open(path, 'wx', 0o600);
      try {
        await handle.writeFile(`${o.pid} ${o.now()}`);
      } finally {
        await handle.close();
      }
      try {
        return await work();
      } finally {
        await fs.unlink(path).catch(() => undefined);
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    if (o.now() - start > o.timeoutMs) break;
    await breakIfStale(fs, path, o);
    await sleep(o.pollMs);
  }
  throw failure(`timed out waiting for the lock ${path}`, `rm ${path}  # only if no port42 process is running`);
}
