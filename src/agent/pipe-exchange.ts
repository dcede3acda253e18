/**
 * One request line out, one reply line back, on a Unix socket through node's pipe handle — the
 * object a net.Socket wraps — without node:net. Measured on Node 20 (hrtime marks, `auth token`
 * through the unlock agent): loading node:net with its stream internals ~2 ms, creating and
 * connecting the net.Socket ~1 ms, its events, reads and destroy another ~1.5 ms; the handle does
 * the same connect, write and read in ~0.3 ms. Every `auth token` on a file store pays this.
 *
 * The handle comes from process.binding('pipe_wrap') and ('stream_wrap'): on node's allow-list for
 * process.binding and not runtime-deprecated (only `--pending-deprecation` warns, once). It is not a
 * public API: when the bindings are missing or not of the expected shape (another node), the
 * exchange is not attempted and the caller uses node:net, which behaves the same.
 */

/** The parts of the two bindings used here, as Node 20–24 have them. */
interface PipeHandle {
  connect(request: object, path: string): number;
  readStart(): number;
  writeUtf8String(request: object, text: string): number;
  close(): void;
  onread: (buffer: ArrayBuffer) => void;
}
interface Bindings {
  readonly Pipe: new (type: number) => PipeHandle;
  readonly PipeConnectWrap: new () => { oncomplete?: (status: number) => void };
  readonly WriteWrap: new () => { handle?: PipeHandle; oncomplete?: (status: number) => void; async?: boolean };
  readonly socketType: number;
  /** Set by each read: bytes read (negative: error or end of stream) and the offset in the buffer. */
  readonly state: Int32Array;
  readonly bytesIndex: number;
  readonly offsetIndex: number;
}

let bindings: Bindings | null | undefined;

/** The bindings, or null when this node does not have them as expected. */
function loadBindings(): Bindings | null {
  if (bindings !== undefined) return bindings;
  bindings = null;
  try {
    const binding = (process as unknown as { binding?: (name: string) => Record<string, unknown> }).binding;
    if (typeof binding !== 'function') return null;
    const pipe = binding('pipe_wrap');
    const stream = binding('stream_wrap');
    const constants = pipe.constants as { SOCKET?: unknown } | undefined;
    const state = stream.streamBaseState;
    const { kReadBytesOrError, kArrayBufferOffset } = stream;
    if (
      typeof pipe.Pipe === 'function' &&
      typeof pipe.PipeConnectWrap === 'function' &&
      typeof stream.WriteWrap === 'function' &&
      typeof constants?.SOCKET === 'number' &&
      state instanceof Int32Array &&
      typeof kReadBytesOrError === 'number' &&
      typeof kArrayBufferOffset === 'number'
    ) {
      bindings = {
        Pipe: pipe.Pipe as Bindings['Pipe'],
        PipeConnectWrap: pipe.PipeConnectWrap as Bindings['PipeConnectWrap'],
        WriteWrap: stream.WriteWrap as Bindings['WriteWrap'],
        socketType: constants.SOCKET,
        state,
        bytesIndex: kReadBytesOrError,
        offsetIndex: kArrayBufferOffset,
      };
    }
  } catch {
    // not this node's shape: node:net it is
  }
  return bindings;
}

/** One Uint8Array of the chunks, in order (Buffer.concat costs ~0.1 ms on its first call). */
function joinChunks(chunks: readonly Uint8Array[], size: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const joined = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    joined.set(chunk, offset);
    offset += chunk.length;
  }
  return joined;
}

/** What an exchange resolves to when it connected but no reply came in `timeoutMs`: the peer may have the request. */
export const NO_REPLY = 'no-reply';

/**
 * Connects to `path`, writes `line`, and resolves to the bytes the peer sent up to its first
 * newline (excluded); to undefined when the connect fails, the peer closes first, `maxBytes` pass
 * without a newline, or `timeoutMs` elapse before the connect completes; to NO_REPLY when they
 * elapse after it. Returns undefined without trying when the bindings are
 * not usable (the caller then uses node:net). Never throws. Plain Uint8Arrays and V8's own
 * indexOf: node's Buffer methods cost 0.1–0.2 ms each on their first call, and this runs once.
 */
export function exchangeOverPipe(
  path: string,
  line: string,
  maxBytes: number,
  timeoutMs: number,
): Promise<Uint8Array | typeof NO_REPLY | undefined> | undefined {
  const b = loadBindings();
  if (!b) return undefined;
  let handle: PipeHandle;
  try {
    handle = new b.Pipe(b.socketType);
  } catch {
    return undefined;
  }
  return new Promise((resolve) => {
    const chunks: Uint8Array[] = [];
    let size = 0;
    let finished = false;
    let connected = false;
    const finish = (reply: Uint8Array | typeof NO_REPLY | undefined) => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      handle.close();
      resolve(reply);
    };
    const timer = setTimeout(() => finish(connected ? NO_REPLY : undefined), timeoutMs);
    handle.onread = (buffer) => {
      const read = b.state[b.bytesIndex]!;
      if (read === 0) return; // nothing this time (EAGAIN)
      if (read < 0) return finish(undefined); // closed (or failed) before a whole line came
      const chunk = new Uint8Array(buffer, b.state[b.offsetIndex]!, read);
      const newline = chunk.indexOf(10);
      chunks.push(newline === -1 ? chunk : chunk.subarray(0, newline));
      size += newline === -1 ? read : newline;
      if (newline !== -1) finish(joinChunks(chunks, size));
      else if (size >= maxBytes) finish(undefined);
    };
    const connect = new b.PipeConnectWrap();
    connect.oncomplete = (status) => {
      if (finished) return;
      if (status < 0 || handle.readStart() < 0) return finish(undefined);
      connected = true;
      const write = new b.WriteWrap();
      write.handle = handle;
      write.async = false;
      write.oncomplete = (writeStatus) => {
        if (writeStatus < 0) finish(undefined);
      };
      if (handle.writeUtf8String(write, line) < 0) finish(undefined);
    };
    try {
      if (handle.connect(connect, path) < 0) finish(undefined);
    } catch {
      finish(undefined);
    }
  });
}
