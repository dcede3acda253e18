/**
 * One contract, every store: memory, the encrypted file (memfs and the real disk) and the real
 * Secret Service (gnome-keyring under D-Bus; skipped with a reason when there is none locally).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import * as fsp from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { Volume, createFsFromVolume } from 'memfs';
import type { FileSystem } from '../../src/context.ts';
import type { SecretStore } from '../../src/stores/types.ts';
import { MemoryStore } from '../../src/stores/memory.ts';
import { EncryptedFileStore } from '../../src/stores/encrypted-file.ts';
import { KeychainStore } from '../../src/stores/keychain.ts';
import { realComponentAvailable, whichProgram } from '../support/real-component.ts';

const runId = `t${process.pid}${Date.now().toString(36)}`;
const tempDirs: string[] = [];
afterAll(() => tempDirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function fileStore(fs: FileSystem, dir: string): EncryptedFileStore {
  return new EncryptedFileStore({ fs, dir, passphrase: async () => 'correct horse', pid: process.pid, now: Date.now });
}

const keychainMissing = !process.env.DBUS_SESSION_BUS_ADDRESS
  ? 'no D-Bus session (run the tests through scripts/with-keyring.sh, as .ci/run does)'
  : !whichProgram('secret-tool')
    ? 'secret-tool not installed (apt-get install libsecret-tools)'
    : undefined;

const stores: { name: string; make: () => SecretStore; available: () => boolean }[] = [
  { name: 'memory', make: () => new MemoryStore(), available: () => true },
  {
    name: 'encrypted file on memfs',
    make: () => fileStore(createFsFromVolume(new Volume()).promises as unknown as FileSystem, '/state/port42'),
    available: () => true,
  },
  {
    name: 'encrypted file on disk',
    make: () => {
      const dir = mkdtempSync(join(tmpdir(), 'port42-store-'));
      tempDirs.push(dir);
      return fileStore(fsp, join(dir, 'state'));
    },
    available: () => true,
  },
  {
    name: 'keychain (real Secret Service)',
    make: () => new KeychainStore({ timeoutMs: 3000, platform: process.platform }),
    available: () => realComponentAvailable('keychain contract', keychainMissing),
  },
];

for (const { name, make, available } of stores) {
  describe.runIf(available())(`SecretStore contract: ${name}`, () => {
    const account = (suffix: string) => `${runId}-${suffix}`;

    it('returns undefined for an account it never stored', async () => {
      expect(await make().get(account('never'))).toBeUndefined();
    });

    it('stores, replaces and deletes a secret', async () => {
      const store = make();
      await store.set(account('a'), 'sk-first');
      expect(await store.get(account('a'))).toBe('sk-first');
      await store.set(account('a'), 'sk-second');
      expect(await store.get(account('a'))).toBe('sk-second');
      expect(await store.delete(account('a'))).toBe(true);
      expect(await store.get(account('a'))).toBeUndefined();
      expect(await store.delete(account('a'))).toBe(false);
    });

    it('keeps accounts apart and lists them all at once', async () => {
      const store = make();
      await store.set(account('x'), 'value-x');
      await store.set(account('y'), 'value-y');
      const all = await store.getAll();
      expect(all.get(account('x'))).toBe('value-x');
      expect(all.get(account('y'))).toBe('value-y');
      await store.delete(account('x'));
      await store.delete(account('y'));
    });

    it('round-trips unicode, quotes and long values exactly', async () => {
      const store = make();
      const value = `sk-ünï'"\`$\\ 🔑 ${'x'.repeat(4000)}`;
      await store.set(account('u'), value);
      expect(await store.get(account('u'))).toBe(value);
      await store.delete(account('u'));
    });
  });
}

describe.runIf(stores[3]!.available())('keychain interoperability', () => {
  it('writes items that secret-tool reads under service port42 and the profile name', async () => {
    const store = new KeychainStore({ timeoutMs: 3000, platform: process.platform });
    const name = `${runId}-interop`;
    await store.set(name, 'sk-from-port42');
    expect(execFileSync('secret-tool', ['lookup', 'service', 'port42', 'username', name], { encoding: 'utf8' })).toBe('sk-from-port42');
    execFileSync('secret-tool', ['store', '--label', 'x', 'service', 'port42', 'username', name], { input: 'sk-from-secret-tool' });
    expect(await store.get(name)).toBe('sk-from-secret-tool');
    await store.delete(name);
  });
});
