/**
 * Runs the built CLI (bin/port42) as a real process in a sandbox: a temporary HOME, config and
 * state directory, and only the environment the test gives (plus PATH and the D-Bus session).
 */
import { execa } from 'execa';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** Absolute path of the port42 executable. */
export const PORT42_BIN = resolve(import.meta.dirname, '../../bin/port42');

/** A temporary HOME with port42's paths under it. */
export interface Sandbox {
  home: string;
  configPath: string;
  stateDir: string;
  env: Record<string, string>;
  writeConfig(text: string): void;
  cleanup(): void;
}

/** Creates a sandbox; the env carries PATH, the D-Bus address if any, and the sandbox's HOME. */
export function createSandbox(extraEnv: Record<string, string> = {}): Sandbox {
  const home = mkdtempSync(join(tmpdir(), 'port42-test-'));
  const configPath = join(home, '.config', 'port42', 'config.toml');
  const env: Record<string, string> = { HOME: home, PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C.UTF-8' };
  if (process.env.DBUS_SESSION_BUS_ADDRESS) env.DBUS_SESSION_BUS_ADDRESS = process.env.DBUS_SESSION_BUS_ADDRESS;
  // The test's own variables win (e.g. a D-Bus address that leads nowhere, to test fallbacks).
  Object.assign(env, extraEnv);
  return {
    home,
    configPath,
    stateDir: join(home, '.local', 'state', 'port42'),
    env,
    writeConfig(text: string) {
      mkdirSync(join(home, '.config', 'port42'), { recursive: true });
      writeFileSync(configPath, text);
    },
    cleanup() {
      rmSync(home, { recursive: true, force: true });
    },
  };
}

/** Result of one CLI run. */
export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `port42 ...args` with the sandbox's environment only (no inherited variables). */
export async function runCli(
  sandbox: Pick<Sandbox, 'env' | 'home'>,
  args: readonly string[],
  options: { input?: string; env?: Record<string, string>; cwd?: string; timeoutMs?: number } = {},
): Promise<CliResult> {
  const result = await execa(PORT42_BIN, [...args], {
    env: { ...sandbox.env, ...options.env },
    extendEnv: false,
    cwd: options.cwd ?? sandbox.home,
    reject: false,
    stripFinalNewline: false,
    timeout: options.timeoutMs ?? 20_000,
    ...(options.input !== undefined ? { input: options.input } : { stdin: 'ignore' as const }),
  });
  return { code: result.exitCode ?? 128, stdout: String(result.stdout), stderr: String(result.stderr) };
}
