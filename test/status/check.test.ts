/**
 * `auth status --check` against a real HTTP server on 127.0.0.1: only 401/403 mean invalid;
 * 429, 5xx and timeouts mean unknown; checks run in parallel, at most 4 at a time.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { main } from '../../src/cli/main.ts';
import { writeTokenSet } from '../../src/oauth/token-store.ts';
import type { TokenSet } from '../../src/oauth/token-set.ts';
import { createTestContext, TEST_CONFIG, type TestContext } from '../support/test-context.ts';

let server: Server;
let base = '';
let inFlight = 0;
let maxInFlight = 0;
let seen: { path: string; headers: IncomingHttpHeaders }[] = [];
const hanging: ServerResponse[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    seen.push({ path: req.url ?? '', headers: req.headers });
    res.on('close', () => inFlight--);
    const behaviour = (req.url ?? '').split('/')[1] ?? '';
    if (behaviour === 'hang') {
      hanging.push(res);
      return;
    }
    const answer = (status: number) => res.writeHead(status, { 'content-type': 'application/json' }).end('{"data":[]}');
    if (behaviour === 'slow') setTimeout(() => answer(200), 150);
    else answer(Number(behaviour));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const res of hanging) res.destroy();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  seen = [];
  maxInFlight = 0;
});

/** A custom provider on the loopback server; each profile's base_url path picks the answer. */
function checkContext(profiles: Record<string, string>, env: Record<string, string> = {}): TestContext {
  let config = `[providers.loop]\nkey_env = "LOOP_API_KEY"\nbase_url = "${base}"\ncheck_path = "/v1/models"\n`;
  for (const [name, behaviour] of Object.entries(profiles))
    config += `\n[profiles.${name}]\nprovider = "loop"\nbase_url = "${base}/${behaviour}"\n`;
  const tc = createTestContext({ files: { [TEST_CONFIG]: config }, fetch: globalThis.fetch, env });
  for (const name of Object.keys(profiles)) tc.keychain.items.set(name, `key-${name}-0123456789abcdef`);
  return tc;
}

interface Row {
  profile: string;
  state: string;
  usable: boolean;
  hint: string | null;
  detail: string | null;
}

async function check(tc: TestContext, ...names: string[]): Promise<{ code: number; rows: Map<string, Row> }> {
  const code = await main(tc.ctx, ['auth', 'status', '--check', '--json', ...names]);
  return { code, rows: new Map((JSON.parse(tc.stdout.text) as Row[]).map((r) => [r.profile, r])) };
}

describe('auth status --check against a loopback server', () => {
  it('maps 200 to ok, 401/403 to invalid, 429/500 and timeouts to unknown, and exits 4', async () => {
    const tc = checkContext(
      { ok200: '200', bad401: '401', bad403: '403', busy429: '429', down500: '500', slow: 'hang' },
      { PORT42_CHECK_TIMEOUT_MS: '300' },
    );
    const started = Date.now();
    const { code, rows } = await check(tc);
    expect(Date.now() - started).toBeLessThan(3000);
    const host = base.slice('http://'.length);
    expect(Object.fromEntries([...rows].map(([name, r]) => [name, [r.state, r.usable, r.detail]]))).toEqual({
      ok200: ['ok', true, 'HTTP 200'],
      bad401: ['invalid', false, `HTTP 401 from ${host}`],
      bad403: ['invalid', false, `HTTP 403 from ${host}`],
      busy429: ['unknown', true, `HTTP 429 from ${host}`],
      down500: ['unknown', true, `HTTP 500 from ${host}`],
      slow: ['unknown', true, `no answer within 300 ms (${host})`],
    });
    expect(rows.get('bad401')?.hint).toBe('port42 auth login bad401');
    expect(code).toBe(4);
  });

  it('exits 0 when every listed profile is usable, unknown included', async () => {
    const tc = checkContext({ ok200: '200', busy429: '429', down500: '500' });
    expect((await check(tc)).code).toBe(0);
  });

  it("sends each profile's own key to its check URL, and never checks a profile with no key", async () => {
    const tc = checkContext({ ok200: '200', bad401: '401', nokey: '200' });
    tc.keychain.items.delete('nokey');
    const { rows } = await check(tc);
    expect(rows.get('nokey')?.state).toBe('missing');
    expect(seen.map((s) => [s.path, s.headers.authorization]).sort()).toEqual([
      ['/200/v1/models', 'Bearer key-ok200-0123456789abcdef'],
      ['/401/v1/models', 'Bearer key-bad401-0123456789abcdef'],
    ]);
  });

  it('checks an OAuth profile with its live access token as a bearer token', async () => {
    const issuer = 'https://login.example.com';
    const config = `[profiles.gw]\nprovider = "anthropic"\nauth = "oauth"\nbase_url = "${base}/200"\n[profiles.gw.oauth]\nissuer = "${issuer}"\nclient_id = "port42"\n`;
    const tc = createTestContext({ files: { [TEST_CONFIG]: config }, fetch: globalThis.fetch });
    const set: TokenSet = {
      version: 1,
      access_token: 'at-live-0123456789',
      refresh_token: 'rt-0123456789',
      token_type: 'Bearer',
      expires_at: tc.clock.now + 3600_000,
      issuer,
      client_id: 'port42',
    };
    await writeTokenSet(tc.keychain, 'gw', set);
    const { rows, code } = await check(tc);
    expect([rows.get('gw')?.state, code]).toEqual(['ok', 0]);
    expect(seen[0]?.path).toBe('/200/v1/models');
    expect(seen[0]?.headers.authorization).toBe('Bearer at-live-0123456789');
    expect(seen[0]?.headers['x-api-key']).toBeUndefined();
  });

  it("uses the built-in provider's check: anthropic sends x-api-key and anthropic-version", async () => {
    const config = `[profiles.claude]\nprovider = "anthropic"\nbase_url = "${base}/200"\n`;
    const tc = createTestContext({ files: { [TEST_CONFIG]: config }, fetch: globalThis.fetch });
    tc.keychain.items.set('claude', 'sk-ant-api03-0123456789abcdef');
    const { rows, code } = await check(tc);
    expect([rows.get('claude')?.state, code]).toEqual(['ok', 0]);
    expect(seen[0]?.path).toBe('/200/v1/models');
    expect(seen[0]?.headers['x-api-key']).toBe('sk-ant-api03-0123456789abcdef');
    expect(seen[0]?.headers['anthropic-version']).toBe('2023-06-01');
    expect(seen[0]?.headers.authorization).toBeUndefined();
  });

  it('runs checks in parallel, at most 4 at a time', async () => {
    const profiles = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`p${i}`, 'slow']));
    const { rows } = await check(checkContext(profiles));
    expect([...rows.values()].every((r) => r.state === 'ok')).toBe(true);
    expect(seen).toHaveLength(10);
    expect(maxInFlight).toBeGreaterThan(1);
    expect(maxInFlight).toBeLessThanOrEqual(4);
  });

  it("prints the table with the invalid row's detail and hint on a terminal, still exiting 4", async () => {
    const tc = checkContext({ ok200: '200', bad401: '401' });
    tc.stdout.isTTY = true;
    expect(await main(tc.ctx, ['auth', 'status', '--check'])).toBe(4);
    const lines = tc.stdout.text.split('\n');
    const bad = lines.findIndex((l) => l.startsWith('bad401 '));
    expect(lines[bad]).toMatch(/\sinvalid\s/);
    expect(lines.slice(bad + 1, bad + 3)).toEqual([`  HTTP 401 from ${base.slice(7)}`, '  run: port42 auth login bad401']);
  });
});
