import { afterEach, describe, expect, it } from 'vitest';
import * as fsp from 'node:fs/promises';
import { chownSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FileSystem } from '../../src/context.ts';
import { APPEND_NO_FOLLOW, readNoFollow, UnsafeFileError } from '../../src/files/no-follow.ts';

const fs = fsp as unknown as FileSystem;
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'port42-nofollow-'));
  dirs.push(dir);
  return dir;
}

async function reason(path: string, maxBytes = 4096): Promise<string> {
  try {
    await readNoFollow(fs, path, { maxBytes });
  } catch (error) {
    if (error instanceof UnsafeFileError) return error.reason;
    throw error;
  }
  return 'read';
}

describe('readNoFollow', () => {
  it('reads a small regular file and says undefined for a missing one', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'f'), 'profile = "x"\n');
    expect(await readNoFollow(fs, join(dir, 'f'), { maxBytes: 4096 })).toBe('profile = "x"\n');
    expect(await readNoFollow(fs, join(dir, 'missing'), { maxBytes: 4096 })).toBeUndefined();
  });

  it('refuses links, FIFOs, devices, directories and oversized files without blocking', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'target'), 'x');
    symlinkSync(join(dir, 'target'), join(dir, 'link'));
    symlinkSync('/dev/zero', join(dir, 'zero'));
    execFileSync('mkfifo', [join(dir, 'fifo')]);
    writeFileSync(join(dir, 'big'), Buffer.alloc(1024 * 1024, 0x61));
    const started = Date.now();
    expect(await reason(join(dir, 'link'))).toBe('symlink');
    expect(await reason(join(dir, 'zero'))).toBe('symlink');
    expect(await reason(join(dir, 'fifo'))).toBe('not-regular');
    expect(await reason('/dev/null')).toBe('not-regular');
    expect(await reason(dir)).toBe('not-regular');
    expect(await reason(join(dir, 'big'))).toBe('too-large');
    expect(await reason(join(dir, 'big'), 2 * 1024 * 1024)).toBe('read');
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it.skipIf(process.geteuid?.() !== 0)('refuses a file owned by another uid unless that owner is allowed', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'f'), 'x');
    chownSync(join(dir, 'f'), 65534, 65534);
    expect(await reason(join(dir, 'f'))).toBe('foreign-owner');
    expect(await readNoFollow(fs, join(dir, 'f'), { maxBytes: 10, alsoOwners: [65534] })).toBe('x');
  });
});

describe('APPEND_NO_FOLLOW', () => {
  it('creates and appends, but refuses to write through a link', async () => {
    const dir = tempDir();
    const handle = await fsp.open(join(dir, 'log'), APPEND_NO_FOLLOW, 0o600);
    await handle.write('one\n');
    await handle.close();
    writeFileSync(join(dir, 'victim'), 'keep\n');
    symlinkSync(join(dir, 'victim'), join(dir, 'planted'));
    await expect(fsp.open(join(dir, 'planted'), APPEND_NO_FOLLOW, 0o600)).rejects.toMatchObject({ code: 'ELOOP' });
    expect(readFileSync(join(dir, 'victim'), 'utf8')).toBe('keep\n');
    expect(readFileSync(join(dir, 'log'), 'utf8')).toBe('one\n');
  });
});
