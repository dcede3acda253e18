import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { main } from '../../src/cli/main.ts';
import { MemoryStore } from '../../src/stores/memory.ts';
import { createTestContext, TEST_CONFIG } from '../support/test-context.ts';
import { CrashingStore } from '../support/crashing-store.ts';

const OLD = 'sk-proj-OLDkey000000000000000000';
const NEW = 'sk-proj-NEWkey111111111111111111';
const REVOKED = 'sk-proj-REVOKED22222222222222222';

/** A loopback provider: GET /v1/models answers 401 for the revoked key, 200 for any other. */
let server: Server;
let baseUrl: string;
beforeAll(async () => {
  server = createServer((req, res) => {
    const revoked = req.headers.authorization === `Bearer ${REVOKED}`;
    res.writeHead(revoked ? 401 : 200, { 'content-type': 'application/json' });
    res.end(revoked ? '{"error":{"code":"invalid_api_key"}}' : '{"object":"list","data":[]}');
  });
  server.unref();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

function setup(stdin: string, keychain?: MemoryStore, extra = '') {
  const config = `[profiles.work]\nprovider = "openai"\nbase_url = "${baseUrl}"\n\n[profiles.team]\nprovider = "anthropic"\nauth = "command"\ncommand = ["pass", "show", "x"]\n${extra}`;
  const t = createTestContext({
    files: { [TEST_CONFIG]: config },
    stdin: stdin + '\n',
    fetch: (...a) => globalThis.fetch(...a),
    ...(keychain ? { keychain } : {}),
  });
  if (!t.keychain.items.has('work')) t.keychain.items.set('work', OLD);
  return t;
}

describe('port42 auth rotate', () => {
  it('stores the new key and keeps the old one as previous', async () => {
    const t = setup(NEW);
    expect(await main(t.ctx, ['auth', 'rotate', 'work'])).toBe(0);
    expect(t.keychain.items.get('work')).toBe(NEW);
    expect(t.keychain.items.get('work:previous')).toBe(OLD);
    expect(t.stderr.text).toContain('new key verified');
    expect(t.stderr.text).toContain('run: port42 auth rotate work --restore');
    expect(t.stderr.text + t.stdout.text).not.toMatch(/OLDkey|NEWkey/);
    expect(await main(t.ctx, ['auth', 'token', 'work'])).toBe(0);
    expect(t.stdout.text).toBe(NEW + '\n');
  });

  it('refuses a key the provider rejects (401) and keeps the old one', async () => {
    const t = setup(REVOKED);
    expect(await main(t.ctx, ['auth', 'rotate', 'work'])).toBe(1);
    expect(t.stderr.text).toContain('openai rejected the new key (HTTP 401');
    expect(t.stderr.text).toContain('nothing changed');
    expect(t.keychain.items.get('work')).toBe(OLD);
    expect(t.keychain.items.has('work:previous')).toBe(false);
  });

  it('goes ahead with a note when the provider cannot be reached', async () => {
    const t = setup(NEW);
    const ctx = {
      ...t.ctx,
      fetch: (async () => {
        throw new TypeError('fetch failed');
      }) as typeof fetch,
    };
    expect(await main(ctx, ['auth', 'rotate', 'work'])).toBe(0);
    expect(t.stderr.text).toContain('new key not verified: network error');
    expect(t.keychain.items.get('work')).toBe(NEW);
  });

  it('refuses a key with the wrong prefix unless --force, and the same key again', async () => {
    const t = setup('not-a-key-at-all');
    expect(await main(t.ctx, ['auth', 'rotate', 'work'])).toBe(2);
    expect(t.stderr.text).toContain('should start with "sk-"');
    expect(t.keychain.items.get('work')).toBe(OLD);
    const same = setup(OLD);
    expect(await main(same.ctx, ['auth', 'rotate', 'work'])).toBe(2);
    expect(same.stderr.text).toContain('already has');
  });

  it('swaps back with --restore, and a second --restore undoes the first', async () => {
    const t = setup(NEW);
    expect(await main(t.ctx, ['auth', 'rotate', 'work'])).toBe(0);
    expect(await main(t.ctx, ['auth', 'rotate', 'work', '--restore'])).toBe(0);
    expect([t.keychain.items.get('work'), t.keychain.items.get('work:previous')]).toEqual([OLD, NEW]);
    expect(await main(t.ctx, ['auth', 'rotate', 'work', '--restore'])).toBe(0);
    expect([t.keychain.items.get('work'), t.keychain.items.get('work:previous')]).toEqual([NEW, OLD]);
    expect(t.keychain.items.has('work:restoring')).toBe(false);
  });

  it('--restore without a previous key is a usage error', async () => {
    const t = setup('');
    expect(await main(t.ctx, ['auth', 'rotate', 'work', '--restore'])).toBe(2);
    expect(t.stderr.text).toContain('no previous key');
  });

  it('names why other auth types cannot rotate (usage error)', async () => {
    const t = setup(NEW);
    expect(await main(t.ctx, ['auth', 'rotate', 'team'])).toBe(2);
    expect(t.stderr.text).toContain('gets its key from a command (pass): rotate it in that tool');
    const implicit = createTestContext({ stdin: NEW });
    expect(await main(implicit.ctx, ['auth', 'rotate', 'openai'])).toBe(2);
    expect(implicit.stderr.text).toContain('reads its key from the environment');
  });

  it('loses neither key when a rotation stops between its two writes', async () => {
    const store = new CrashingStore(2);
    store.items.set('work', OLD);
    const t = setup(NEW, store);
    expect(await main(t.ctx, ['auth', 'rotate', 'work'])).toBe(1);
    expect(store.items.get('work')).toBe(OLD);
    expect(store.items.get('work:previous')).toBe(OLD);
    const again = setup(NEW, store);
    expect(await main(again.ctx, ['auth', 'rotate', 'work'])).toBe(0);
    expect([store.items.get('work'), store.items.get('work:previous')]).toEqual([NEW, OLD]);
  });

  it.each([1, 2, 3])('finishes a --restore that stopped at write %i, keeping both keys', async (crashAt) => {
    const crashing = new CrashingStore(crashAt);
    crashing.items.set('work', NEW);
    crashing.items.set('work:previous', OLD);
    const t = setup('', crashing);
    expect(await main(t.ctx, ['auth', 'rotate', 'work', '--restore'])).toBe(1);
    const held = new Set(crashing.items.values());
    expect(held.has(OLD) && held.has(NEW)).toBe(true);
    // The next run (here a second --restore, with the store working again) repairs, then swaps.
    const healed = new MemoryStore('keychain');
    for (const [k, v] of crashing.items) healed.items.set(k, v);
    const next = setup('', healed);
    expect(await main(next.ctx, ['auth', 'rotate', 'work', '--restore'])).toBe(0);
    expect(healed.items.has('work:restoring')).toBe(false);
    expect(new Set([healed.items.get('work'), healed.items.get('work:previous')])).toEqual(new Set([OLD, NEW]));
  });
});
