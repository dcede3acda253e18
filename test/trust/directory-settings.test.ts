/** Directory files against memfs: ceilings, the trust database, notes, and the hook's once-only note. */
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { matchesTrusted } from '../../src/trust/database.ts';
import { ceilingDirectories, findDirectoryFile } from '../../src/trust/lookup.ts';
import { findDirectorySettings, formatIgnored } from '../../src/profiles/directory-file.ts';
import { HOOK_IGNORED_VARIABLE, planHook } from '../../src/verbs/env-hook.ts';
import { main } from '../../src/cli/main.ts';
import { createTestContext, TEST_CONFIG, TEST_STATE_DIR } from '../support/test-context.ts';
import { trusting } from '../support/trust.ts';

const CONFIG =
  'default = "home"\n[profiles.home]\nprovider = "openai"\nauth = "env"\nfrom_env = "K"\n[profiles.prod]\nprovider = "openai"\nauth = "env"\nfrom_env = "K"\n';

describe('ceilingDirectories', () => {
  it('keeps absolute entries without trailing slashes and drops empty or relative ones', () => {
    expect([...ceilingDirectories({ PORT42_CEILING_DIRECTORIES: '/home/u/:relative::/mnt' })]).toEqual(['/home/u', '/mnt']);
    expect(ceilingDirectories({}).size).toBe(0);
  });
});

describe('findDirectoryFile', () => {
  it('lets the nearest entry decide even when it is unusable, instead of reading one further up', async () => {
    const t = createTestContext({ files: { '/home/u/.port42.toml': 'profile = "home"\n', '/home/u/p/.keep': '' }, cwd: '/home/u/p' });
    t.vol.symlinkSync('/etc/passwd', '/home/u/p/.port42.toml');
    expect(await findDirectoryFile(t.ctx)).toMatchObject({
      kind: 'unsafe',
      file: '/home/u/p/.port42.toml',
      reason: expect.stringContaining('symbolic link'),
    });
  });

  it('accepts a group-writable directory of the user’s own primary group only', async () => {
    const t = createTestContext({ files: { '/home/u/p/.port42.toml': 'profile = "x"\n' }, cwd: '/home/u/p' });
    t.vol.chmodSync('/home/u/p', 0o775);
    expect((await findDirectoryFile(t.ctx))?.kind).toBe('found');
    t.vol.chownSync('/home/u/p', process.geteuid?.() ?? 0, 4242);
    expect(await findDirectoryFile(t.ctx)).toMatchObject({ kind: 'unsafe', reason: 'its directory /home/u/p is writable by other users' });
  });
});

describe('findDirectorySettings', () => {
  it('trusts nothing from a damaged trust database', async () => {
    const files = {
      [TEST_CONFIG]: CONFIG,
      '/home/u/p/.port42.toml': 'profile = "prod"\n',
      [`${TEST_STATE_DIR}/trusted.json`]: '{"v":1,"files":',
    };
    const t = createTestContext({ files, cwd: '/home/u/p' });
    expect(await findDirectorySettings(t.ctx)).toMatchObject({ ignored: { reason: expect.stringContaining('not trusted yet') } });
  });

  it('notes an ignored file once per process, and parses only trusted content', async () => {
    const files = { [TEST_CONFIG]: CONFIG, '/home/u/p/.port42.toml': 'profile = "prod"\nbad = 1\n' };
    const t = createTestContext({ files, cwd: '/home/u/p' });
    await findDirectorySettings(t.ctx);
    await findDirectorySettings(t.ctx);
    expect(t.stderr.text).toBe(
      'port42: ignoring /home/u/p/.port42.toml: not trusted yet (a directory file chooses which key programs here get)\n  run: port42 trust /home/u/p\n',
    );
  });

  it('uses a trusted file and ignores it once it changes', async () => {
    const t = createTestContext({
      files: trusting({ [TEST_CONFIG]: CONFIG, '/home/u/p/.port42.toml': 'profile = "prod"\n' }),
      cwd: '/home/u/p',
      env: { K: 'sk-1' },
    });
    expect(await findDirectorySettings(t.ctx)).toEqual({ file: '/home/u/p/.port42.toml', profile: 'prod' });
    t.vol.writeFileSync('/home/u/p/.port42.toml', 'profile = "home"\n');
    expect((await findDirectorySettings(t.ctx))?.ignored?.reason).toBe('changed since you trusted it');
  });
});

describe('trust entries', () => {
  it('decides by SHA-256 when an entry holds no text (content that is not UTF-8)', async () => {
    const text = 'profile = "prod"\n';
    const sha256 = createHash('sha256').update(text).digest('hex');
    const files = {
      [TEST_CONFIG]: CONFIG,
      '/home/u/p/.port42.toml': text,
      [`${TEST_STATE_DIR}/trusted.json`]: JSON.stringify({ v: 1, files: { '/home/u/p/.port42.toml': { sha256 } } }),
    };
    const t = createTestContext({ files, cwd: '/home/u/p' });
    expect((await findDirectorySettings(t.ctx))?.profile).toBe('prod');
    const bytes = Buffer.from([0x70, 0xff, 0x0a]);
    expect(matchesTrusted({ sha256: createHash('sha256').update(bytes).digest('hex') }, bytes)).toBe(true);
    expect(matchesTrusted({ sha256, text: 'profile = "prod"\n' }, Buffer.from('profile = "prod" \n'))).toBe(false);
  });
});

describe('formatIgnored', () => {
  it('escapes control characters of a directory name from a clone', () => {
    const text = formatIgnored({
      file: '/x/\u001b]0;pwned\u0007/.port42.toml',
      dir: '/x/\u001b]0;pwned\u0007',
      reason: 'not trusted yet',
      hint: "port42 trust '/x/\u001b]0;pwned\u0007'",
    });
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
    expect(text).toContain('\\e]0;pwned\\x07');
  });
});

describe('env --hook and an untrusted file', () => {
  const files = {
    [TEST_CONFIG]: CONFIG,
    '/home/u/clone/.port42.toml': 'profile = "prod"\n',
    '/home/u/clone/sub/.keep': '',
    '/home/u/plain/.keep': '',
  };

  it('notes it and marks it in PORT42_HOOK_IGNORED, then stays quiet for the same file', async () => {
    const first = createTestContext({ files, cwd: '/home/u/clone', env: { K: 'sk-1' } });
    expect((await planHook(first.ctx)).changes).toEqual([{ name: HOOK_IGNORED_VARIABLE, value: '/home/u/clone/.port42.toml' }]);
    expect(first.stderr.text).toContain('ignoring /home/u/clone/.port42.toml');
    const again = createTestContext({
      files,
      cwd: '/home/u/clone/sub',
      env: { K: 'sk-1', [HOOK_IGNORED_VARIABLE]: '/home/u/clone/.port42.toml' },
    });
    expect((await planHook(again.ctx)).changes).toEqual([]);
    expect(again.stderr.text).toBe('');
    const left = createTestContext({
      files,
      cwd: '/home/u/plain',
      env: { K: 'sk-1', [HOOK_IGNORED_VARIABLE]: '/home/u/clone/.port42.toml' },
    });
    expect((await planHook(left.ctx)).changes).toEqual([{ name: HOOK_IGNORED_VARIABLE, value: null }]);
  });
});

describe('port42 trust in-process', () => {
  it('refuses a directory with no .port42.toml (exit 1) and untrust of an unknown one says so', async () => {
    const t = createTestContext({ files: { [TEST_CONFIG]: CONFIG, '/home/u/empty/.keep': '' }, cwd: '/home/u/empty' });
    expect(await main(t.ctx, ['trust'])).toBe(1);
    expect(t.stderr.text).toContain('no .port42.toml in /home/u/empty or above');
    const u = createTestContext({ files: { [TEST_CONFIG]: CONFIG, '/home/u/empty/.keep': '' }, cwd: '/home/u/empty' });
    expect(await main(u.ctx, ['untrust', '/home/u/empty'])).toBe(0);
    expect(u.stderr.text).toBe('port42: /home/u/empty/.port42.toml was not trusted\n');
  });

  it('warns when the trusted file names a profile the config lacks', async () => {
    const t = createTestContext({ files: { [TEST_CONFIG]: CONFIG, '/home/u/p/.port42.toml': 'profile = "nope"\n' }, cwd: '/home/u/p' });
    expect(await main(t.ctx, ['trust'])).toBe(0);
    expect(t.stderr.text).toContain(
      'port42: trusted /home/u/p/.port42.toml (profile "nope")\nport42: warning: the config has no profile "nope"',
    );
  });
});
