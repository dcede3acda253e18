/**
 * `auth status` offline: every state a source reports, read at a fixed clock. The expiring and
 * expired rows come from OAuth token sets in the store, so the states follow SourceStatus.expiresAt.
 */
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { writeTokenSet } from '../../src/oauth/token-store.ts';
import type { TokenSet } from '../../src/oauth/token-set.ts';
import { STATUS_JSON_VERSION } from '../../src/status/table.ts';
import { createTestContext, TEST_CONFIG, type TestContext } from '../support/test-context.ts';

const NOW = Date.UTC(2026, 10, 25, 12, 0, 0);
const HOUR = 3600_000;
const ISSUER = 'https://login.example.com';

const oauthProfile = (name: string) =>
  `[profiles.${name}]\nprovider = "anthropic"\nauth = "oauth"\nbase_url = "https://llm.example.com"\n[profiles.${name}.oauth]\nissuer = "${ISSUER}"\nclient_id = "port42"\n`;

const CONFIG = [
  'default = "key"\n',
  '[profiles.key]\nprovider = "openai"\n',
  '[profiles.nokey]\nprovider = "anthropic"\n',
  '[profiles.fromenv]\nprovider = "groq"\nauth = "env"\nfrom_env = "WORK_GROQ_KEY"\n',
  '[profiles.local]\nprovider = "ollama"\nbase_url = "http://127.0.0.1:11434"\n',
  '[profiles.vault]\nprovider = "mistral"\nauth = "command"\ncommand = ["pass", "show", "ai/mistral"]\n',
  ...['fresh', 'soon', 'gone', 'renew', 'loggedout', 'damaged'].map(oauthProfile),
].join('\n');

function tokenSet(expiresIn: number, refresh?: string): TokenSet {
  return {
    version: 1,
    access_token: 'at-0123456789',
    token_type: 'Bearer',
    expires_at: NOW + expiresIn,
    issuer: ISSUER,
    client_id: 'port42',
    ...(refresh ? { refresh_token: refresh } : {}),
  };
}

async function statusContext(options: { tty?: boolean } = {}): Promise<TestContext> {
  const tc = createTestContext({
    files: { [TEST_CONFIG]: CONFIG },
    now: NOW,
    env: { WORK_GROQ_KEY: 'gsk_0123456789abcdefghij' },
    tty: options.tty ?? false,
  });
  tc.keychain.items.set('key', 'sk-proj-0123456789abcdefghij');
  await writeTokenSet(tc.keychain, 'fresh', tokenSet(48 * HOUR));
  await writeTokenSet(tc.keychain, 'soon', tokenSet(2 * HOUR));
  await writeTokenSet(tc.keychain, 'gone', tokenSet(-HOUR));
  await writeTokenSet(tc.keychain, 'renew', tokenSet(-HOUR, 'rt-0123456789'));
  tc.keychain.items.set('damaged', 'not a token set');
  return tc;
}

interface StatusJson {
  version: number;
  profile: string;
  state: string;
  usable: boolean;
  default: boolean;
  expires_at: string | null;
  expires_in_seconds: number | null;
  hint: string | null;
}

async function statusJson(tc: TestContext, ...names: string[]): Promise<{ code: number; rows: Map<string, StatusJson> }> {
  const code = await main(tc.ctx, ['auth', 'status', '--json', ...names]);
  const rows = JSON.parse(tc.stdout.text) as StatusJson[];
  return { code, rows: new Map(rows.map((r) => [r.profile, r])) };
}

describe('auth status states at a fixed clock', () => {
  const cases: [profile: string, state: string, usable: boolean, expiresIn: number | null, hint: string | null][] = [
    ['key', 'ok', true, null, null],
    ['nokey', 'missing', false, null, 'port42 auth login nokey'],
    ['fromenv', 'ok', true, null, null],
    ['local', 'ok', true, null, null],
    ['vault', 'ok', true, null, null],
    ['fresh', 'ok', true, 48 * 3600, null],
    ['soon', 'expiring', true, 2 * 3600, 'port42 auth login soon'],
    ['gone', 'expired', false, -3600, 'port42 auth login gone'],
    ['renew', 'ok', true, -3600, null],
    ['loggedout', 'missing', false, null, 'port42 auth login loggedout'],
    ['damaged', 'invalid', false, null, 'port42 auth login damaged'],
  ];
  it.each(cases)('%s is %s (usable: %s, expires in %s s)', async (profile, state, usable, expiresIn, hint) => {
    const { rows } = await statusJson(await statusContext());
    const row = rows.get(profile)!;
    expect(row.version).toBe(STATUS_JSON_VERSION);
    expect({ state: row.state, usable: row.usable, expires_in_seconds: row.expires_in_seconds, hint: row.hint }).toEqual({
      state,
      usable,
      expires_in_seconds: expiresIn,
      hint,
    });
    if (expiresIn !== null) expect(row.expires_at).toBe(new Date(NOW + expiresIn * 1000).toISOString());
  });

  it('marks the default profile', async () => {
    const { rows } = await statusJson(await statusContext());
    expect([...rows.values()].filter((r) => r.default).map((r) => r.profile)).toEqual(['key']);
  });

  it('exits 4 when any listed profile is unusable, 0 when all are (expiring counts as usable)', async () => {
    expect((await statusJson(await statusContext())).code).toBe(4);
    expect((await statusJson(await statusContext(), 'key', 'fromenv', 'local', 'vault', 'fresh', 'soon', 'renew')).code).toBe(0);
    expect((await statusJson(await statusContext(), 'key', 'gone')).code).toBe(4);
  });

  it('still prints the whole table with a run: line under each row that needs action', async () => {
    const tc = await statusContext({ tty: true });
    expect(await main(tc.ctx, ['auth', 'status', 'key', 'nokey', 'soon', 'gone'])).toBe(4);
    const lines = tc.stdout.text.split('\n');
    expect(lines[0]).toMatch(/^PROFILE\s+PROVIDER\s+AUTH\s+STORE\s+STATE\s+EXPIRES\s+SOURCE$/);
    const row = (name: string) => lines.findIndex((l) => l.startsWith(`${name} `) || l.startsWith(`${name}* `));
    expect(lines[row('key')]).toMatch(/^key\*\s+openai\s+api-key\s+keychain\s+ok\s+-\s+store sk-proj-…ghij$/);
    expect(lines[row('nokey') + 1]).toBe('  run: port42 auth login nokey');
    expect(lines[row('soon')]).toMatch(/\sexpiring\s+in 2h\s/);
    expect(lines[row('gone')]).toMatch(/\sexpired\s+60m ago\s/);
    expect(lines.slice(row('gone') + 1).some((l) => l === '  run: port42 auth login gone')).toBe(true);
    // An expiring profile is still usable: its hint is not an action line.
    expect(lines.slice(row('soon') + 1, row('gone'))).not.toContain('  run: port42 auth login soon');
  });

  it('pipes tab-separated rows without a header or hints', async () => {
    const tc = await statusContext();
    await main(tc.ctx, ['auth', 'status', 'soon', 'nokey']);
    expect(tc.stdout.text).toBe(
      'soon\tanthropic\toauth\tkeychain\texpiring\tin 2h\toauth\nnokey\tanthropic\tapi-key\tkeychain\tmissing\t-\tstore\n',
    );
  });
});
