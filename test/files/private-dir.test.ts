import { afterEach, describe, expect, it } from 'vitest';
import * as fsp from 'node:fs/promises';
import { chmodSync, chownSync, lstatSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FileSystem } from '../../src/context.ts';
import { ensurePrivateDir, ensurePrivateDirSync } from '../../src/files/private-dir.ts';
import { Port42Error } from '../../src/errors.ts';

const fs = fsp as unknown as FileSystem;
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'port42-private-'));
  dirs.push(dir);
  return dir;
}

const isRoot = process.geteuid?.() === 0;

async function refusal(run: () => Promise<void> | void): Promise<Port42Error> {
  try {
    await run();
  } catch (error) {
    if (error instanceof Port42Error) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe.each([
  ['async', (path: string) => ensurePrivateDir(fs, path, { what: 'state directory' })],
  ['sync', (path: string) => ensurePrivateDirSync(path, { what: 'state directory' })],
] as const)('ensurePrivateDir (%s)', (_name, ensure) => {
  it('creates a missing directory and its parents as 0700 whatever the umask', async () => {
    const path = join(tempDir(), 'a', 'b', 'port42');
    const before = process.umask(0o000);
    try {
      await ensure(path);
    } finally {
      process.umask(before);
    }
    const stats = lstatSync(path);
    expect(stats.isDirectory()).toBe(true);
    expect(stats.mode & 0o777).toBe(0o700);
  });

  it('creates 0700 even under a umask that would leave it unwritable', async () => {
    const path = join(tempDir(), 'port42');
    const before = process.umask(0o277);
    try {
      await ensure(path);
    } finally {
      process.umask(before);
    }
    expect(lstatSync(path).mode & 0o777).toBe(0o700);
  });

  it('accepts an existing private directory and leaves it as it is', async () => {
    const path = join(tempDir(), 'port42');
    mkdirSync(path, { mode: 0o700 });
    chmodSync(path, 0o500);
    await ensure(path);
    expect(lstatSync(path).mode & 0o777).toBe(0o500);
  });

  it('refuses a directory open to others with exit 5 and `chmod 700` as the fix, changing nothing', async () => {
    const path = join(tempDir(), 'port42');
    mkdirSync(path);
    chmodSync(path, 0o755);
    const error = await refusal(() => ensure(path));
    expect(error.code).toBe('store-unavailable');
    expect(error.message).toContain(`state directory ${path} is open to other users (mode 0755)`);
    expect(error.hint).toBe(`chmod 700 ${path}`);
    expect(lstatSync(path).mode & 0o777).toBe(0o755);
  });

  it('refuses a 1777 directory', async () => {
    const path = join(tempDir(), 'port42');
    mkdirSync(path);
    chmodSync(path, 0o1777);
    expect((await refusal(() => ensure(path))).message).toContain('mode 01777');
  });

  it('refuses a symbolic link to a private directory', async () => {
    const base = tempDir();
    mkdirSync(join(base, 'real'), { mode: 0o700 });
    symlinkSync(join(base, 'real'), join(base, 'port42'));
    const error = await refusal(() => ensure(join(base, 'port42')));
    expect(error.code).toBe('store-unavailable');
    expect(error.message).toContain('is a symbolic link');
    expect(error.hint).toContain(`rm ${join(base, 'port42')}`);
  });

  it('refuses a regular file where the directory should be', async () => {
    const path = join(tempDir(), 'port42');
    writeFileSync(path, '');
    expect((await refusal(() => ensure(path))).message).toContain('is not a directory');
  });

  it.skipIf(!isRoot)('refuses a directory owned by another uid (as root: chown 65534)', async () => {
    const path = join(tempDir(), 'port42');
    mkdirSync(path, { mode: 0o700 });
    chownSync(path, 65534, 65534);
    const error = await refusal(() => ensure(path));
    expect(error.code).toBe('store-unavailable');
    expect(error.message).toContain('belongs to uid 65534, not to you (uid 0)');
  });

  it('passes errno errors of an unusable parent through unchanged', async () => {
    const base = tempDir();
    writeFileSync(join(base, 'file'), '');
    await expect(Promise.resolve().then(() => ensure(join(base, 'file', 'port42')))).rejects.toMatchObject({ code: 'ENOTDIR' });
  });
});
