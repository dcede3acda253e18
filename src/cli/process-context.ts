/** Builds the real Context from `process`: the only place (with bin.ts) that touches it. */
import * as fsp from 'node:fs/promises';
import { spawn } from 'node:child_process';
import { homedir } from 'node:os';
import type { Context, RunInteractive, RunProgram } from '../context.ts';
import { EncryptedFileStore } from '../stores/encrypted-file.ts';
import { KeychainStore, keychainEnvironmentHint, keychainTimeout } from '../stores/keychain.ts';
import { storeUnavailable } from '../errors.ts';
import { stateDir } from '../paths.ts';
import { promptOnTerminal } from './prompt.ts';

const MAX_CAPTURE = 1024 * 1024;

const runProgram: RunProgram = (argv, options) =>
  new Promise((resolve) => {
    const [program, ...args] = argv;
    const child = spawn(program ?? '', args, { stdio: ['ignore', 'pipe', 'pipe'], env: options.env as NodeJS.ProcessEnv, shell: false });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout = (stdout + d).slice(0, MAX_CAPTURE)));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr = (stderr + d).slice(0, MAX_CAPTURE)));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.timeoutMs);
    child.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      resolve({ exitCode: error.code === 'ENOENT' ? 127 : 126, signal: null, stdout: '', stderr: `${argv[0]}: ${error.code ?? error.message}\n`, timedOut: false });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ exitCode: code, signal, stdout, stderr, timedOut });
    });
  });

const FORWARDED = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
const SIGNAL_NUMBERS: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGKILL: 9, SIGUSR1: 10, SIGSEGV: 11, SIGUSR2: 12, SIGPIPE: 13, SIGALRM: 14, SIGTERM: 15 };

const runInteractive: RunInteractive = (argv, env) =>
  new Promise((resolve) => {
    const [program, ...args] = argv;
    const child = spawn(program ?? '', args, { stdio: 'inherit', env, shell: false });
    const forward = (signal: NodeJS.Signals) => () => {
      // A terminal's Ctrl-C already reached the child (same process group); forwarding again is harmless.
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    };
    const handlers = FORWARDED.map((signal) => [signal, forward(signal)] as const);
    for (const [signal, handler] of handlers) process.on(signal, handler);
    const done = (code: number) => {
      for (const [signal, handler] of handlers) process.off(signal, handler);
      resolve(code);
    };
    child.on('error', (error: NodeJS.ErrnoException) => {
      process.stderr.write(`port42: cannot run ${JSON.stringify(program)}: ${error.code === 'ENOENT' ? 'command not found' : error.code ?? error.message}\n`);
      done(error.code === 'ENOENT' ? 127 : 126);
    });
    child.on('exit', (code, signal) => done(code ?? 128 + (signal ? (SIGNAL_NUMBERS[signal] ?? 1) : 1)));
  });

async function readAllStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** The Context of this process. */
export function createProcessContext(): Context {
  const env = process.env;
  const home = env.HOME || homedir();
  const stdinIsTTY = Boolean(process.stdin.isTTY);
  const ctx: Context = {
    env,
    cwd: process.cwd(),
    home,
    fs: fsp,
    stdin: { isTTY: stdinIsTTY, readAll: readAllStdin },
    stdout: { write: (text) => void process.stdout.write(text), isTTY: Boolean(process.stdout.isTTY) },
    stderr: { write: (text) => void process.stderr.write(text), isTTY: Boolean(process.stderr.isTTY) },
    now: () => Date.now(),
    fetch: globalThis.fetch,
    prompt: promptOnTerminal,
    stores: {
      keychain: () => {
        const environmentHint = keychainEnvironmentHint(env, process.platform);
        return new KeychainStore({ timeoutMs: keychainTimeout(env), platform: process.platform, ...(environmentHint ? { environmentHint } : {}) });
      },
      file: () =>
        new EncryptedFileStore({
          fs: fsp,
          dir: stateDir(env, home),
          pid: process.pid,
          now: () => Date.now(),
          passphrase: async (creating) => {
            if (env.PORT42_PASSPHRASE) return env.PORT42_PASSPHRASE;
            const hint = 'set PORT42_PASSPHRASE, or run port42 in a terminal';
            let first: string;
            try {
              first = await promptOnTerminal('Passphrase for the port42 encrypted store: ', { hidden: true });
            } catch (error) {
              if (error instanceof Error && error.name === 'Port42Error' && (error as { code?: string }).code === 'cancelled') throw error;
              throw storeUnavailable('the encrypted store needs a passphrase and there is no terminal to ask on', hint);
            }
            if (first === '') throw storeUnavailable('an empty passphrase cannot protect the encrypted store', hint);
            if (creating && first !== (await promptOnTerminal('Repeat the passphrase: ', { hidden: true }))) {
              throw storeUnavailable('the passphrases differ; nothing was stored', hint);
            }
            return first;
          },
        }),
    },
    runProgram,
    runInteractive,
    pid: process.pid,
    ppid: process.ppid,
  };
  return ctx;
}
