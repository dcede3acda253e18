import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { auditLine, type AuditRecord } from '../../src/audit/record.ts';
import { fetchMonthCost } from '../../src/usage/cost-api.ts';
import { parseMonth } from '../../src/usage/month.ts';
import { createTestContext, TEST_CONFIG } from '../support/test-context.ts';
import { ANTHROPIC_ADMIN_KEY, OPENAI_ADMIN_KEY, startCostServer, anthropicPages, openaiPages, type CostServer } from './cost-server.ts';

const STATE = '/home/u/.local/state/port42';
const NOW = Date.UTC(2026, 10, 25, 12, 0, 0);

let server: CostServer;
beforeAll(async () => {
  server = await startCostServer();
});
afterAll(async () => {
  await server.stop();
});
beforeEach(() => {
  server.requests.length = 0;
  server.answer('/v1/organizations/cost_report', anthropicPages);
  server.answer('/v1/organization/costs', openaiPages);
});

function record(time: string, profile: string): string {
  return auditLine({ v: 1, time, verb: 'auth token', profile, consumer: { pid: 1 }, cwd: '/' } satisfies AuditRecord);
}

function setup(extra = '') {
  const config = `
[profiles.ant]
provider = "anthropic"
base_url = "${server.url}"
budget_usd = 20

[profiles.oai]
provider = "openai"
base_url = "${server.url}/v1"

[profiles.groq]
provider = "groq"
${extra}`;
  const files = {
    [TEST_CONFIG]: config,
    // Both generations count; October's line does not.
    [`${STATE}/audit.jsonl.1`]:
      record('2026-10-31T23:59:59.000Z', 'ant') + record('2026-11-01T00:00:00.000Z', 'ant') + record('2026-11-02T08:00:00.000Z', 'oai'),
    [`${STATE}/audit.jsonl`]:
      record('2026-11-20T10:00:00.000Z', 'ant') + record('2026-11-24T10:00:00.000Z', 'groq') + record('2026-11-24T11:00:00.000Z', 'gone'),
  };
  const t = createTestContext({ files, now: NOW, fetch: (...args) => globalThis.fetch(...args) });
  t.keychain.items.set('ant', 'sk-ant-api03-normalkey');
  t.keychain.items.set('ant:admin', ANTHROPIC_ADMIN_KEY);
  t.keychain.items.set('oai:admin', OPENAI_ADMIN_KEY);
  return t;
}

interface UsageJson {
  profile: string;
  provider: string | null;
  month: string;
  releases: number;
  cost_status: string;
  cost_usd: number | null;
  cost_detail: string | null;
  budget_usd: number | null;
  budget_used_percent: number | null;
}

async function usageJson(t: ReturnType<typeof setup>, ...args: string[]): Promise<UsageJson[]> {
  t.stdout.text = '';
  expect(await main(t.ctx, ['usage', '--json', ...args])).toBe(0);
  return JSON.parse(t.stdout.text) as UsageJson[];
}

describe('port42 usage', () => {
  it("counts releases from both generations and sums both providers' paginated costs", async () => {
    const t = setup();
    const rows = await usageJson(t);
    expect(rows.map((r) => [r.profile, r.provider, r.releases, r.cost_status, r.cost_usd])).toEqual([
      ['ant', 'anthropic', 2, 'ok', 14],
      ['oai', 'openai', 1, 'ok', 4],
      ['groq', 'groq', 1, 'unsupported', null],
      ['gone', null, 1, 'unsupported', null],
    ]);
    expect(rows[0]).toMatchObject({ month: '2026-11', budget_usd: 20, budget_used_percent: 70 });
    // Two pages from Anthropic, three from OpenAI.
    expect(server.requests.map((r) => [r.path, r.query.page ?? '-'])).toEqual([
      ['/v1/organizations/cost_report', '-'],
      ['/v1/organizations/cost_report', 'page_MjAyNS0xMS0wMw=='],
      ['/v1/organization/costs', '-'],
      ['/v1/organization/costs', 'page_AAAA'],
      ['/v1/organization/costs', 'page_BBBB'],
    ]);
  });

  it("asks for the month in each API's own terms, up to the end of today", async () => {
    const t = setup();
    await usageJson(t);
    const anthropic = server.requests.find((r) => r.path === '/v1/organizations/cost_report');
    expect(anthropic?.query).toMatchObject({
      starting_at: '2026-11-01T00:00:00.000Z',
      ending_at: '2026-11-26T00:00:00.000Z',
      bucket_width: '1d',
      limit: '31',
    });
    const openai = server.requests.find((r) => r.path === '/v1/organization/costs');
    expect(openai?.query).toMatchObject({
      start_time: String(Date.UTC(2026, 10, 1) / 1000),
      end_time: String(Date.UTC(2026, 10, 26) / 1000),
      bucket_width: '1d',
    });
  });

  it('prints a table on a terminal and tab-separated rows when piped', async () => {
    const t = setup();
    expect(await main(t.ctx, ['usage', 'ant'])).toBe(0);
    expect(t.stdout.text).toBe('ant\tanthropic\t2\t$14.00\t$20 (70 %)\n');
    t.stdout.text = '';
    (t.stdout as { isTTY: boolean }).isTTY = true;
    expect(await main(t.ctx, ['usage', 'oai'])).toBe(0);
    expect(t.stdout.text).toBe('PROFILE  PROVIDER  RELEASES  COST 2026-11  BUDGET\noai      openai    1         $4.00         -\n');
  });

  it('reads --month and refuses a malformed one with exit 2', async () => {
    const t = setup();
    const rows = await usageJson(t, '--month', '2026-10');
    expect(rows.find((r) => r.profile === 'ant')?.releases).toBe(1);
    for (const bad of ['2026-13', '2026-1', 'nov', '2026/11']) {
      expect(await main(t.ctx, ['usage', '--month', bad])).toBe(2);
    }
    expect(t.stderr.text).toContain('--month takes a month as YYYY-MM');
  });

  it('shows "-" and a hint for a profile without an admin key', async () => {
    const t = setup();
    t.keychain.items.delete('oai:admin');
    const rows = await usageJson(t, 'oai');
    expect(rows[0]).toMatchObject({ cost_status: 'no-admin-key', cost_usd: null });
    expect(t.stderr.text).toContain('run: port42 auth login oai --admin');
    expect(server.requests).toHaveLength(0);
  });
});

describe('cost cache', () => {
  it('uses a fresh cache without any network, and refreshes it after an hour', async () => {
    const t = setup();
    await usageJson(t);
    const first = server.requests.length;
    expect(first).toBe(5);
    const cached = JSON.parse(t.vol.readFileSync(`${STATE}/cache/cost-ant-2026-11.json`, 'utf8') as string);
    expect(cached).toMatchObject({ v: 1, profile: 'ant', month: '2026-11', usd: 14, fetchedAt: NOW });
    expect(t.vol.statSync(`${STATE}/cache/cost-ant-2026-11.json`).mode & 0o777).toBe(0o600);
    t.clock.now = NOW + 59 * 60_000;
    const rows = await usageJson(t);
    expect(rows[0]?.cost_usd).toBe(14);
    expect(server.requests.length).toBe(first);
    t.clock.now = NOW + 61 * 60_000;
    await usageJson(t);
    expect(server.requests.length).toBe(first * 2);
  });

  it('never caches an unknown result, nor the admin key', async () => {
    const t = setup();
    server.answer('/v1/organizations/cost_report', () => ({ status: 500, json: {} }));
    const rows = await usageJson(t, 'ant');
    expect(rows[0]).toMatchObject({ cost_status: 'unknown', cost_detail: expect.stringContaining('HTTP 500') });
    expect(t.vol.existsSync(`${STATE}/cache/cost-ant-2026-11.json`)).toBe(false);
    await usageJson(t, 'oai');
    expect(t.vol.readFileSync(`${STATE}/cache/cost-oai-2026-11.json`, 'utf8')).not.toContain(OPENAI_ADMIN_KEY);
  });
});

describe('cost API answers port42 does not expect', () => {
  const month = parseMonth('2026-11');
  const cases: [string, () => { status?: number; json?: unknown; text?: string }][] = [
    ['not JSON', () => ({ text: '<html>oops' })],
    ['data is not an array', () => ({ json: { data: 'nope', has_more: false } })],
    ['has_more missing', () => ({ json: { data: [] } })],
    ['has_more without next_page', () => ({ json: { data: [], has_more: true, next_page: null } })],
    ['a bucket without results', () => ({ json: { data: [{ starting_at: 'x' }], has_more: false } })],
    ['an amount that is a number', () => ({ json: { data: [{ results: [{ amount: 12, currency: 'USD' }] }], has_more: false } })],
    ['another currency', () => ({ json: { data: [{ results: [{ amount: '12', currency: 'EUR' }] }], has_more: false } })],
  ];
  it.each(cases)('anthropic: %s → unknown, never a crash', async (_name, answer) => {
    server.answer('/v1/organizations/cost_report', answer);
    const result = await fetchMonthCost(globalThis.fetch, 'anthropic', server.url, ANTHROPIC_ADMIN_KEY, month, NOW);
    expect(result.status).toBe('unknown');
    expect(JSON.stringify(result)).not.toContain(ANTHROPIC_ADMIN_KEY);
  });

  it('openai: an amount without a value → unknown', async () => {
    server.answer('/v1/organization/costs', () => ({
      json: { object: 'page', data: [{ results: [{ amount: { currency: 'usd' } }] }], has_more: false, next_page: null },
    }));
    const result = await fetchMonthCost(globalThis.fetch, 'openai', `${server.url}/v1`, OPENAI_ADMIN_KEY, month, NOW);
    expect(result).toMatchObject({ status: 'unknown', detail: expect.stringContaining('amount.value') });
  });

  it('follows at most maxPages pages', async () => {
    let n = 0;
    server.answer('/v1/organization/costs', () => ({ json: { object: 'page', data: [], has_more: true, next_page: `page_${n++}` } }));
    const result = await fetchMonthCost(globalThis.fetch, 'openai', `${server.url}/v1`, OPENAI_ADMIN_KEY, month, NOW, { maxPages: 5 });
    expect(result).toMatchObject({ status: 'unknown', detail: expect.stringContaining('more than 5 pages') });
    expect(n).toBe(5);
  });

  it('gives up on a slow answer after the per-request timeout', async () => {
    const slow = (async () => new Promise<Response>(() => undefined)) as unknown as typeof fetch;
    const timed: typeof fetch = (input, init) =>
      new Promise((resolve, reject) => {
        init?.signal?.addEventListener('abort', () => reject(init.signal?.reason));
        void slow(input, init).then(resolve);
      });
    const result = await fetchMonthCost(timed, 'anthropic', server.url, ANTHROPIC_ADMIN_KEY, month, NOW, { timeoutMs: 50 });
    expect(result).toMatchObject({ status: 'unknown', detail: expect.stringContaining('no answer within 50 ms') });
  });

  it('reports a refused admin key as rejected', async () => {
    const result = await fetchMonthCost(globalThis.fetch, 'anthropic', server.url, 'sk-ant-admin-wrong', month, NOW);
    expect(result).toMatchObject({ status: 'unknown', rejected: true, detail: expect.stringContaining('HTTP 401') });
  });
});

describe('budget warnings on release', () => {
  function withCachedCost(usd: number, fetchedAt = NOW - 3_600_000 * 5) {
    const t = setup();
    t.vol.mkdirSync(`${STATE}/cache`, { recursive: true, mode: 0o700 });
    t.vol.writeFileSync(
      `${STATE}/cache/cost-ant-2026-11.json`,
      JSON.stringify({ v: 1, profile: 'ant', provider: 'anthropic', month: '2026-11', usd, fetchedAt }),
    );
    const calls: unknown[] = [];
    const ctx = {
      ...t.ctx,
      fetch: (async (...args: unknown[]) => {
        calls.push(args);
        throw new Error('no network on the hot path');
      }) as typeof fetch,
    };
    return { ...t, ctx, calls };
  }

  it('says nothing below 80 %', async () => {
    const t = withCachedCost(15.99);
    expect(await main(t.ctx, ['auth', 'token', 'ant'])).toBe(0);
    expect(t.stderr.text).toBe('');
  });

  it('warns at 80 % and still releases the key', async () => {
    const t = withCachedCost(16);
    expect(await main(t.ctx, ['auth', 'token', 'ant'])).toBe(0);
    expect(t.stdout.text).toBe('sk-ant-api03-normalkey\n');
    expect(t.stderr.text).toBe(
      'port42: warning: profile "ant" has used 80 % of its budget: $16.00 of $20 in 2026-11 (80 %, as of 2026-11-25 07:00 UTC)\n',
    );
    expect(t.calls).toHaveLength(0);
  });

  it('warns at 100 % on env and exec too, without the network', async () => {
    const t = withCachedCost(20.5);
    expect(await main(t.ctx, ['env', 'ant', '--shell', 'bash'])).toBe(0);
    expect(await main(t.ctx, ['exec', 'ant', '--', 'true'])).toBe(0);
    expect(t.stderr.text.match(/is over its budget: \$20\.50 of \$20 in 2026-11 \(102 %/g)).toHaveLength(2);
    expect(t.calls).toHaveLength(0);
  });

  it("ignores last month's cost and profiles without budget_usd", async () => {
    const t = withCachedCost(100);
    t.clock.now = Date.UTC(2026, 11, 1, 0, 0, 1);
    expect(await main(t.ctx, ['auth', 'token', 'ant'])).toBe(0);
    expect(t.stderr.text).toBe('');
  });
});

describe('port42 auth login --admin', () => {
  it('stores the admin key apart; token, env and exec never hand it out', async () => {
    const t = createTestContext({
      files: { [TEST_CONFIG]: `[profiles.ant]\nprovider = "anthropic"\nbase_url = "${server.url}"\n` },
      stdin: ANTHROPIC_ADMIN_KEY + '\n',
      fetch: (...a) => globalThis.fetch(...a),
    });
    t.keychain.items.set('ant', 'sk-ant-api03-normalkey');
    expect(await main(t.ctx, ['auth', 'login', 'ant', '--admin', '--verify'])).toBe(0);
    expect(t.keychain.items.get('ant:admin')).toBe(ANTHROPIC_ADMIN_KEY);
    expect(t.keychain.items.get('ant')).toBe('sk-ant-api03-normalkey');
    expect(t.stderr.text).toContain('admin key verified');
    expect(await main(t.ctx, ['auth', 'token', 'ant'])).toBe(0);
    expect(await main(t.ctx, ['env', 'ant', '--shell', 'json'])).toBe(0);
    let childEnv: Record<string, string> = {};
    const ctx = {
      ...t.ctx,
      runInteractive: async (_argv: readonly string[], env: Readonly<Record<string, string>>) => ((childEnv = { ...env }), 0),
    };
    expect(await main(ctx, ['exec', 'ant', '--', 'env'])).toBe(0);
    expect(t.stdout.text).not.toContain(ANTHROPIC_ADMIN_KEY);
    expect(Object.values(childEnv)).not.toContain(ANTHROPIC_ADMIN_KEY);
    expect(t.vol.readFileSync(`${STATE}/audit.jsonl`, 'utf8')).not.toContain('admin01');
  });

  it('refuses a key the cost API rejects and one with the wrong prefix; stores nothing', async () => {
    const t = createTestContext({
      files: { [TEST_CONFIG]: `[profiles.ant]\nprovider = "anthropic"\nbase_url = "${server.url}"\n` },
      stdin: 'sk-ant-admin01-wrong\n',
      fetch: (...a) => globalThis.fetch(...a),
    });
    expect(await main(t.ctx, ['auth', 'login', 'ant', '--admin', '--verify'])).toBe(1);
    expect(t.stderr.text).toContain('the admin key was refused (HTTP 401');
    const u = createTestContext({ files: { [TEST_CONFIG]: `[profiles.ant]\nprovider = "anthropic"\n` }, stdin: 'sk-ant-api03-notadmin\n' });
    expect(await main(u.ctx, ['auth', 'login', 'ant', '--admin'])).toBe(2);
    expect(u.stderr.text).toContain('should start with "sk-ant-admin"');
    expect(t.keychain.items.size + u.keychain.items.size).toBe(0);
  });

  it('refuses a provider without a cost API', async () => {
    const t = createTestContext({ files: { [TEST_CONFIG]: `[profiles.g]\nprovider = "groq"\n` }, stdin: 'gsk_x\n' });
    expect(await main(t.ctx, ['auth', 'login', 'g', '--admin'])).toBe(2);
    expect(t.stderr.text).toContain('has no cost API');
  });
});
