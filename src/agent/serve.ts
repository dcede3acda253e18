/**
 * The agent process (`port42` started by `port42 unlock` in its hidden serve mode, detached from
 * the terminal). It reads its settings and the derived key from stdin — never the passphrase,
 * never argv or the environment — serves the socket until `lock`, SIGTERM/SIGINT, the idle or
 * the maximum limit, and overwrites the key before it exits. It writes nothing but the store.
 */
import { timingSafeEqual } from 'node:crypto';
import { chmodSync, lstatSync, unlinkSync } from 'node:fs';
import { readStdinSync } from '../cli/fd-input.ts';
import { syncFileSystem } from '../cli/sync-fs.ts';
import { EncryptedFileStore } from '../stores/encrypted-file.ts';
import { heldKey } from '../stores/store-keys.ts';
import type { KdfParams } from '../stores/envelope.ts';
import { Lifetime } from './lifetime.ts';
import { agentWriteWaitMs } from './protocol.ts';
import { createAgentServer } from './server.ts';
import { clearStaleSocket, prepareSocketDir } from './socket-dir.ts';

/** What `unlock` sends on the agent's stdin: one JSON line, then the 32 key bytes. */
export interface AgentSettings {
  readonly socketPath: string;
  readonly storeDir: string;
  readonly kdf: KdfParams;
  readonly idleMs: number;
  readonly maxMs: number;
}

const KEY_BYTES = 32;

function readSettings(): { settings: AgentSettings; key: Buffer } {
  const input = readStdinSync(64 * 1024);
  const key = Buffer.alloc(KEY_BYTES);
  try {
    const newline = input.indexOf(10);
    if (newline === -1 || input.length - newline - 1 !== KEY_BYTES) throw new Error('bad start-up input');
    input.copy(key, 0, newline + 1);
    return { settings: JSON.parse(input.subarray(0, newline).toString('utf8')) as AgentSettings, key };
  } catch (error) {
    key.fill(0);
    throw error;
  } finally {
    input.fill(0); // it held the key too
  }
}

/** Runs the agent until it is told to stop; resolves never (the process exits). */
export async function serveAgent(): Promise<void> {
  process.title = 'port42-agent';
  let key: Buffer | undefined;
  let settings: AgentSettings;
  try {
    ({ settings, key } = readSettings());
    process.umask(0o077);
    prepareSocketDir(settings.socketPath);
    await clearStaleSocket(settings.socketPath);
  } catch (error) {
    key?.fill(0);
    // Before the agent is ready, `unlock` reads stderr: one line, no secret.
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(5);
  }
  const store = new EncryptedFileStore({
    // Synchronous calls on a small private file: node:fs/promises sent each open, fstat, read and
    // close through the thread pool and back, ~0.3 ms of every `auth token` the agent answers.
    fs: syncFileSystem,
    dir: settings.storeDir,
    keys: heldKey(settings.kdf, key),
    pid: process.pid,
    now: Date.now,
  });
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    key.fill(0);
    lifetime.stop();
    server.close();
    try {
      // Only our own socket: a newer agent may have taken the path over.
      if (lstatSync(settings.socketPath).ino === socketIno) unlinkSync(settings.socketPath);
    } catch {
      // already gone
    }
    // Let replies in flight (the answer to `lock`) reach their clients.
    setTimeout(() => process.exit(0), 50).unref();
  };
  const lifetime = new Lifetime(settings.idleMs, settings.maxMs, stop);
  const server = createAgentServer({
    store,
    storeDir: settings.storeDir,
    touch: () => lifetime.touch(),
    lock: stop,
    stopping: () => stopping,
    writeWaitMs: agentWriteWaitMs(process.env),
    renew: (given, idleMs, maxMs) => {
      if (stopping || given.length !== key.length || !timingSafeEqual(given, key)) return false;
      lifetime.renew(idleMs, maxMs);
      return true;
    },
    status: () => ({
      pid: process.pid,
      leftMs: lifetime.leftMs(),
      idleMs: lifetime.idleMs,
      maxMs: lifetime.maxMs,
      store: store.path,
    }),
  });
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, stop);
  process.on('SIGHUP', () => undefined); // detached: a closing terminal does not end the agent
  process.on('uncaughtException', stop);
  let socketIno = -1;
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(settings.socketPath, resolve);
    });
    chmodSync(settings.socketPath, 0o600);
    socketIno = lstatSync(settings.socketPath).ino;
  } catch (error) {
    key.fill(0);
    process.stderr.write(`cannot listen on ${settings.socketPath}: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(5);
  }
  // Ready: `unlock` stops reading stderr now, and nothing is ever written there again.
  process.stderr.on('error', () => undefined);
  process.removeAllListeners('warning');
  process.stderr.write('ready\n');
}
