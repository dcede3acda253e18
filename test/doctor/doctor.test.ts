import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import type { Context } from '../../src/context.ts';
import { storeUnavailable } from '../../src/errors.ts';
import { EncryptedFileStore } from '../../src/stores/encrypted-file.ts';
import { MemoryStore } from '../../src/stores/memory.ts';
import { createTestContext, TEST_CONFIG } from '../support/test-context.ts';

const STATE = '/home/u/.local/state/port42';
const CONFIG = `[profiles.work]\nprovider = "openai"\n`;

function setup(config: string | null = CONFIG, options: Parameters<typeof createTestContext>[0] = {}) {
  const t = createTestContext({ ...(config === null ? {} : { files: { [TEST_CONFIG]: config } }), ...options });
  t.keychain.items.set('work', 'sk-proj-doctor00000000000000000000');
  return t;
}

/** A keychain that fails as a locked Secret Service does. */
class LockedKeychain extends MemoryStore {
  constructor() {
    super('keychain');
  }
  override async get(): Promise<string | undefined> {
    throw storeUnavailable('keychain unavailable: the keyring is locked (unlock it, e.g. by logging in to the desktop)', 'port42 doctor');
  }
}

describe('port42 doctor', () => {
  it('passes with a reachable memory store and a stored key (exit 0)', async () => {
    const t = setup();
    expect(await main(t.ctx, ['doctor'])).toBe(0);
    expect(t.stdout.text).toContain(`✓ config: ${TEST_CONFIG} is valid (1 profile)`);
    expect(t.stdout.text).toContain('✓ store: the keychain answers and is unlocked (1 port42 item)');
    expect(t.stdout.text).toContain('✓ profile work: ok');
    expect(t.stdout.text).toMatch(/all checks passed\n$/);
    expect(t.stdout.text).not.toContain('✗');
    expect(t.stdout.text).not.toContain('doctor00');
  });

  it('passes on a fresh machine with no config', async () => {
    const t = setup(null);
    expect(await main(t.ctx, ['doctor'])).toBe(0);
    expect(t.stdout.text).toContain('✓ config: none at');
    expect(t.stdout.text).toContain('- built-in providers without a key:');
  });

  it('names the fix for a profile without a key (exit 4)', async () => {
    const t = setup();
    t.keychain.items.clear();
    expect(await main(t.ctx, ['doctor'])).toBe(4);
    expect(t.stdout.text).toContain('✗ profile work: missing\n    run: port42 auth login work\n');
    expect(t.stdout.text).toMatch(/1 problem found\n$/);
  });

  it('reports a broken config with its location and stops there (exit 3)', async () => {
    const t = setup(`[profiles.work]\nprovider = "openai"\nmodle = "x"\n`);
    expect(await main(t.ctx, ['doctor'])).toBe(3);
    expect(t.stdout.text).toMatch(/✗ config: .*config\.toml:3: profiles\.work\.modle: unknown key/);
    expect(t.stdout.text).toContain('    run: ${EDITOR:-vi} +3');
    expect(t.stdout.text).toContain('- store and profiles not checked');
  });

  it('explains a locked keychain (store = "keychain", exit 5)', async () => {
    const t = setup(`store = "keychain"\n${CONFIG}`, { keychain: new LockedKeychain() });
    expect(await main(t.ctx, ['doctor'])).toBe(5);
    expect(t.stdout.text).toContain('✗ store: keychain unavailable: the keyring is locked');
    expect(t.stdout.text).toContain('    fix: unlock the login keyring');
    expect(t.stdout.text).toContain('or set store = "file" in');
  });

  it('checks the fallback file when store = "auto" and the keychain is unreachable', async () => {
    const t = setup(CONFIG, { keychain: new LockedKeychain(), env: { PORT42_PASSPHRASE: 'pw-long-enough' } });
    const code = await main(t.ctx, ['doctor']);
    expect(code).toBe(5);
    expect(t.stdout.text).toContain('- store = "auto": port42 uses the encrypted file meanwhile');
    expect(t.stdout.text).toContain('✓ store: encrypted file');
  });

  describe('with a broken encrypted file store', () => {
    function fileStoreContext(
      prepare: (t: ReturnType<typeof setup>) => void,
      env: Record<string, string> = { PORT42_PASSPHRASE: 'correct horse' },
    ) {
      const t = setup(`store = "file"\n${CONFIG}`, { env });
      prepare(t);
      const file = new EncryptedFileStore({
        fs: t.fs,
        dir: STATE,
        passphrase: async () => env.PORT42_PASSPHRASE ?? '',
        pid: 1,
        now: () => t.clock.now,
      });
      const ctx: Context = { ...t.ctx, stores: { keychain: t.ctx.stores.keychain, file: async () => file } };
      return { ...t, ctx };
    }

    it('names the damaged file and the loose modes, with the commands that fix them (exit 5)', async () => {
      const t = fileStoreContext((t) => {
        t.vol.mkdirSync(STATE, { recursive: true, mode: 0o755 });
        t.vol.writeFileSync(`${STATE}/secrets.enc`, 'garbage{', { mode: 0o644 });
      });
      expect(await main(t.ctx, ['doctor'])).toBe(5);
      expect(t.stdout.text).toContain(`✗ store: ${STATE} has mode 755, not 700\n    run: chmod 700 ${STATE}\n`);
      expect(t.stdout.text).toContain(`✗ store: ${STATE}/secrets.enc has mode 644, not 600\n    run: chmod 600 ${STATE}/secrets.enc\n`);
      expect(t.stdout.text).toContain('is not a port42 store (damaged?)');
      expect(t.stdout.text).toContain('✗ profile work: error');
    });

    it('says when there is no passphrase to open it', async () => {
      const t = fileStoreContext((t) => {
        t.vol.mkdirSync(STATE, { recursive: true, mode: 0o700 });
        t.vol.writeFileSync(`${STATE}/secrets.enc`, '{}', { mode: 0o600 });
      }, {});
      expect(await main(t.ctx, ['doctor'])).not.toBe(0);
      expect(t.stdout.text).toContain('✗ store: the encrypted file needs a passphrase');
      expect(t.stdout.text).toContain('    run: port42 unlock');
    });

    it('passes with a good file store', async () => {
      const t = fileStoreContext(() => undefined);
      const file = await t.ctx.stores.file();
      await file.set('work', 'sk-proj-doctor00000000000000000000');
      expect(await main(t.ctx, ['doctor'])).toBe(0);
      expect(t.stdout.text).toContain(`✓ store: encrypted file ${STATE}/secrets.enc opens with the passphrase`);
    });
  });

  describe('clock skew against an OAuth issuer', () => {
    const oauth = `[profiles.gw]\nprovider = "anthropic"\nauth = "oauth"\n[profiles.gw.oauth]\nissuer = "https://login.example.com"\nclient_id = "port42"\n`;
    function withIssuerDate(offsetMs: number | undefined) {
      const t = setup(oauth);
      const seen: string[] = [];
      const fetchStub = (async (url: string) => {
        seen.push(String(url));
        const headers: Record<string, string> = offsetMs === undefined ? {} : { date: new Date(t.clock.now + offsetMs).toUTCString() };
        return new Response('{}', { status: 200, headers });
      }) as unknown as typeof fetch;
      return { ...t, ctx: { ...t.ctx, fetch: fetchStub }, seen };
    }

    it('passes within a minute, asking the discovery URL', async () => {
      const t = withIssuerDate(-20_000);
      await main(t.ctx, ['doctor']);
      expect(t.seen).toEqual(['https://login.example.com/.well-known/openid-configuration']);
      expect(t.stdout.text).toContain('✓ clock: within 20 s of login.example.com');
    });

    it('fails past a minute with the fix', async () => {
      const t = withIssuerDate(-125_000);
      await main(t.ctx, ['doctor']);
      expect(t.stdout.text).toContain(
        '✗ clock: 125 s ahead of login.example.com; OAuth tokens may be refused\n    fix: sync the system clock',
      );
    });

    it('reports an issuer it cannot reach', async () => {
      const t = setup(oauth);
      const ctx = {
        ...t.ctx,
        fetch: (async () => {
          throw new TypeError('fetch failed');
        }) as typeof fetch,
      };
      await main(ctx, ['doctor']);
      expect(t.stdout.text).toContain('✗ clock: could not reach login.example.com (issuer of "gw")');
    });
  });

  it('flags an audit trail that others can read', async () => {
    const t = setup();
    t.vol.mkdirSync(STATE, { recursive: true, mode: 0o700 });
    t.vol.writeFileSync(`${STATE}/audit.jsonl`, '', { mode: 0o644 });
    expect(await main(t.ctx, ['doctor'])).toBe(1);
    expect(t.stdout.text).toContain(`✗ audit trail: ${STATE}/audit.jsonl has mode 644, not 600\n    run: chmod 600 ${STATE}/audit.jsonl\n`);
  });
});
