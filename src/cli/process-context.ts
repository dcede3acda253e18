/**
 * Builds the real Context from `process` (the only place, with bin.ts, that touches it). Heavy
 * parts — child processes, the terminal prompt, the encrypted store's crypto — load on first use
 * so that the hot verbs stay close to `node -e 0`.
 */
import * as fsp from 'node:fs/promises';
import { homedir } from 'node:os';
import { isatty } from 'node:tty';
import type { Context } from '../context.ts';
import { KeychainStore, keychainEnvironmentHint, keychainTimeout } from '../stores/keychain.ts';
import { Port42Error, storeUnavailable, usageError } from '../errors.ts';
import { selfPathFrom } from './self-path.ts';
import { stateDir } from '../paths.ts';

const prompt: Context['prompt'] = async (question, options) => (await import('./prompt.ts')).promptOnTerminal(question, options);

/** PORT42_PASSPHRASE, else a hidden prompt on the terminal (twice when creating the store). */
function passphraseSource(env: NodeJS.ProcessEnv) {
  return async (creating: boolean): Promise<string> => {
    if (env.PORT42_PASSPHRASE) return env.PORT42_PASSPHRASE;
    const hint = 'export PORT42_PASSPHRASE=…   # or run port42 in a terminal';
    let first: string;
    try {
      first = await prompt('Passphrase for the port42 encrypted store: ', { hidden: true });
    } catch (error) {
      if (error instanceof Port42Error && error.code === 'cancelled') throw error;
      throw storeUnavailable('the encrypted store needs a passphrase and there is no terminal to ask on', hint);
    }
    if (first === '') throw storeUnavailable('an empty passphrase cannot protect the encrypted store', hint);
    if (creating && first !== (await prompt('Repeat the passphrase: ', { hidden: true }))) {
      throw storeUnavailable('the passphrases differ; nothing was stored', hint);
    }
    return first;
  };
}

async function readAllStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function readStdinBytes(maxBytes: number, done?: (soFar: Buffer) => boolean): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    chunks.push(chunk as Buffer);
    size += (chunk as Buffer).length;
    // Refuse before buffering more: a caller that streams without end must not exhaust memory.
    if (size > maxBytes) throw usageError(`the input on stdin is larger than ${maxBytes} bytes`);
    // Leaving the loop destroys stdin: a writer that keeps its end open is not waited for.
    if (done?.(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks))) break;
  }
  return Buffer.concat(chunks);
}

/** The Context of this process. */
export function createProcessContext(): Context {
  const env = process.env;
  const home = env.HOME || homedir();
  const selfPath = selfPathFrom(process.argv[1]);
  return {
    env,
    cwd: process.cwd(),
    home,
    fs: fsp,
    // isatty(fd), not process.stdin.isTTY: touching process.stdin builds a stream (ms of start-up).
    stdin: { isTTY: isatty(0), readAll: readAllStdin, readBytes: readStdinBytes },
    stdout: { write: (text) => void process.stdout.write(text), isTTY: isatty(1) },
    stderr: { write: (text) => void process.stderr.write(text), isTTY: isatty(2) },
    now: () => Date.now(),
    fetch: (...args) => globalThis.fetch(...args),
    prompt,
    stores: {
      keychain: async () => {
        const environmentHint = keychainEnvironmentHint(env, process.platform);
        return new KeychainStore({ timeoutMs: keychainTimeout(env), platform: process.platform, ...(environmentHint ? { environmentHint } : {}) });
      },
      file: async () => {
        const { EncryptedFileStore } = await import('../stores/encrypted-file.ts');
        return new EncryptedFileStore({ fs: fsp, dir: stateDir(env, home), pid: process.pid, now: () => Date.now(), passphrase: passphraseSource(env) });
      },
    },
    runProgram: async (argv, options) => (await import('./child-processes.ts')).runProgram(argv, options),
    runInteractive: async (argv, childEnv) => (await import('./child-processes.ts')).runInteractive(argv, childEnv),
    ...(selfPath ? { selfPath } : {}),
    pid: process.pid,
    ppid: process.ppid,
  };
}
