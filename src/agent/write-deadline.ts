/**
 * When the agent withdraws a queued write, so that no write outlives the caller that asked for it:
 * when its connection ends (port42's client keeps it open until it has its reply, and closes it
 * only then or when it gives up), or once it has waited longer than the write deadline since its
 * request arrived (protocol.ts, AGENT_WRITE_WAIT_MS). Withdrawn means never started: a write that
 * has started (the store's lock held) finishes, and the store replaces its file atomically.
 */
import type { StoreWriteOptions } from '../stores/encrypted-file.ts';
import { PROTOCOL_VERSION, type AgentReply } from './protocol.ts';

/** The abort reason of a withdrawn write, thrown by the store call it stopped. */
export class WriteWithdrawn extends Error {
  constructor(
    readonly why: 'gone' | 'expired' | 'stopping',
    readonly waitMs: number,
  ) {
    super(`write withdrawn (${why})`);
  }
}

/** What a queued write needs to know about its request. */
export interface WriteRequest {
  /** Aborted once the request's connection ends or closes. */
  readonly gone: AbortSignal;
  /** performance.now() when the request line arrived. */
  readonly receivedAt: number;
  readonly waitMs: number;
  /** True once the agent is locking: its key is overwritten, so a write whose turn comes then is withdrawn too. */
  readonly stopping: () => boolean;
}

/**
 * Runs `work` through `serialize` (the agent's one-at-a-time write queue) unless the request is
 * withdrawn first. Withdrawn while still queued, it rejects at once with a WriteWithdrawn (and its
 * turn, when it comes, does nothing); once its turn has come, the store stops waiting for its lock
 * on the same signal, and a write that holds the lock finishes.
 */
export function queueWrite<T>(
  serialize: <R>(work: () => Promise<R>) => Promise<R>,
  request: WriteRequest,
  work: (options: Required<StoreWriteOptions>) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  const { signal } = controller;
  const gone = () => controller.abort(new WriteWithdrawn('gone', request.waitMs));
  const left = Math.max(0, request.receivedAt + request.waitMs - performance.now());
  const timer = setTimeout(() => controller.abort(new WriteWithdrawn('expired', request.waitMs)), left);
  if (request.gone.aborted) gone();
  else request.gone.addEventListener('abort', gone, { once: true });
  let turn = false;
  const withdrawnWhileQueued = new Promise<never>((_, reject) =>
    signal.addEventListener('abort', () => turn || reject(signal.reason as WriteWithdrawn), { once: true }),
  );
  const done = serialize(() => {
    turn = true;
    signal.throwIfAborted();
    if (request.stopping()) throw new WriteWithdrawn('stopping', request.waitMs);
    return work({ signal });
  });
  return Promise.race([done, withdrawnWhileQueued]).finally(() => {
    clearTimeout(timer);
    request.gone.removeEventListener('abort', gone);
  });
}

/** The reply to a withdrawn write (for a client that went away, nobody reads it). */
export function withdrawnReply(withdrawn: WriteWithdrawn): AgentReply {
  // As for any request once the agent is locking: the client counts it as absent and falls back.
  if (withdrawn.why === 'stopping') return { v: PROTOCOL_VERSION, ok: false, error: { code: 'stopping', message: 'the agent is locking' } };
  const message =
    withdrawn.why === 'expired'
      ? `the unlock agent gave up the write after it waited ${withdrawn.waitMs / 1000} s for the encrypted store (other port42 commands kept it locked); nothing was changed, try again`
      : 'the connection ended before the write started; nothing was changed';
  return { v: PROTOCOL_VERSION, ok: false, error: { code: 'expired', message } };
}
