/**
 * scripts/with-keyring.sh, the private Secret Service of `npm test` and `npm run bench`, survives
 * gnome-keyring's own abort (an upstream race, about once in several thousand clients): the
 * watchdog restarts the daemon unlocked over the same keyring files, the key stored before is
 * there again, and the restart is logged for scripts/test.mjs. In a session of its own, so that
 * no other test's keyring is touched.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createSandbox, PORT42_BIN, type Sandbox } from '../support/cli.ts';
import { programsAvailable } from '../support/real-component.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const SCENARIO = resolve(import.meta.dirname, 'fixtures/aborted-secret-service.sh');

let sandbox: Sandbox | undefined;
let logDir: string | undefined;
afterEach(() => {
  sandbox?.cleanup();
  if (logDir) rmSync(logDir, { recursive: true, force: true });
});

describe.runIf(programsAvailable('aborted Secret Service', 'dbus-run-session', 'gnome-keyring-daemon', 'dbus-send'))(
  'aborted Secret Service',
  () => {
    it('is restarted, unlocked, with the keys it held; the restart is logged', () => {
      sandbox = createSandbox({ PORT42: PORT42_BIN });
      sandbox.writeConfig('store = "keychain"\n[profiles.work]\nprovider = "openai"\n');
      logDir = mkdtempSync(join(tmpdir(), 'port42-restarts-'));
      const log = join(logDir, 'restarts.log');
      const env: Record<string, string> = { ...sandbox.env, PORT42_KEYRING_RESTART_LOG: log };
      delete env.DBUS_SESSION_BUS_ADDRESS; // a session of its own, not the test runner's
      const out = execFileSync(resolve(ROOT, 'scripts/with-keyring.sh'), [SCENARIO], { env, encoding: 'utf8', timeout: 60_000 });
      const match = /first=(\d+) tries=(\d+) exit=(\d+) owner_changed=(\w+)\n([\s\S]*)/.exec(out);
      if (!match) throw new Error(`unexpected scenario output: ${out}`);
      // The call right after the abort may fail (exit 5): that one is lost. Then the daemon is back.
      expect([0, 5]).toContain(Number(match[1]));
      expect(Number(match[3]), match[5]).toBe(0);
      expect(match[5]).toContain('sk-abort-0123456789abcdefghij');
      expect(match[4]).toBe('yes');
      expect(readFileSync(log, 'utf8')).toMatch(/^gnome-keyring exited at \d\d:\d\d:\d\d\n$/);
    });
  },
);
