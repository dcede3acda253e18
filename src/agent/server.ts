/**
 * The agent's socket server: newline-delimited JSON requests (protocol.ts) answered against the
 * encrypted store with the key the agent holds. Each connection is independent, so a slow or dead
 * client holds up nobody; lines are bounded; malformed input gets an error reply and the agent
 * stays up. Writes run one at a time here and under the store's file lock across processes; one
 * not started before its connection ends or its deadline passes is withdrawn (write-deadline.ts).
 */
import { createServer, type Server, type Socket } from 'node:net';
import { Port42Error } from '../errors.ts';
import type { SecretStore } from '../stores/types.ts';
import { LIMIT_MS } from './lifetime.ts';
import {
  AGENT_WRITE_WAIT_MS,
  MAX_MESSAGE_BYTES,
  PROTOCOL_VERSION,
  type AgentErrorCode,
  type AgentReply,
  type AgentStatus,
} from './protocol.ts';
import type { StoreWriteOptions } from '../stores/encrypted-file.ts';
import { WriteWithdrawn, queueWrite, withdrawnReply } from './write-deadline.ts';

/** The store the agent serves: its writes take a signal that withdraws them until they start (EncryptedFileStore's do). */
export type AgentBackingStore = SecretStore & {
  set(account: string, value: string, options?: StoreWriteOptions): Promise<void>;
  delete(account: string, options?: StoreWriteOptions): Promise<boolean>;
};

/** What the server answers with and whom it tells about uses and `lock`. */
export interface AgentServerOptions {
  readonly store: AgentBackingStore;
  /** The state directory of that store: requests naming another one are refused (`other-store`). */
  readonly storeDir: string;
  readonly status: () => AgentStatus;
  /** A request that counts as use (everything but status). */
  readonly touch: () => void;
  readonly lock: () => void;
  /** True once the agent is locking: its key is overwritten, so the store is not touched any more. */
  readonly stopping: () => boolean;
  /** New limits from now, if `key` is the key the agent holds; false otherwise. */
  readonly renew: (key: Buffer, idleMs: number, maxMs: number) => boolean;
  /** How long a write may wait before it starts; default AGENT_WRITE_WAIT_MS. */
  readonly writeWaitMs?: number;
}

/** What one request needs besides its line: the agent's write queue, whether its client left, when it arrived. */
interface RequestScope {
  readonly serialize: <T>(work: () => Promise<T>) => Promise<T>;
  /** Aborted once the connection ends or closes. */
  readonly gone: AbortSignal;
  /** performance.now() when the line arrived. */
  readonly receivedAt: number;
}

/** A client that sends nothing for this long is dropped. */
const CLIENT_IDLE_MS = 10_000;

const errorReply = (code: AgentErrorCode, message: string, hint?: string): AgentReply => ({
  v: PROTOCOL_VERSION,
  ok: false,
  error: hint === undefined ? { code, message } : { code, message, hint },
});

const isText = (value: unknown): value is string => typeof value === 'string' && value.length > 0 && !value.includes('\0');

/** Answers one request line. */
async function answer(line: string, options: AgentServerOptions, scope: RequestScope): Promise<AgentReply> {
  let request: Record<string, unknown>;
  try {
    request = JSON.parse(line) as Record<string, unknown>;
    if (request === null || typeof request !== 'object' || Array.isArray(request)) throw new Error('not an object');
  } catch {
    return errorReply('bad-request', 'not a JSON object');
  }
  if (request.v !== PROTOCOL_VERSION) return errorReply('version', `protocol version ${PROTOCOL_VERSION} expected`);
  const { op, account, value } = request;
  const ok = (fields: Partial<Extract<AgentReply, { ok: true }>>): AgentReply => ({ v: PROTOCOL_VERSION, ok: true, ...fields });
  if (op === 'status') return ok({ status: options.status() });
  if (op === 'lock') {
    options.lock();
    return ok({});
  }
  if (op === 'renew') return renew(request, options);
  if (op !== 'get' && op !== 'set' && op !== 'delete' && op !== 'list') return errorReply('bad-request', `unknown request "${String(op)}"`);
  if (request.store !== options.storeDir) return errorReply('other-store', 'this agent serves another store');
  // Connections still open while the agent exits: with the key overwritten, a read would fail and a
  // write to a missing store would seal it with zeros. The client falls back as if no agent answered.
  if (options.stopping()) return errorReply('stopping', 'the agent is locking');
  if (op !== 'list' && !isText(account)) return errorReply('bad-request', `"${String(op)}" needs an account`);
  options.touch();
  const write = { ...scope, waitMs: options.writeWaitMs ?? AGENT_WRITE_WAIT_MS, stopping: options.stopping };
  try {
    switch (op) {
      case 'get':
        return ok({ value: (await options.store.get(account as string)) ?? null });
      case 'list':
        return ok({ items: Object.fromEntries(await options.store.getAll()) });
      case 'set':
        if (typeof value !== 'string') return errorReply('bad-request', '"set" needs a value');
        await queueWrite(scope.serialize, write, (signal) => options.store.set(account as string, value, signal));
        return ok({});
      case 'delete':
        return ok({ deleted: await queueWrite(scope.serialize, write, (signal) => options.store.delete(account as string, signal)) });
      default:
        return errorReply('bad-request', `unknown request "${String(op)}"`);
    }
  } catch (error) {
    if (error instanceof WriteWithdrawn) return withdrawnReply(error);
    if (error instanceof Port42Error) {
      return errorReply(error.code === 'store-unavailable' ? 'store-unavailable' : 'failure', error.message, error.hint);
    }
    return errorReply('failure', 'the agent could not complete the request');
  }
}

const isLimit = (value: unknown): value is number => Number.isInteger(value) && (value as number) > 0 && (value as number) <= LIMIT_MS;

/** Answers `renew`: new limits only for a caller who proves the passphrase by sending the key. */
function renew(request: Record<string, unknown>, options: AgentServerOptions): AgentReply {
  const { key, idleMs, maxMs } = request;
  if (typeof key !== 'string' || !isLimit(idleMs) || !isLimit(maxMs) || idleMs > maxMs) {
    return errorReply('bad-request', '"renew" needs the key and two limits');
  }
  const given = Buffer.from(key, 'base64');
  try {
    if (!options.renew(given, idleMs, maxMs)) return errorReply('bad-request', 'not the key of the store this agent serves');
  } finally {
    given.fill(0);
  }
  return { v: PROTOCOL_VERSION, ok: true };
}

function serveConnection(socket: Socket, options: AgentServerOptions, serialize: <T>(work: () => Promise<T>) => Promise<T>): void {
  let pending = Buffer.alloc(0);
  let queue = Promise.resolve();
  let inFlight = 0;
  // The end of the connection withdraws its writes not yet started (write-deadline.ts).
  const gone = new AbortController();
  socket.setTimeout(CLIENT_IDLE_MS);
  socket.on('timeout', () => socket.destroy());
  socket.on('error', () => socket.destroy());
  socket.on('close', () => gone.abort());
  socket.on('end', () => {
    gone.abort();
    void queue.then(() => socket.end());
  });
  const reply = (text: AgentReply) => {
    if (!socket.destroyed) socket.write(JSON.stringify(text) + '\n');
  };
  socket.on('data', (chunk: Buffer) => {
    pending = Buffer.concat([pending, chunk]);
    for (let newline = pending.indexOf(10); newline !== -1; newline = pending.indexOf(10)) {
      const line = pending.subarray(0, newline).toString('utf8');
      pending = pending.subarray(newline + 1);
      const scope: RequestScope = { serialize, gone: gone.signal, receivedAt: performance.now() };
      // A client waiting for its answer is not idle: dropping it would lose the reply (the write
      // behind it would be withdrawn, but the client could not tell), so the idle limit pauses.
      inFlight++;
      socket.setTimeout(0);
      // Requests on one connection are answered in order.
      queue = queue.then(async () => {
        reply(await answer(line, options, scope));
        if (--inFlight === 0 && !socket.destroyed) socket.setTimeout(CLIENT_IDLE_MS);
      });
    }
    if (pending.length >= MAX_MESSAGE_BYTES) {
      pending = Buffer.alloc(0);
      void queue.then(() => {
        reply(errorReply('too-large', `a request is limited to ${MAX_MESSAGE_BYTES} bytes`));
        socket.destroySoon();
      });
      socket.pause();
    }
  });
}

/** Creates the server (not yet listening). */
export function createAgentServer(options: AgentServerOptions): Server {
  let writes: Promise<unknown> = Promise.resolve();
  const serialize = <T>(work: () => Promise<T>): Promise<T> => {
    const result = writes.then(work, work);
    writes = result.catch(() => undefined);
    return result;
  };
  return createServer({ allowHalfOpen: true }, (socket) => serveConnection(socket, options, serialize));
}
