/**
 * `port42 unlock [--idle 30m] [--max 12h] [--status]`: checks the passphrase against the
 * encrypted store (creating an empty one when there is none), then hands the derived key to a
 * fresh agent — or gives the running one new limits — so that later commands need neither
 * PORT42_PASSPHRASE nor a prompt.
 */
import { join } from 'node:path';
import { note, type Context } from '../context.ts';
import { loadConfig } from '../config/load.ts';
import { booleanOption, stringOption, type ParsedArgs } from '../cli/args.ts';
import { failure, formatError, usageError } from '../errors.ts';
import { promptPassphrase } from '../cli/passphrase-prompt.ts';
import { stateDir } from '../files/paths.ts';
import { EncryptedFileStore, STORE_FILE } from '../stores/encrypted-file.ts';
import { passphraseKeys } from '../stores/store-keys.ts';
import { agentSocketPath } from '../agent/socket-path.ts';
import { DEFAULT_IDLE, DEFAULT_MAX, minutesLeft, parseLifetime } from '../agent/lifetime.ts';
import { prepareSocketDir } from '../agent/socket-dir.ts';
import { agentStatus, describeAgent } from '../agent/status.ts';
import { startAgent, stopAgent } from '../agent/start.ts';
import { askAgent } from '../agent/client.ts';
import type { AgentStatus } from '../agent/protocol.ts';

/**
 * Gives a running agent of the same store new limits, so that commands running meanwhile never
 * see it absent; undefined when there is none, or it holds another key (another store or an
 * upgraded format): then a new agent replaces it.
 */
async function renewRunningAgent(socketPath: string, key: Buffer, idleMs: number, maxMs: number): Promise<AgentStatus | undefined> {
  // The key crosses the 0600 socket as it crosses the new agent's stdin; the agent compares it in constant time.
  const renewed = await askAgent(socketPath, { op: 'renew', key: key.toString('base64'), idleMs, maxMs });
  if (!renewed?.ok) return undefined;
  const reply = await askAgent(socketPath, { op: 'status' });
  return reply?.ok ? reply.status : undefined;
}

async function storeExists(ctx: Context, dir: string): Promise<boolean> {
  try {
    await ctx.fs.stat(join(dir, STORE_FILE));
    return true;
  } catch {
    return false;
  }
}

/** The passphrase from piped stdin (one trailing newline dropped) or a hidden prompt. */
async function readPassphrase(ctx: Context, creating: boolean): Promise<string> {
  if (ctx.stdin.isTTY) return promptPassphrase(ctx.prompt, creating);
  const piped = (await ctx.stdin.readAll()).replace(/\r?\n$/, '');
  if (piped === '') throw usageError('no passphrase on stdin', 'printf %s "$PASSPHRASE" | port42 unlock');
  return piped;
}

/** Says so when the config never uses the file store that was just unlocked (a config error is not unlock's to report). */
async function noteKeychainConfig(ctx: Context): Promise<void> {
  const config = await loadConfig(ctx).catch(() => undefined);
  if (config?.store === 'keychain') {
    note(
      ctx,
      `${config.path} says store = "keychain": commands use the keychain, not the file store unlocked here (store = "file" or "auto" uses it)`,
    );
  }
}

/** Runs `unlock`. Exit 0 once the agent answers; 5 for a wrong passphrase (nothing started). */
export async function runUnlock(ctx: Context, args: ParsedArgs): Promise<number> {
  const socketPath = agentSocketPath(ctx.env, ctx.home);
  if (booleanOption(args, 'status')) {
    const status = await agentStatus(socketPath, (error) => ctx.stderr.write(formatError(error, false)));
    ctx.stdout.write(describeAgent(status) + '\n');
    return status ? 0 : 5;
  }
  const idle = stringOption(args, 'idle') ?? DEFAULT_IDLE;
  const max = stringOption(args, 'max') ?? DEFAULT_MAX;
  const idleMs = parseLifetime(idle, '--idle');
  const maxMs = parseLifetime(max, '--max');
  if (idleMs > maxMs) throw usageError('--idle cannot be longer than --max');
  if (!ctx.selfPath) throw failure('cannot tell where the port42 executable is, so the agent cannot be started');
  prepareSocketDir(socketPath); // refuse an unsafe directory before asking for anything
  const dir = stateDir(ctx.env, ctx.home);
  const passphrase = await readPassphrase(ctx, !(await storeExists(ctx, dir)));
  const keys = passphraseKeys(async () => passphrase);
  const store = new EncryptedFileStore({ fs: ctx.fs, dir, keys, pid: ctx.pid, now: () => ctx.now() });
  const kdf = await store.verifyAndUpgrade();
  const key = Buffer.from(await keys.key(kdf, false));
  try {
    let status = await renewRunningAgent(socketPath, key, idleMs, maxMs);
    if (status === undefined) {
      await stopAgent(socketPath);
      status = await startAgent(ctx.selfPath, ctx.env, { socketPath, storeDir: dir, kdf, idleMs, maxMs }, key);
    }
    ctx.stderr.write(
      `port42: file store: unlocked by the agent, ${minutesLeft(status.leftMs)} (locks after ${idle} unused, ${max} at most)\n  run: port42 lock   # to lock it now\n`,
    );
    await noteKeychainConfig(ctx);
  } finally {
    key.fill(0);
    (await keys.key(kdf, false)).fill(0);
  }
  return 0;
}
