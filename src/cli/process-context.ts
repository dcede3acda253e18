/**
 * Builds the real Context from `process` (the only place, with bin.ts, that touches it). Heavy
 * parts — child processes, the terminal prompt, the encrypted store's crypto — load on first use
 * so that the hot verbs stay close to `node -e 0`.
 */
import { homedir } from 'node:os';
import { isTerminal } from '../builtins.ts';
import { writeAllSync } from './fd-output.ts';
import { readStdinSync } from './fd-input.ts';
import type { Context } from '../context.ts';
import { KeychainStore, keychainEnvironmentHint, keychainTimeout } from '../stores/keychain.ts';
import { Port42Error, storeUnavailable } from '../errors.ts';
import { selfPathFrom } from './self-path.ts';
import { syncFileSystem } from './sync-fs.ts';
import { stateDir } from '../paths.ts';
import { PRIVATE_VARIABLES } from '../variables.ts';

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

/** All of stdin as UTF-8 (a piped key or secret), bounded at 1 MiB. */
async function readAllStdin(): Promise<string> {
  return readStdinSync(1024 * 1024).toString('utf8');
}

/**
 * This process's environment for port42 to read, with the private variables (the store's
 * passphrase) taken out of `process.env` itself: whatever starts a child without naming its
 * environment (the `open` package, a library) then cannot hand them on.
 */
function takePrivateVariables(): NodeJS.ProcessEnv {
  if (!PRIVATE_VARIABLES.some((name) => process.env[name] !== undefined)) return process.env;
  const env = { ...process.env };
  for (const name of PRIVATE_VARIABLES) delete process.env[name];
  return env;
}

/** The Context of this process. */
export function createProcessContext(): Context {
  const env = takePrivateVariables();
  const home = env.HOME || homedir();
  const selfPath = selfPathFrom(process.argv[1]);
  return {
    env,
    cwd: process.cwd(),
    home,
    fs: syncFileSystem, // no thread pool on the hot path (src/cli/sync-fs.ts)
    // Asked only when a command needs it: node:tty pulls in net and the stream internals, several
    // ms that the hot verbs (which never prompt and print no tables) should not pay.
    stdin: {
      get isTTY() {
        return isTerminal(0);
      },
      readAll: readAllStdin,
      readBytes: async (maxBytes, done) => readStdinSync(maxBytes, done),
    },
    stdout: {
      write: (text) => writeAllSync(1, text),
      get isTTY() {
        return isTerminal(1);
      },
    },
    stderr: {
      write: (text) => writeAllSync(2, text),
      get isTTY() {
        return isTerminal(2);
      },
    },
    now: () => Date.now(),
    fetch: (...args) => globalThis.fetch(...args),
    prompt,
    stores: {
      keychain: async () => {
        const environmentHint = keychainEnvironmentHint(env, process.platform);
        return new KeychainStore({
          timeoutMs: keychainTimeout(env),
          platform: process.platform,
          ...(environmentHint ? { environmentHint } : {}),
        });
      },
      file: async () => {
        const { EncryptedFileStore } = await import('../stores/encrypted-file.ts');
        return new EncryptedFileStore({
          fs: syncFileSystem,
          dir: stateDir(env, home),
          pid: process.pid,
          now: () => Date.now(),
          passphrase: passphraseSource(env),
        });
      },
    },
    runProgram: async (argv, options) => (await import('./child-processes.ts')).runProgram(argv, options),
    runInteractive: async (argv, childEnv) => (await import('./child-processes.ts')).runInteractive(argv, childEnv),
    ...(selfPath ? { selfPath } : {}),
    pid: process.pid,
    ppid: process.ppid,
  };
}
