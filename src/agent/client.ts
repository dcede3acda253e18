/**
 * Asks the unlock agent over its socket. Part of the hot bundle (a cold ESM chunk would cost the
 * ESM loader on every call); the exchange goes through node's pipe handle (pipe-exchange.ts,
 * ~4 ms less than node:net), node:net only where that handle is not usable. An agent that is absent, stale,
 * of another protocol version or silent past the timeout counts as absent: the caller falls back.
 */
import { dirname } from 'node:path';
import { fsSync, loadNet } from '../builtins.ts';
import type { Stats } from 'node:fs';
import { failure, storeUnavailable } from '../errors.ts';
import { effectiveUid, privateDirProblem } from '../files/private-dir.ts';
import { NO_REPLY, exchangeOverPipe } from './pipe-exchange.ts';
import { AGENT_WRITE_WAIT_MS, MAX_MESSAGE_BYTES, PROTOCOL_VERSION, type AgentCall, type AgentReply } from './protocol.ts';

export { NO_REPLY } from './pipe-exchange.ts';

/** How long a read (or status, lock) may take before the agent counts as absent. */
export const AGENT_TIMEOUT_MS = 1000;

/**
 * How much longer a write waits for the agent's answer than the agent lets it wait before it
 * starts (AGENT_WRITE_WAIT_MS). Past that deadline the agent answers within milliseconds: a
 * withdrawn write at once, a started one after one read, one seal and one atomic rename of a small
 * file with the key it holds. 5 s cover that, the reply and a loaded machine's scheduling many
 * times over, so that "the agent did it" and "the client saw it" agree: a client that hears
 * nothing in time is facing a stuck agent (frozen, or its disk hung), not a long queue.
 */
const WRITE_REPLY_MARGIN_MS = 5_000;

/** How long a write waits for the agent's answer when the agent lets writes wait `waitMs` (15 s by default). */
export const agentWriteTimeoutMs = (waitMs = AGENT_WRITE_WAIT_MS): number => waitMs + WRITE_REPLY_MARGIN_MS;

/** How refusals name the directory. */
export const SOCKET_DIR = { what: "agent's socket directory", foreignHint: 'export XDG_RUNTIME_DIR=<a private directory of yours>' };

/**
 * Refuses a socket directory that another user could have prepared (src/files/private-dir.ts: a
 * real directory, ours, 0700). False when there is none. Throws store-unavailable (exit 5) saying why.
 */
export function checkSocketDir(dir: string): boolean {
  let stat: Stats;
  try {
    stat = fsSync.lstatSync(dir);
  } catch {
    return false; // no directory, no agent
  }
  const problem = privateDirProblem(stat, dir, effectiveUid(), SOCKET_DIR);
  if (problem) throw problem;
  return true;
}

/** Whether `path` is a socket of ours (never a symlink: connect() would follow it). */
function isOurSocket(path: string): boolean {
  try {
    const stat = fsSync.lstatSync(path);
    return stat.isSocket() && stat.uid === (effectiveUid() ?? stat.uid);
  } catch {
    return false;
  }
}

/** Sends one request; resolves to the reply, or undefined when no agent answers in time. Throws store-unavailable for an unsafe directory. */
export async function askAgent(socketPath: string, request: AgentCall, timeoutMs = AGENT_TIMEOUT_MS): Promise<AgentReply | undefined> {
  const reply = await exchangeWithAgent(socketPath, request, timeoutMs);
  return reply === NO_REPLY ? undefined : reply;
}

/**
 * askAgent that tells "no agent" (undefined: nothing reached one) from NO_REPLY (an agent took
 * the connection and the request but did not answer in time). Throws store-unavailable for an unsafe directory.
 */
export async function exchangeWithAgent(
  socketPath: string,
  request: AgentCall,
  timeoutMs: number,
): Promise<AgentReply | typeof NO_REPLY | undefined> {
  if (!checkSocketDir(dirname(socketPath)) || !isOurSocket(socketPath)) return undefined;
  const line = JSON.stringify({ v: PROTOCOL_VERSION, ...request }) + '\n';
  const exchange = exchangeOverPipe(socketPath, line, MAX_MESSAGE_BYTES, timeoutMs);
  return parseReply(await (exchange ?? askOverNet(socketPath, line, timeoutMs)));
}

/** The reply in `bytes` when it is one of this protocol version, else undefined (NO_REPLY passes through). */
function parseReply(bytes: Uint8Array | typeof NO_REPLY | undefined): AgentReply | typeof NO_REPLY | undefined {
  if (bytes === undefined || bytes === NO_REPLY) return bytes;
  try {
    // toString() without an encoding is UTF-8 at once; naming one costs ~0.1 ms on first use.
    const reply = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString()) as AgentReply;
    return reply?.v === PROTOCOL_VERSION ? reply : undefined;
  } catch {
    return undefined;
  }
}

/** The exchange through node:net, where node's pipe handle is not usable (src/agent/pipe-exchange.ts); same results. */
function askOverNet(socketPath: string, line: string, timeoutMs: number): Promise<Uint8Array | typeof NO_REPLY | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const socket = loadNet().connect(socketPath);
    const done = (reply: Buffer | typeof NO_REPLY | undefined) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(reply);
    };
    const timer = setTimeout(() => done(socket.connecting ? undefined : NO_REPLY), timeoutMs);
    socket.on('error', () => done(undefined));
    socket.on('close', () => done(undefined));
    socket.on('data', (chunk: Buffer) => {
      const newline = chunk.indexOf(10);
      chunks.push(newline === -1 ? chunk : chunk.subarray(0, newline));
      size += chunk.length;
      if (newline === -1 && size < MAX_MESSAGE_BYTES) return;
      done(newline === -1 ? undefined : Buffer.concat(chunks));
    });
    socket.write(line);
  });
}

/** Turns an error reply into port42's error; undefined for replies that mean "no usable agent". */
export function agentError(reply: Extract<AgentReply, { ok: false }>): Error | undefined {
  const { code, message, hint } = reply.error;
  if (code === 'version' || code === 'other-store' || code === 'stopping') return undefined;
  if (code === 'store-unavailable' || code === 'expired') return storeUnavailable(message, hint);
  return failure(code === 'failure' ? message : `the unlock agent refused the request: ${message}`, hint);
}
