/**
 * Builds the real Context from `process` (the only place, with bin.ts, that touches it). Heavy
 * parts — child processes, the terminal prompt, the encrypted store's crypto — load on first use
 * so that the hot verbs stay close to `node -e 0`.
 */
import { homeDirectory, isTerminal } from '../builtins.ts';
import { writeAllSync } from './fd-output.ts';
import { readStdinSync } from './fd-input.ts';
import type { Context } from '../context.ts';
import type { SecretStore } from '../stores/types.ts';
// Static: the agent client is small and runs on the hot path of file-store users (node:net loads lazily).
import { openAgentFileStore } from '../agent/agent-store.ts';
import { KeychainStore, keychainEnvironmentHint, keychainTimeout } from '../stores/keychain.ts';
import { Port42Error, storeUnavailable } from '../errors.ts';
import { promptPassphrase } from './passphrase-prompt.ts';
import { selfPathFrom } from './self-path.ts';
import { syncFileSystem } from './sync-fs.ts';
import { stateDir } from '../files/paths.ts';
import { childEnvironment, PRIVATE_VARIABLES } from '../profiles/variables.ts';

const prompt: Context['prompt'] = async (question, options) => (await import('./prompt.ts')).promptOnTerminal(question, options);

/** What every file-store call without a passphrase source says (exit 5). */
function lockedError(): Port42Error {
  return storeUnavailable(
    'the encrypted file store is locked: no unlock agent answers and PORT42_PASSPHRASE is not set (CI only: read -rs PORT42_PASSPHRASE && export PORT42_PASSPHRASE)',
    'port42 unlock',
  );
}

/**
 * The passphrase when neither PORT42_PASSPHRASE nor the agent gave access: a hidden prompt on the
 * terminal (twice when creating the store), only for interactive verbs; else the store is locked.
 */
function promptedPassphrase(mayPrompt: boolean) {
  return async (creating: boolean): Promise<string> => {
    if (!mayPrompt) throw lockedError();
    try {
      return await promptPassphrase(prompt, creating);
    } catch (error) {
      // Cancelled, empty or differing answers say so; no terminal to ask on means the store is locked.
      if (error instanceof Port42Error && error.code !== 'usage') throw error;
      throw lockedError();
    }
  };
}

/**
 * The file store: PORT42_PASSPHRASE (CI), else the unlock agent, else a prompt (interactive verbs
 * on a terminal). One per process, so that a command asks at most once.
 */
function fileStoreFactory(env: NodeJS.ProcessEnv, home: string): Context['stores']['file'] {
  let opened: Promise<SecretStore> | undefined;
  const open = async (passphrase: (creating: boolean) => Promise<string>): Promise<SecretStore> => {
    const { EncryptedFileStore } = await import('../stores/encrypted-file.ts');
    return new EncryptedFileStore({ fs: syncFileSystem, dir: stateDir(env, home), pid: process.pid, now: () => Date.now(), passphrase });
  };
  return (options = {}) => {
    opened ??= (async () => {
      const fromEnv = env.PORT42_PASSPHRASE;
      if (fromEnv) return open(async () => fromEnv);
      return openAgentFileStore(env, home, () => open(promptedPassphrase(options.mayPrompt === true)));
    })();
    return opened;
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
  const home = env.HOME || homeDirectory();
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
      file: fileStoreFactory(env, home),
    },
    // Every child, whatever environment its caller built from ctx.env, goes without the passphrase.
    runProgram: async (argv, options) =>
      (await import('./child-processes.ts')).runProgram(argv, { ...options, env: childEnvironment(options.env) }),
    runInteractive: async (argv, childEnv) => (await import('./child-processes.ts')).runInteractive(argv, childEnvironment(childEnv)),
    ...(selfPath ? { selfPath } : {}),
    pid: process.pid,
    ppid: process.ppid,
  };
}
