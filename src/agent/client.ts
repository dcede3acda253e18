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
import { exchangeOverPipe } from './pipe-exchange.ts';
import { MAX_MESSAGE_BYTES, PROTOCOL_VERSION, type AgentCall, type AgentReply } from './protocol.ts';

/** How long a read (or status, lock) may take before the agent counts as absent. */
export const AGENT_TIMEOUT_MS = 1000;
/** Writes may wait for the store's lock behind other writers. */
export const AGENT_WRITE_TIMEOUT_MS = 15_000;

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
  if (!checkSocketDir(dirname(socketPath)) || !isOurSocket(socketPath)) return undefined;
  const line = JSON.stringify({ v: PROTOCOL_VERSION, ...request }) + '\n';
  const exchange = exchangeOverPipe(socketPath, line, MAX_MESSAGE_BYTES, timeoutMs);
  if (exchange) return parseReply(await exchange);
  return askOverNet(socketPath, line, timeoutMs);
}

/** The reply in `bytes` when it is one of this protocol version, else undefined. */
function parseReply(bytes: Uint8Array | undefined): AgentReply | undefined {
  if (bytes === undefined) return undefined;
  try {
    // toString() without an encoding is UTF-8 at once; naming one costs ~0.1 ms on first use.
    const reply = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString()) as AgentReply;
    return reply?.v === PROTOCOL_VERSION ? reply : undefined;
  } catch {
    return undefined;
  }
}

/** askAgent through node:net, where node's pipe handle is not usable (src/agent/pipe-exchange.ts). */
function askOverNet(socketPath: string, line: string, timeoutMs: number): Promise<AgentReply | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const socket = loadNet().connect(socketPath);
    const done = (reply: Buffer | undefined) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(parseReply(reply));
    };
    const timer = setTimeout(() => done(undefined), timeoutMs);
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
  if (code === 'store-unavailable') return storeUnavailable(message, hint);
  return failure(code === 'failure' ? message : `the unlock agent refused the request: ${message}`, hint);
}
