/** Atomic replacement of files: a reader sees the old bytes or the new ones, never a mix or nothing. */
import { dirname } from 'node:path';
import type { FileSystem } from '../context.ts';

let tempCounter = 0;

/**
 * Writes `data` to a temporary file next to `path`, flushes it, then renames it over `path`.
 * The mode applies to the new file (0600 for anything near a secret).
 */
export async function writeFileAtomic(fs: FileSystem, path: string, data: string | Uint8Array, mode = 0o600): Promise<void> {
  // Unique enough with pid + time + counter; 'wx' refuses to reuse a name anyway. (No node:crypto:
  // this runs on the hot path when the config cache is written.)
  const temp = `${path}.${process.pid}.${Date.now().toString(36)}.${(tempCounter++).toString(36)}${Math.random().toString(36).slice(2, 8)}.tmp`;
  const handle = await fs.open(temp, 'wx', mode);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await fs.chmod(temp, mode);
    await fs.rename(temp, path);
  } catch (error) {
    await fs.unlink(temp).catch(() => undefined);
    throw error;
  }
}

/**
 * Creates a private directory (0700) or checks that an existing one is private and ours
 * (src/files/private-dir.ts). Throws store-unavailable (5) for one that is not.
 */
export { ensurePrivateDir } from './private-dir.ts';

/** Creates the parent directory of a file (default mode for config dirs). */
export async function ensureParentDir(fs: FileSystem, path: string): Promise<void> {
  await fs.mkdir(dirname(path), { recursive: true });
}

/** Reads a UTF-8 file, or undefined when it does not exist. */
export async function readTextIfExists(fs: FileSystem, path: string): Promise<string | undefined> {
  try {
    return (await fs.readFile(path, 'utf8')) as string;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
