/**
 * Opening files without following a symbolic link in the last path component (O_NOFOLLOW) and
 * without blocking on a FIFO or device (O_NONBLOCK), then judging what was opened by fstat on the
 * descriptor itself, so that no check can be raced by swapping the path afterwards.
 */
import type { FileSystem } from '../context.ts';
import { fsSync } from '../builtins.ts';
import { effectiveUid } from './private-dir.ts';

const C = fsSync.constants;
// Windows has neither flag; there a 0 keeps the rest of the open as it was.
const NOFOLLOW = C.O_NOFOLLOW ?? 0;
const NONBLOCK = C.O_NONBLOCK ?? 0;

/** Flags to read a file that must not be a link, a FIFO or a device. */
export const READ_NO_FOLLOW = C.O_RDONLY | NOFOLLOW | NONBLOCK;

/** Flags to append to (creating) a file that must not be a link. */
export const APPEND_NO_FOLLOW = C.O_WRONLY | C.O_APPEND | C.O_CREAT | NOFOLLOW;

/** Why a file opened without following links may not be used. */
export type UnsafeFileReason = 'symlink' | 'not-regular' | 'too-large' | 'foreign-owner';

/** A file port42 refused to read, with the reason (see UnsafeFileReason). */
export class UnsafeFileError extends Error {
  readonly reason: UnsafeFileReason;
  constructor(path: string, reason: UnsafeFileReason) {
    super(`${path}: ${reason}`);
    this.name = 'UnsafeFileError';
    this.reason = reason;
  }
}

/** Limits for readNoFollow. */
export interface ReadLimits {
  /** Larger files are refused (too-large) without reading them. */
  readonly maxBytes: number;
  /** Owners besides the effective user whose files are accepted (e.g. 0 for root); default none. */
  readonly alsoOwners?: readonly number[];
}

/**
 * Reads a regular file owned by the effective user (or `alsoOwners`) of at most `maxBytes`, as
 * UTF-8, without following a link or blocking. Undefined when it does not exist. Throws
 * UnsafeFileError for a link, FIFO, device, directory, foreign or oversized file; other errno
 * errors as they come (callers translate them into Port42Errors).
 */
export async function readNoFollow(fs: FileSystem, path: string, limits: ReadLimits): Promise<string | undefined> {
  // toString() without an encoding is UTF-8 straight away; naming one costs ~0.1 ms on first use.
  return (await readNoFollowBytes(fs, path, limits))?.toString();
}

/** readNoFollow, as the bytes themselves (to hash exactly what is on disk). Same errors. */
export async function readNoFollowBytes(fs: FileSystem, path: string, limits: ReadLimits): Promise<Buffer | undefined> {
  let handle;
  try {
    handle = await fs.open(path, READ_NO_FOLLOW);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    // Linux says ELOOP for a link under O_NOFOLLOW; the BSDs and macOS say EMLINK.
    if (code === 'ELOOP' || code === 'EMLINK') throw new UnsafeFileError(path, 'symlink');
    throw error;
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) throw new UnsafeFileError(path, 'not-regular');
    const euid = effectiveUid();
    if (euid !== undefined && stats.uid !== euid && !(limits.alsoOwners ?? []).includes(stats.uid)) {
      throw new UnsafeFileError(path, 'foreign-owner');
    }
    if (stats.size > limits.maxBytes) throw new UnsafeFileError(path, 'too-large');
    // Sized by fstat, one byte more to see growth; a file appended to meanwhile (the audit
    // trail) is read on in chunks, still never past the limit.
    // Unzeroed (Buffer.alloc costs ~0.05 ms on first use): only the bytes read are returned.
    let buffer = Buffer.allocUnsafe(Math.min(stats.size, limits.maxBytes) + 1);
    let length = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length > limits.maxBytes) throw new UnsafeFileError(path, 'too-large');
      if (length === buffer.length) buffer = Buffer.concat([buffer, Buffer.allocUnsafe(Math.min(64 * 1024, limits.maxBytes + 1 - length))]);
    }
    return buffer.subarray(0, length);
  } finally {
    await handle.close();
  }
}
