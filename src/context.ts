/**
 * Everything a command may touch. Only the CLI entry builds one from `process`; tests build one
 * from memfs, a memory store, a fixed clock and captured output.
 */
import type * as fsp from 'node:fs/promises';
import type { SecretStore } from './stores/types.ts';
import { escapeControl } from './terminal/escape.ts';

/** The file-system calls port42 uses (node:fs/promises or memfs's promises). */
export type FileSystem = Pick<
  typeof fsp,
  | 'readFile'
  | 'writeFile'
  | 'rename'
  | 'mkdir'
  | 'stat'
  | 'lstat'
  | 'realpath'
  | 'chmod'
  | 'unlink'
  | 'open'
  | 'readdir'
  | 'appendFile'
  | 'rm'
>;

/** A writable stream with a TTY flag. */
export interface Output {
  write(text: string): void;
  readonly isTTY: boolean;
}

/** Standard input. */
export interface Input {
  readonly isTTY: boolean;
  /** Everything on stdin as UTF-8 (only called when stdin is not a TTY). */
  readAll(): Promise<string>;
  /**
   * Raw stdin up to end of input, or until `done` says the bytes read so far are complete (so a
   * protocol caller that keeps the pipe open is not waited for). Throws usage (2) past maxBytes.
   * Optional so that small fakes need only readAll (src/helper/input.ts falls back to it).
   */
  readBytes?(maxBytes: number, done?: (soFar: Buffer) => boolean): Promise<Buffer>;
}

/** The result of running a program without a shell. */
export interface RunResult {
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly timedOut: boolean;
}

/** Runs argv[0] with argv[1..] (no shell), stdin closed, bounded by timeoutMs. */
export type RunProgram = (
  argv: readonly string[],
  options: { timeoutMs: number; env: Readonly<Record<string, string | undefined>> },
) => Promise<RunResult>;

/**
 * Runs a child with inherited stdio, forwarding SIGINT/SIGTERM/SIGHUP, and resolves to its exit
 * code (128+N when a signal killed it; 127 not found; 126 not executable).
 */
export type RunInteractive = (argv: readonly string[], env: Readonly<Record<string, string>>) => Promise<number>;

/** Opens the secret stores; tests hand in memory stores. */
export interface StoreFactory {
  keychain(): Promise<SecretStore>;
  /**
   * The encrypted file: with PORT42_PASSPHRASE, else through the unlock agent, else asking on the
   * terminal — only when `mayPrompt` (interactive verbs); otherwise its calls fail "locked" (exit 5).
   */
  file(options?: { mayPrompt?: boolean }): Promise<SecretStore>;
}

/** Everything a command may touch. */
export interface Context {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  readonly home: string;
  readonly fs: FileSystem;
  readonly stdin: Input;
  readonly stdout: Output;
  readonly stderr: Output;
  /** Milliseconds since the epoch. */
  now(): number;
  readonly fetch: typeof fetch;
  /** Asks on the terminal; `hidden` turns echo off. Throws usage error when there is no TTY. */
  prompt(question: string, options: { hidden: boolean }): Promise<string>;
  readonly stores: StoreFactory;
  readonly runProgram: RunProgram;
  readonly runInteractive: RunInteractive;
  /** The running verb may ask on the terminal (set by the CLI entry; false for the verbs other programs call). */
  readonly interactive?: boolean;
  /** Absolute path of the port42 executable, for code that calls port42 back (shell hooks). */
  readonly selfPath?: string;
  /** This process and its parent, for the audit trail. */
  readonly pid: number;
  readonly ppid: number;
}

/** Writes one line to stderr: a warning or a note for people, never parsed. Control characters are escaped. */
export function note(ctx: Pick<Context, 'stderr'>, message: string): void {
  ctx.stderr.write(`port42: ${escapeControl(message, { keepNewlines: true })}\n`);
}
