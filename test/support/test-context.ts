/**
 * A Context for fast tests: memfs, memory stores, a fixed clock, captured output with a TTY
 * switch (gh's iostreams.Test()). Nothing touches the real machine.
 */
import { Volume, createFsFromVolume } from 'memfs';
import type { Context, FileSystem, RunInteractive, RunProgram } from '../../src/context.ts';
import { Port42Error } from '../../src/errors.ts';
import { MemoryStore } from '../../src/stores/memory.ts';
import { usageError } from '../../src/errors.ts';

/** Captured output. */
export interface Captured {
  text: string;
  isTTY: boolean;
  write(text: string): void;
}

function capture(isTTY: boolean): Captured {
  return {
    text: '',
    isTTY,
    write(text: string) {
      this.text += text;
    },
  };
}

/** What a test can set; everything has a harmless default. */
export interface TestContextOptions {
  files?: Record<string, string>;
  env?: Record<string, string | undefined>;
  cwd?: string;
  stdin?: string;
  tty?: boolean;
  now?: number;
  keychain?: MemoryStore;
  file?: MemoryStore;
  fetch?: typeof fetch;
  prompt?: Context['prompt'];
  runProgram?: RunProgram;
  runInteractive?: RunInteractive;
  selfPath?: string;
}

/** The context plus handles to inspect what happened. */
export interface TestContext {
  ctx: Context;
  stdout: Captured;
  stderr: Captured;
  keychain: MemoryStore;
  file: MemoryStore;
  fs: FileSystem;
  vol: InstanceType<typeof Volume>;
  clock: { now: number };
}

function directoriesOf(vol: InstanceType<typeof Volume>, dir: string): string[] {
  const found = [dir];
  for (const entry of vol.readdirSync(dir, { withFileTypes: true }) as { name: string; isDirectory(): boolean }[]) {
    if (entry.isDirectory()) found.push(...directoriesOf(vol, `${dir === '/' ? '' : dir}/${entry.name}`));
  }
  return found;
}

/** Builds a test context with HOME=/home/u and the config at ~/.config/port42/config.toml. */
export function createTestContext(options: TestContextOptions = {}): TestContext {
  const vol = Volume.fromJSON({ '/home/u/.keep': '', ...options.files });
  // memfs makes every directory 0777 and every file 0666; give them a real system's modes (port42
  // refuses a state directory open to others, ignores a directory file in a directory others can
  // write to, and warns about a config others can write).
  for (const dir of directoriesOf(vol, '/')) vol.chmodSync(dir, dir.startsWith(TEST_STATE_DIR) ? 0o700 : 0o755);
  for (const file of Object.keys(options.files ?? {})) vol.chmodSync(file, file.startsWith(TEST_STATE_DIR) ? 0o600 : 0o644);
  const fs = createFsFromVolume(vol).promises as unknown as FileSystem;
  const stdout = capture(options.tty ?? false);
  const stderr = capture(options.tty ?? false);
  const keychain = options.keychain ?? new MemoryStore('keychain');
  const file = options.file ?? new MemoryStore('file');
  const clock = { now: options.now ?? Date.UTC(2026, 10, 25, 12, 0, 0) };
  const ctx: Context = {
    env: { HOME: '/home/u', ...options.env },
    cwd: options.cwd ?? '/home/u',
    home: '/home/u',
    fs,
    stdin: {
      isTTY: options.tty ?? false,
      readAll: async () => options.stdin ?? '',
      readBytes: async (maxBytes) => {
        const bytes = Buffer.from(options.stdin ?? '', 'utf8');
        if (bytes.length > maxBytes) throw usageError(`the input on stdin is larger than ${maxBytes} bytes`);
        return bytes;
      },
    },
    stdout,
    stderr,
    now: () => clock.now,
    fetch:
      options.fetch ??
      (async () => {
        throw new Error('no network in unit tests');
      }),
    prompt:
      options.prompt ??
      (async () => {
        throw new Error('no prompt in unit tests');
      }),
    stores: { keychain: async () => keychain, file: async () => file },
    runProgram: options.runProgram ?? (async () => ({ exitCode: 127, signal: null, stdout: '', stderr: 'not found\n', timedOut: false })),
    runInteractive: options.runInteractive ?? (async () => 0),
    ...(options.selfPath ? { selfPath: options.selfPath } : {}),
    pid: 4242,
    ppid: 4241,
  };
  return { ctx, stdout, stderr, keychain, file, fs, vol, clock };
}

/** The state directory inside a test context (made private when `files` put something in it). */
export const TEST_STATE_DIR = '/home/u/.local/state/port42';

/** The config path inside a test context. */
export const TEST_CONFIG = '/home/u/.config/port42/config.toml';

/** The Port42Error a promise rejects with (fails the test when it resolves or throws another error). */
export async function errorOf(promise: Promise<unknown>): Promise<Port42Error> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof Port42Error)) throw new Error(`expected a Port42Error, got ${String(error)}`);
  return error;
}
