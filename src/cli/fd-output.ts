/**
 * Writes to stdout/stderr with fs.writeSync on the file descriptor. process.stdout builds a
 * stream (net, stream internals: several ms of start-up for a pipe) that the hot verbs do not
 * need for one line; a synchronous write also guarantees the bytes are out before exit.
 */
import { fsSync } from '../builtins.ts';

const EAGAIN_PAUSE_MS = 1;
const MAX_EAGAIN_RETRIES = 30_000; // ~30 s of a reader that does not read: then give up.
const pause = new Int32Array(new SharedArrayBuffer(4));

/** Writes all of `text` to `fd`, waiting out EAGAIN on non-blocking pipes; EPIPE is ignored. */
export function writeAllSync(fd: number, text: string): void {
  let buffer = Buffer.from(text, 'utf8');
  let retries = 0;
  while (buffer.length > 0) {
    try {
      const written = fsSync.writeSync(fd, buffer);
      buffer = buffer.subarray(written);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EPIPE') return; // the reader went away (e.g. `| head`): nothing left to do
      if (code !== 'EAGAIN' || ++retries > MAX_EAGAIN_RETRIES) throw error;
      Atomics.wait(pause, 0, 0, EAGAIN_PAUSE_MS);
    }
  }
}
