import { describe, expect, it } from 'vitest';
import { appendProfile, editConfig, removeProfile, setProfileKey, setTopLevelKey, tomlString } from '../../src/config/edit.ts';
import { createTestContext, TEST_CONFIG } from '../support/test-context.ts';

const ORIGINAL = `# my AI accounts
store = "auto"   # keep the keychain

# the work account
[profiles.work]
provider = "openai"   # company key
model = "gpt-4.1"

# personal
[profiles.home]
provider = "anthropic"
[profiles.home.env]
ANTHROPIC_LOG = "info"
`;

describe('config text edits', () => {
  it('sets default before the first table and keeps every comment', () => {
    const next = setTopLevelKey(ORIGINAL, 'default', tomlString('home'));
    expect(next).toContain('default = "home"\n');
    for (const comment of ['# my AI accounts', '# keep the keychain', '# company key', '# personal']) expect(next).toContain(comment);
    expect(next.indexOf('default')).toBeLessThan(next.indexOf('[profiles.work]'));
  });

  it('replaces an existing default in place', () => {
    const once = setTopLevelKey(ORIGINAL, 'default', '"work"');
    const twice = setTopLevelKey(once, 'default', '"home"');
    expect(twice.match(/default =/g)).toHaveLength(1);
    expect(twice).toContain('default = "home"');
  });

  it('removes a profile with its sub-tables and its comment, and nothing else', () => {
    const next = removeProfile(ORIGINAL, 'home');
    expect(next).not.toContain('profiles.home');
    expect(next).not.toContain('ANTHROPIC_LOG');
    expect(next).not.toContain('# personal');
    expect(next).toContain('# company key');
    expect(next).toContain('[profiles.work]');
  });

  it('appends a profile table and sets a key inside it', () => {
    const added = appendProfile(ORIGINAL, 'new', [['provider', '"groq"']]);
    expect(added.endsWith('[profiles.new]\nprovider = "groq"\n')).toBe(true);
    expect(setProfileKey(added, 'work', 'model', '"gpt-5"')).toContain('model = "gpt-5"');
  });

  it('quotes strings as TOML basic strings', () => {
    expect(tomlString('a"b\\c\n')).toBe('"a\\"b\\\\c\\n"');
  });
});

describe('editConfig', () => {
  it('writes atomically and keeps the file mode', async () => {
    const tc = createTestContext({ files: { [TEST_CONFIG]: ORIGINAL } });
    tc.vol.chmodSync(TEST_CONFIG, 0o640);
    await editConfig(tc.ctx, (text) => setTopLevelKey(text, 'default', '"work"'));
    expect(tc.vol.readFileSync(TEST_CONFIG, 'utf8')).toContain('default = "work"');
    expect(tc.vol.statSync(TEST_CONFIG).mode & 0o777).toBe(0o640);
    expect((tc.vol.readdirSync('/home/u/.config/port42') as string[]).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('leaves the file byte for byte unchanged when the edit would make it invalid', async () => {
    const tc = createTestContext({ files: { [TEST_CONFIG]: ORIGINAL } });
    await expect(editConfig(tc.ctx, (text) => setTopLevelKey(text, 'default', '"nope"'))).rejects.toMatchObject({ code: 'config' });
    expect(tc.vol.readFileSync(TEST_CONFIG, 'utf8')).toBe(ORIGINAL);
  });

  it('refuses to edit a file that is already broken, and does not touch it', async () => {
    const broken = '[profiles.work\nprovider = "openai"\n';
    const tc = createTestContext({ files: { [TEST_CONFIG]: broken } });
    await expect(editConfig(tc.ctx, (text) => text + '\n')).rejects.toMatchObject({ code: 'config' });
    expect(tc.vol.readFileSync(TEST_CONFIG, 'utf8')).toBe(broken);
  });
});
