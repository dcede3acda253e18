import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { recordRelease, AUDIT_MAX_BYTES, auditLine, isoTimeUtc, type AuditRecord } from '../../src/audit/record.ts';
import { parseDuration, readAuditTrail } from '../../src/audit/read.ts';
import { createTestContext, TEST_CONFIG } from '../support/test-context.ts';

const SECRET = 'sk-proj-SECRETvalue0123456789abcdef';
const STATE = '/home/u/.local/state/port42';
const AUDIT = `${STATE}/audit.jsonl`;
const CONFIG = `
[profiles.work]
provider = "openai"

[profiles.local]
provider = "ollama"
auth = "none"
`;

function setup(options: Parameters<typeof createTestContext>[0] = {}) {
  const t = createTestContext({ files: { [TEST_CONFIG]: CONFIG, '/proc/4241/comm': 'claude\n' }, cwd: '/home/u/project', ...options });
  t.keychain.items.set('work', SECRET);
  return t;
}

function auditLines(t: ReturnType<typeof setup>): AuditRecord[] {
  const text = t.vol.readFileSync(AUDIT, 'utf8') as string;
  return text
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as AuditRecord);
}

describe('audit trail', () => {
  it('records `auth token` with the consumer, the cwd and the time, and never the secret', async () => {
    const t = setup();
    expect(await main(t.ctx, ['auth', 'token', 'work'])).toBe(0);
    expect(t.stdout.text).toBe(SECRET + '\n');
    expect(auditLines(t)).toEqual([
      {
        v: 1,
        time: '2026-11-25T12:00:00.000Z',
        verb: 'auth token',
        profile: 'work',
        consumer: { pid: 4241, name: 'claude' },
        cwd: '/home/u/project',
      },
    ]);
    const raw = t.vol.readFileSync(AUDIT, 'utf8') as string;
    expect(raw).not.toContain(SECRET);
    expect(raw).not.toContain(SECRET.slice(-8));
  });

  it('records env and exec, but not env --unset', async () => {
    const t = setup();
    expect(await main(t.ctx, ['env', 'work', '--shell', 'bash'])).toBe(0);
    expect(await main(t.ctx, ['env', 'work', '--shell', 'bash', '--unset'])).toBe(0);
    expect(await main(t.ctx, ['exec', 'work', '--', 'true'])).toBe(0);
    expect(auditLines(t).map((r) => r.verb)).toEqual(['env', 'exec']);
    expect(t.vol.readFileSync(AUDIT, 'utf8')).not.toContain(SECRET);
  });

  it('records a helper get with the URL, stripped of user, password, query and fragment', async () => {
    const t = setup();
    await recordRelease(t.ctx, {
      verb: 'helper get',
      profile: 'work',
      url: 'https://me:pa55word@git.example.com:8443/org/repo.git?token=x#frag',
    });
    await recordRelease(t.ctx, { verb: 'docker get', profile: 'work', url: 'https://registry.example.com' });
    await recordRelease(t.ctx, { verb: 'helper get', profile: 'work', url: 'not a url with pa55word' });
    const lines = auditLines(t);
    expect(lines.map((r) => r.url)).toEqual(['https://git.example.com:8443/org/repo.git', 'https://registry.example.com', undefined]);
    expect(t.vol.readFileSync(AUDIT, 'utf8')).not.toMatch(/pa55word|token=x|frag/);
  });

  it('keeps the audit directory 0700 and the file 0600', async () => {
    const t = setup();
    await main(t.ctx, ['auth', 'token', 'work']);
    expect(t.vol.statSync(STATE).mode & 0o777).toBe(0o700);
    expect(t.vol.statSync(AUDIT).mode & 0o777).toBe(0o600);
  });

  it('records the pid alone when /proc is not readable', async () => {
    const t = createTestContext({ files: { [TEST_CONFIG]: CONFIG } });
    t.keychain.items.set('work', SECRET);
    await main(t.ctx, ['auth', 'token', 'work']);
    expect(auditLines(t as ReturnType<typeof setup>)[0]?.consumer).toEqual({ pid: 4241 });
  });

  it('writes nothing when nothing secret is released (auth = "none")', async () => {
    const t = setup();
    expect(await main(t.ctx, ['env', 'local', '--shell', 'bash'])).toBe(0);
    expect(t.vol.existsSync(AUDIT)).toBe(false);
  });

  it('still releases the secret when the trail cannot be written, with one warning', async () => {
    const t = setup();
    t.vol.mkdirSync('/home/u/.local', { recursive: true });
    t.vol.writeFileSync('/home/u/.local/state', 'not a directory');
    expect(await main(t.ctx, ['auth', 'token', 'work'])).toBe(0);
    expect(t.stdout.text).toBe(SECRET + '\n');
    expect(t.stderr.text.trimEnd().split('\n')).toHaveLength(1);
    expect(t.stderr.text).toMatch(/^port42: warning: could not write the audit trail .*audit\.jsonl/);
    expect(t.stderr.text).not.toContain(SECRET);
  });
});

describe('audit trail rotation', () => {
  function fill(t: ReturnType<typeof setup>, bytes: number, profile = 'old'): number {
    const line = auditLine({ v: 1, time: '2026-11-01T00:00:00.000Z', verb: 'env', profile, consumer: { pid: 1 }, cwd: '/' });
    const count = Math.ceil(bytes / line.length);
    t.vol.mkdirSync(STATE, { recursive: true, mode: 0o700 });
    t.vol.writeFileSync(AUDIT, line.repeat(count), { mode: 0o600 });
    return count;
  }

  it('renames the trail to audit.jsonl.1 once it passes the size bound, and keeps two generations', async () => {
    const t = setup();
    const first = fill(t, AUDIT_MAX_BYTES - 10);
    await recordRelease(t.ctx, { verb: 'auth token', profile: 'work' });
    expect(t.vol.existsSync(`${AUDIT}.1`)).toBe(true);
    expect(t.vol.existsSync(AUDIT)).toBe(false);
    await recordRelease(t.ctx, { verb: 'env', profile: 'work' });
    const trail = await readAuditTrail(t.ctx);
    expect(trail.records).toHaveLength(first + 2);
    expect(trail.skipped).toBe(0);
    // A second rotation drops the oldest generation: never more than two files.
    fill(t, AUDIT_MAX_BYTES - 10, 'newer');
    await recordRelease(t.ctx, { verb: 'exec', profile: 'work' });
    const after = await readAuditTrail(t.ctx);
    expect(after.records.some((r) => r.profile === 'old')).toBe(false);
    expect(t.vol.readdirSync(STATE).filter((f) => String(f).startsWith('audit'))).toEqual(['audit.jsonl.1']);
  });

  it('rotates once when several writers cross the bound together, and loses no line', async () => {
    const t = setup();
    const first = fill(t, AUDIT_MAX_BYTES - 300);
    await Promise.all(Array.from({ length: 12 }, (_, i) => recordRelease(t.ctx, { verb: 'auth token', profile: `p${i}` })));
    const trail = await readAuditTrail(t.ctx);
    expect(trail.records).toHaveLength(first + 12);
    expect(trail.records.filter((r) => r.profile === 'old')).toHaveLength(first);
    expect(t.stderr.text).toBe('');
  });
});

describe('port42 audit', () => {
  async function withHistory() {
    const t = setup();
    const now = t.clock.now;
    const at = (msAgo: number, profile: string, verb: string, url?: string) => {
      t.clock.now = now - msAgo;
      return recordRelease(t.ctx, { verb, profile, ...(url ? { url } : {}) });
    };
    await at(15 * 86_400_000, 'work', 'env');
    await at(3 * 86_400_000, 'team', 'exec');
    await at(20 * 60_000, 'work', 'helper get', 'https://git.example.com/org/repo');
    t.clock.now = now;
    return t;
  }

  it('parses 30m, 12h, 7d and 2w', () => {
    expect(parseDuration('30m')).toBe(30 * 60_000);
    expect(parseDuration('12h')).toBe(12 * 3_600_000);
    expect(parseDuration('7d')).toBe(7 * 86_400_000);
    expect(parseDuration('2w')).toBe(14 * 86_400_000);
  });

  it.each(['7', '7days', '0d', '-1h', '1.5h', '', 'd', '7 d x'])('refuses --since %j with a usage error (exit 2)', async (value) => {
    const t = await withHistory();
    expect(await main(t.ctx, ['audit', `--since=${value}`])).toBe(2);
    expect(t.stdout.text).toBe('');
    expect(t.stderr.text).toContain('--since takes a duration such as 30m, 12h, 7d or 2w');
  });

  it('prints tab-separated rows when piped, filtered by --since and --profile', async () => {
    const t = await withHistory();
    expect(await main(t.ctx, ['audit', '--since', '7d'])).toBe(0);
    expect(t.stdout.text).toBe(
      '2026-11-22T12:00:00.000Z\texec\tteam\tclaude[4241]\t/home/u/project\t-\n' +
        '2026-11-25T11:40:00.000Z\thelper get\twork\tclaude[4241]\t/home/u/project\thttps://git.example.com/org/repo\n',
    );
    t.stdout.text = '';
    expect(await main(t.ctx, ['audit', '--profile', 'work'])).toBe(0);
    expect(
      t.stdout.text
        .trimEnd()
        .split('\n')
        .map((l) => l.split('\t')[1]),
    ).toEqual(['env', 'helper get']);
  });

  it('prints an aligned table on a terminal and a JSON array with --json', async () => {
    const t = await withHistory();
    (t.stdout as { isTTY: boolean }).isTTY = true;
    expect(await main(t.ctx, ['audit', '--since', '1h'])).toBe(0);
    expect(t.stdout.text).toBe(
      'TIME                  VERB        PROFILE  CONSUMER      CWD        URL\n' +
        '2026-11-25 11:40:00Z  helper get  work     claude[4241]  ~/project  https://git.example.com/org/repo\n',
    );
    t.stdout.text = '';
    expect(await main(t.ctx, ['audit', '--json', '--since', '2w'])).toBe(0);
    const json = JSON.parse(t.stdout.text) as AuditRecord[];
    expect(json.map((r) => r.verb)).toEqual(['exec', 'helper get']);
    expect(json[1]).toMatchObject({ v: 1, consumer: { pid: 4241, name: 'claude' }, url: 'https://git.example.com/org/repo' });
  });

  it('skips a line cut short by a crash and says so on stderr', async () => {
    const t = await withHistory();
    t.vol.appendFileSync(AUDIT, '{"v":1,"time":"2026-11-2');
    expect(await main(t.ctx, ['audit', '--json'])).toBe(0);
    expect(JSON.parse(t.stdout.text)).toHaveLength(3);
    expect(t.stderr.text).toContain('skipped 1 line');
  });
});

describe('isoTimeUtc', () => {
  it('writes what Date#toISOString writes, without loading the time zone', () => {
    for (const ms of [0, 1, 999, 951_782_400_000, 1_700_000_000_123, 4_102_444_799_999, Date.UTC(2024, 1, 29, 23, 59, 59, 7)]) {
      expect(isoTimeUtc(ms)).toBe(new Date(ms).toISOString());
    }
  });
});
