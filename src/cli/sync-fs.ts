/**
 * node:fs's synchronous calls behind the async FileSystem interface, for the process Context.
 * port42 runs one command and exits, so a synchronous call costs the same system calls and no
 * more; node:fs/promises would start libuv's thread pool on its first call (~2 ms of every hot
 * verb's start-up, FACTS.md). Errors still arrive as rejections: every method is async.
 */
import type { FileHandle } from 'node:fs/promises';
import type { FileSystem } from '../context.ts';
import { fsSync as fs } from '../builtins.ts';

/** The FileHandle methods port42 calls (read, write, writeFile, stat, sync, close), on a plain fd. */
class SyncFileHandle {
  constructor(readonly fd: number) {}

  async read(buffer: Uint8Array, offset: number, length: number, position: number | null) {
    return { bytesRead: fs.readSync(this.fd, buffer, offset, length, position), buffer };
  }

  /** write(text, position?) or write(bytes, offset?, length?, position?), as FileHandle.write. */
  async write(data: string | Uint8Array, ...rest: (number | null | undefined)[]) {
    const bytesWritten =
      typeof data === 'string'
        ? fs.writeSync(this.fd, data, rest[0] ?? null)
        : fs.writeSync(this.fd, data, rest[0] ?? 0, rest[1] ?? data.byteLength - (rest[0] ?? 0), rest[2] ?? null);
    return { bytesWritten, buffer: data };
  }

  async writeFile(data: string | Uint8Array) {
    fs.writeFileSync(this.fd, data);
  }

  async stat() {
    return fs.fstatSync(this.fd);
  }

  async sync() {
    fs.fsyncSync(this.fd);
  }

  async close() {
    fs.closeSync(this.fd);
  }
}

type Args<K extends keyof typeof fs> = (typeof fs)[K] extends (...args: infer A) => unknown ? A : never;

/**
 * The FileSystem of the real process. Cast once here: node's promise signatures are overloaded,
 * and each method below forwards its arguments unchanged to the synchronous twin.
 */
export const syncFileSystem = {
  readFile: async (...args: Args<'readFileSync'>) => fs.readFileSync(...args),
  writeFile: async (...args: Args<'writeFileSync'>) => fs.writeFileSync(...args),
  appendFile: async (...args: Args<'appendFileSync'>) => fs.appendFileSync(...args),
  rename: async (...args: Args<'renameSync'>) => fs.renameSync(...args),
  mkdir: async (...args: Args<'mkdirSync'>) => fs.mkdirSync(...args),
  stat: async (...args: Args<'statSync'>) => fs.statSync(...args),
  lstat: async (...args: Args<'lstatSync'>) => fs.lstatSync(...args),
  realpath: async (...args: Args<'realpathSync'>) => fs.realpathSync(...args),
  chmod: async (...args: Args<'chmodSync'>) => fs.chmodSync(...args),
  unlink: async (...args: Args<'unlinkSync'>) => fs.unlinkSync(...args),
  readdir: async (...args: Args<'readdirSync'>) => fs.readdirSync(...args),
  rm: async (...args: Args<'rmSync'>) => fs.rmSync(...args),
  open: async (path: string, flags?: string | number, mode?: number) =>
    new SyncFileHandle(fs.openSync(path, flags ?? 'r', mode)) as unknown as FileHandle,
} as unknown as FileSystem;
