import { describe, expect, it } from 'vitest';
import { configPermissionWarnings, ensureConfigDir, writableByOthers } from '../../src/files/config-dir.ts';
import { createTestContext, TEST_CONFIG } from '../support/test-context.ts';

const egid = process.getegid?.() ?? 0;

describe('writableByOthers', () => {
  it.each([
    [0o644, egid, false],
    [0o664, egid, false],
    [0o664, egid + 1, true],
    [0o646, egid, true],
    [0o1777, egid, true],
    [0o700, egid + 1, false],
  ])('mode %o, gid %i → %s', (mode, gid, want) => {
    expect(writableByOthers(mode, gid)).toBe(want);
  });
});

describe('configPermissionWarnings', () => {
  it('says nothing for a private config, and names file and directory with the fix otherwise', async () => {
    const t = createTestContext({ files: { [TEST_CONFIG]: 'default = "x"\n' } });
    expect(await configPermissionWarnings(t.fs, TEST_CONFIG)).toEqual([]);
    t.vol.chmodSync(TEST_CONFIG, 0o666);
    t.vol.chmodSync('/home/u/.config/port42', 0o777);
    const warnings = await configPermissionWarnings(t.fs, TEST_CONFIG);
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toContain(`port42: warning: the config ${TEST_CONFIG} is writable by other users (mode 0666)`);
    expect(warnings[0]).toContain(`\n  run: chmod go-w ${TEST_CONFIG}\n`);
    expect(warnings[1]).toContain('the config directory /home/u/.config/port42 is writable by other users (mode 0777)');
  });

  it('says nothing for a missing config', async () => {
    const t = createTestContext();
    expect(await configPermissionWarnings(t.fs, TEST_CONFIG)).toEqual([]);
  });
});

describe('ensureConfigDir', () => {
  it('creates a missing directory 0700 and leaves an existing one as it is', async () => {
    const t = createTestContext({ files: { '/home/u/shared/.keep': '' } });
    await ensureConfigDir(t.fs, '/home/u/.config/port42');
    expect(t.vol.statSync('/home/u/.config/port42').mode & 0o777).toBe(0o700);
    await ensureConfigDir(t.fs, '/home/u/shared');
    expect(t.vol.statSync('/home/u/shared').mode & 0o777).toBe(0o755);
  });
});
