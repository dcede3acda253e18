import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { unifiedDiff } from '../../src/setup/diff.ts';
import { programsAvailable } from '../support/real-component.ts';

describe('unified diff', () => {
  it('prints nothing for equal texts', () => {
    expect(unifiedDiff('a\n', 'a\n', 'f')).toBe('');
  });

  it('prints hunks with three lines of context, like diff -u', () => {
    const before = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10'].join('\n') + '\n';
    const after = before.replace('5\n', 'five\n');
    expect(unifiedDiff(before, after, '~/f')).toBe('--- ~/f\n+++ ~/f\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n');
  });

  it('diffs a new file against /dev/null', () => {
    expect(unifiedDiff(undefined, 'a\nb\n', '~/new')).toBe('--- /dev/null\n+++ ~/new\n@@ -0,0 +1,2 @@\n+a\n+b\n');
  });

  it.runIf(programsAvailable('patch(1) for the --dry-run diff', 'patch'))('produces diffs that patch(1) applies (60 random pairs)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'port42-diff-'));
    try {
      for (let n = 0; n < 60; n++) {
        const text = () =>
          Array.from({ length: Math.floor(Math.random() * 20) }, () => `l${Math.floor(Math.random() * 4)}`).join('\n') + '\n';
        const [a, b] = [text(), text()];
        writeFileSync(join(dir, 'a'), a);
        const diff = unifiedDiff(a, b, 'a');
        if (diff === '') continue;
        writeFileSync(join(dir, 'p'), diff);
        execFileSync('patch', ['-s', '-o', join(dir, 'out'), join(dir, 'a'), join(dir, 'p')]);
        expect(readFileSync(join(dir, 'out'), 'utf8')).toBe(b);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
