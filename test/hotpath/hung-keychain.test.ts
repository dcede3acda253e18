/**
 * A Secret Service that hangs (its daemon stopped with SIGSTOP, in a private D-Bus session of its
 * own so that no other test's keyring is touched): the hot verbs exit 5 with empty stdout within
 * the keychain bound, the library's 2 s D-Bus reply timeout under port42's 3 s
 * (src/stores/keychain.ts), not after libdbus's 25 s or never; `auth status` does not hang in the
 * library's search (which has no timeout of its own).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { createSandbox, PORT42_BIN, type Sandbox } from '../support/cli.ts';
import { programsAvailable } from '../support/real-component.ts';
import { DEFAULT_KEYCHAIN_TIMEOUT_MS } from '../../src/stores/keychain.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const SCENARIO = resolve(import.meta.dirname, 'fixtures/stopped-secret-service.sh');
/** Start-up of node and of the private session on a loaded machine, on top of the bound. */
const MARGIN_MS = 1500;

let sandbox: Sandbox | undefined;
afterEach(() => sandbox?.cleanup());

function runStopped(args: string[]): { code: number; ms: number; stdoutBytes: number; stderr: string } {
  sandbox = createSandbox({ PORT42: PORT42_BIN });
  sandbox.writeConfig('store = "keychain"\n[profiles.work]\nprovider = "openai"\n');
  const env = { ...sandbox.env };
  delete env.DBUS_SESSION_BUS_ADDRESS; // a session of its own, not the test runner's
  const out = execFileSync(resolve(ROOT, 'scripts/with-keyring.sh'), [SCENARIO, ...args], { env, encoding: 'utf8', timeout: 60_000 });
  const match = /exit=(\d+) ms=(\d+) stdout=\s*(\d+)\n([\s\S]*)/.exec(out);
  if (!match) throw new Error(`unexpected scenario output: ${out}`);
  return { code: Number(match[1]), ms: Number(match[2]), stdoutBytes: Number(match[3]), stderr: match[4]! };
}

describe.runIf(programsAvailable('hung Secret Service', 'dbus-run-session', 'gnome-keyring-daemon', 'dbus-send'))(
  'hung Secret Service',
  () => {
    it.each([[['auth', 'token', 'work']], [['env', 'work', '--shell', 'bash']]])('port42 %j exits 5 within the bound', (args) => {
      const result = runStopped(args);
      expect(result.code, result.stderr).toBe(5);
      expect(result.stdoutBytes).toBe(0);
      expect(result.ms).toBeLessThan(DEFAULT_KEYCHAIN_TIMEOUT_MS + MARGIN_MS);
      expect(result.stderr).toContain('port42: keychain unavailable: the Secret Service did not answer within 2 s');
      expect(result.stderr).toContain('  run: port42 doctor');
    });
  },
);
