/**
 * Reads stdin with fs.readSync on fd 0. process.stdin builds a stream (net and the stream
 * internals: ~10 ms of start-up) that `helper get` does not need for a few hundred bytes.
 */
import { fsSync } from '../builtins.ts';
import { usageError } from '../errors.ts';

const CHUNK = 64 * 1024;
const EAGAIN_PAUSE_MS = 2;
/** A non-blocking stdin that stays silent this long is given up on (git writes at once). */
const MAX_WAIT_MS = 60_000;
const pause = new Int32Array(new SharedArrayBuffer(4));

/**
 * Bytes from stdin until EOF, or until `done(soFar)` says the message is complete (a writer that
 * keeps its end open is not waited for). Throws usage (2) past maxBytes, before buffering more.
 */
export function readStdinSync(maxBytes: number, done?: (soFar: Buffer) => boolean): Buffer {
  const chunks: Buffer[] = [];
  let size = 0;
  let waited = 0;
  for (;;) {
    const chunk = Buffer.allocUnsafe(CHUNK);
    let read: number;
    try {
      read = fsSync.readSync(0, chunk, 0, CHUNK, null);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EOF') break;
      if (code !== 'EAGAIN' || waited >= MAX_WAIT_MS) throw error;
      Atomics.wait(pause, 0, 0, EAGAIN_PAUSE_MS);
      waited += EAGAIN_PAUSE_MS;
      continue;
    }
    if (read === 0) break;
    chunks.push(chunk.subarray(0, read));
    size += read;
    if (size > maxBytes) throw usageError(`the input on stdin is larger than ${maxBytes} bytes`);
    if (done?.(joined(chunks))) break;
  }
  return joined(chunks);
}

/** The chunks as one Buffer; most inputs are one chunk (Buffer.concat costs ~0.1 ms on its first call). */
function joined(chunks: Buffer[]): Buffer {
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
}
