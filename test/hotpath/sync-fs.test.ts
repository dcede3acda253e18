/** The process Context's synchronous FileSystem behaves like node:fs/promises for port42's calls. */
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { syncFileSystem as fs } from '../../src/cli/sync-fs.ts';
import { readTextIfExists, writeFileAtomic } from '../../src/files/atomic-file.ts';
import { APPEND_NO_FOLLOW, readNoFollow, UnsafeFileError } from '../../src/files/no-follow.ts';

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));
const temp = () => (dir = mkdtempSync(join(tmpdir(), 'port42-syncfs-')));

describe('syncFileSystem', () => {
  it('writes atomically with a mode, reads back, and reports a missing file as a rejection', async () => {
    const path = join(temp(), 'a.json');
    await writeFileAtomic(fs, path, '{"x":1}', 0o600);
    expect(readFileSync(path, 'utf8')).toBe('{"x":1}');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(await readTextIfExists(fs, path)).toBe('{"x":1}');
    expect(await readTextIfExists(fs, join(dir, 'missing'))).toBeUndefined();
    await expect(fs.readFile(join(dir, 'missing'), 'utf8')).rejects.toMatchObject({ code: 'ENOENT' });
    expect((await fs.readdir(dir)).sort()).toEqual(['a.json']);
  });

  it('appends through a handle with numeric flags and stats it; refuses a symlink under O_NOFOLLOW', async () => {
    const path = join(temp(), 'audit.jsonl');
    for (const line of ['one\n', 'two\n']) {
      const handle = await fs.open(path, APPEND_NO_FOLLOW, 0o600);
      await handle.write(line);
      expect((await handle.stat()).size).toBeGreaterThan(0);
      await handle.close();
    }
    expect(readFileSync(path, 'utf8')).toBe('one\ntwo\n');
    expect(await readNoFollow(fs, path, { maxBytes: 1024 })).toBe('one\ntwo\n');
    symlinkSync(path, join(dir, 'link'));
    await expect(readNoFollow(fs, join(dir, 'link'), { maxBytes: 1024 })).rejects.toBeInstanceOf(UnsafeFileError);
    await expect(fs.open(join(dir, 'link'), APPEND_NO_FOLLOW, 0o600)).rejects.toMatchObject({ code: 'ELOOP' });
  });

  it('writes bytes at an offset and a position like FileHandle.write', async () => {
    const path = join(temp(), 'b');
    const handle = await fs.open(path, 'w+', 0o600);
    await handle.write('hello world');
    await handle.write(new TextEncoder().encode('xxWORLD'), 2, 5, 6);
    await handle.close();
    expect(readFileSync(path, 'utf8')).toBe('hello WORLD');
  });
});
