/** Child processes for the real Context: captured runs (command source) and interactive runs (exec). */
import { mayBeSecret } from './secret-words.ts';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { RunInteractive, RunProgram } from '../context.ts';

const MAX_CAPTURE = 1024 * 1024;

/** Runs a program without a shell, stdin closed, capturing output, killed after the timeout. */
export const runProgram: RunProgram = (argv, options) =>
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
      resolve({
        exitCode: error.code === 'ENOENT' ? 127 : 126,
        signal: null,
        stdout: '',
        stderr: `${argv[0]}: ${error.code ?? error.message}\n`,
        timedOut: false,
      });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ exitCode: code, signal, stdout, stderr, timedOut });
    });
  });

const FORWARDED = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
const SIGNAL_NUMBERS: Readonly<Record<string, number>> = {
  SIGHUP: 1,
  SIGINT: 2,
  SIGQUIT: 3,
  SIGILL: 4,
  SIGTRAP: 5,
  SIGABRT: 6,
  SIGBUS: 7,
  SIGFPE: 8,
  SIGKILL: 9,
  SIGUSR1: 10,
  SIGSEGV: 11,
  SIGUSR2: 12,
  SIGPIPE: 13,
  SIGALRM: 14,
  SIGTERM: 15,
};

/**
 * True when this process is in the foreground process group of its controlling terminal. Then a
 * SIGINT (Ctrl-C) or SIGHUP (hang-up) came from the terminal, which sent it to the whole group:
 * the child has it already, and a second copy would make a program that counts Ctrl-C presses
 * (Claude Code, node's REPL: "press Ctrl-C again to exit") quit. Reads /proc/self/stat (Linux):
 * field 5 is the process group, field 8 the terminal's foreground group (-1 without a terminal).
 * Elsewhere a terminal on stdin is taken to mean the same.
 */
export function inTerminalForeground(): boolean {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    // The command name (field 2) may hold spaces and parentheses: count from its closing one.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const pgrp = Number(fields[2]);
    const foreground = Number(fields[5]);
    return foreground > 0 && pgrp === foreground;
  } catch {
    return Boolean(process.stdin.isTTY);
  }
}

/** The program name as printed: a key typed in its place is hidden (PRODUCT.md hard rule 8). */
async function shownProgram(program: string): Promise<string> {
  const quoted = JSON.stringify(program);
  if (!mayBeSecret(program)) return quoted;
  return (await import('./mistakes/redact.ts')).redactText(quoted, [program]);
}

/** Runs a program with inherited stdio, forwarding SIGINT/SIGTERM/SIGHUP; resolves to its exit code. */
export const runInteractive: RunInteractive = (argv, env) =>
  new Promise((resolve) => {
    const [program, ...args] = argv;
    // The handlers go in before the child starts: a signal between spawn() and process.on()
    // would kill port42 by its default action (seen under load) and orphan the child. Once a
    // handler is registered, a signal waits for the event loop, by which time the child exists.
    let child: ChildProcess | undefined;
    const forward = (signal: NodeJS.Signals) => () => {
      if (!child || child.exitCode !== null || child.signalCode !== null) return;
      // A terminal never sends SIGTERM; its SIGINT and SIGHUP reached the child already.
      if (signal !== 'SIGTERM' && inTerminalForeground()) return;
      child.kill(signal);
    };
    const handlers = FORWARDED.map((signal) => [signal, forward(signal)] as const);
    for (const [signal, handler] of handlers) process.on(signal, handler);
    const removeHandlers = () => {
      for (const [signal, handler] of handlers) process.off(signal, handler);
    };
    try {
      child = spawn(program ?? '', args, { stdio: 'inherit', env, shell: false });
    } catch (error) {
      removeHandlers(); // spawn throws for some errors (E2BIG…): signals must not stay swallowed
      throw error;
    }
    const done = (code: number) => {
      removeHandlers();
      resolve(code);
    };
    child.on('error', (error: NodeJS.ErrnoException) => {
      void shownProgram(program ?? '').then((shown) => {
        process.stderr.write(
          `port42: cannot run ${shown}: ${error.code === 'ENOENT' ? 'command not found' : (error.code ?? error.message)}\n`,
        );
        done(error.code === 'ENOENT' ? 127 : 126);
      });
    });
    // POSIX shells report death by signal N as 128+N; do the same.
    child.on('exit', (code, signal) => done(code ?? 128 + (signal ? (SIGNAL_NUMBERS[signal] ?? 0) : 0)));
  });
