/** isTerminal answers pipes, files and /dev/null from fstat, like tty.isatty, and a closed fd as false. */
import { describe, expect, it } from 'vitest';
import { closeSync, openSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isatty } from 'node:tty';
import { isTerminal } from '../../src/builtins.ts';

describe('isTerminal', () => {
  it('agrees with tty.isatty on /dev/null and a file, and says false for a closed descriptor', () => {
    const dir = mkdtempSync(join(tmpdir(), 'port42-tty-'));
    const fds = [openSync('/dev/null', 'r'), openSync(join(dir, 'f'), 'w')];
    try {
      for (const fd of fds) expect(isTerminal(fd)).toBe(isatty(fd));
      expect(fds.map(isTerminal)).toEqual([false, false]);
    } finally {
      fds.forEach((fd) => closeSync(fd));
      rmSync(dir, { recursive: true, force: true });
    }
    expect(isTerminal(fds[0]!)).toBe(false);
  });
});
