import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.ts';
import { sourceFor } from '../../src/sources/index.ts';
import { openStore } from '../../src/stores/open-store.ts';
import type { RunProgram } from '../../src/context.ts';
import { MemoryStore } from '../../src/stores/memory.ts';
import { storeUnavailable } from '../../src/errors.ts';
import { createTestContext, TEST_CONFIG, type TestContextOptions } from '../support/test-context.ts';

async function setup(config: string, options: TestContextOptions = {}) {
  const tc = createTestContext({ ...options, files: { [TEST_CONFIG]: config, ...options.files } });
  const loaded = await loadConfig(tc.ctx);
  const store = await openStore(tc.ctx, loaded.store);
  const deps = { ctx: tc.ctx, config: loaded, store };
  const resolve = async (name: string) => {
    const profile = loaded.profiles.get(name)!;
    return (await sourceFor(profile.auth)).resolve(deps, profile, { minTtlSeconds: 0 });
  };
  const status = async (name: string) => {
    const profile = loaded.profiles.get(name)!;
    return (await sourceFor(profile.auth)).status(deps, profile);
  };
  return { ...tc, config: loaded, deps, resolve, status };
}

describe('env source', () => {
  const config =
    '[profiles.legacy]\nprovider = "openai"\nauth = "env"\nfrom_env = "WORK_OPENAI_KEY"\n[profiles.local]\nprovider = "ollama"\nauth = "env"\nbase_url = "http://127.0.0.1:11434"\n';

  it('reads from_env first, then the provider variable', async () => {
    expect((await (await setup(config, { env: { WORK_OPENAI_KEY: 'sk-work', OPENAI_API_KEY: 'sk-std' } })).resolve('legacy')).secret).toBe(
      'sk-work',
    );
    expect(await (await setup(config, { env: { OPENAI_API_KEY: 'sk-std' } })).resolve('legacy')).toMatchObject({
      secret: 'sk-std',
      origin: 'env:OPENAI_API_KEY',
    });
  });

  it('fails with exit 4 naming both variables when neither is set', async () => {
    await expect((await setup(config)).resolve('legacy')).rejects.toMatchObject({
      code: 'login-needed',
      message: expect.stringContaining('WORK_OPENAI_KEY and OPENAI_API_KEY are not set'),
    });
  });

  it('needs no key for a loopback base URL of a local provider', async () => {
    const credential = await (await setup(config)).resolve('local');
    expect(credential.kind).toBe('none');
    expect(credential.secret).toBeUndefined();
  });

  it('reports status from the environment, masked', async () => {
    const s = await setup(config, { env: { WORK_OPENAI_KEY: 'sk-proj-abcdefghijklmnopqrstuvwxyz' } });
    expect(await s.status('legacy')).toMatchObject({ state: 'ok', source: 'env:WORK_OPENAI_KEY', masked: 'sk-proj-…wxyz' });
  });
});

describe('command source', () => {
  const config = '[profiles.team]\nprovider = "anthropic"\nauth = "command"\ncommand = ["pass", "show", "ai/anthropic"]\n';
  const runner =
    (result: Partial<Awaited<ReturnType<RunProgram>>>, seen: unknown[] = []): RunProgram =>
    async (argv, options) => {
      seen.push({ argv, timeoutMs: options.timeoutMs });
      return { exitCode: 0, signal: null, stdout: '', stderr: '', timedOut: false, ...result };
    };

  it('runs argv without a shell and takes the first line of stdout', async () => {
    const seen: unknown[] = [];
    const s = await setup(config, { runProgram: runner({ stdout: 'sk-ant-secret\r\nsecond line\n' }, seen) });
    expect(await s.resolve('team')).toMatchObject({ secret: 'sk-ant-secret', origin: 'command:pass' });
    expect(seen).toEqual([{ argv: ['pass', 'show', 'ai/anthropic'], timeoutMs: 10_000 }]);
  });

  it("passes the program's stderr through on failure and never echoes stdout", async () => {
    const s = await setup(config, { runProgram: runner({ exitCode: 1, stdout: 'sk-ant-partial', stderr: 'gpg: decryption failed\n' }) });
    await expect(s.resolve('team')).rejects.toMatchObject({ code: 'failure', message: expect.stringContaining('failed with exit 1') });
    expect(s.stderr.text).toContain('gpg: decryption failed');
    expect(s.stderr.text).not.toContain('sk-ant-partial');
  });

  it('reports a timeout as a failure', async () => {
    const s = await setup(config, { runProgram: runner({ exitCode: null, signal: 'SIGKILL', timedOut: true }) });
    await expect(s.resolve('team')).rejects.toMatchObject({ message: expect.stringContaining('did not finish within 10 s') });
  });

  it('refuses empty output', async () => {
    const s = await setup(config, { runProgram: runner({ stdout: '\n' }) });
    await expect(s.resolve('team')).rejects.toMatchObject({ message: expect.stringContaining('printed nothing') });
  });
});

describe('api-key source', () => {
  const config = 'store = "keychain"\n[profiles.work]\nprovider = "anthropic"\n';

  it('asks for a login when the store has no key', async () => {
    await expect((await setup(config)).resolve('work')).rejects.toMatchObject({ code: 'login-needed', hint: 'port42 auth login work' });
  });

  it('reports missing and ok states offline', async () => {
    const s = await setup(config);
    expect(await s.status('work')).toMatchObject({ state: 'missing', hint: 'port42 auth login work' });
    await s.keychain.set('work', 'sk-ant-api03-abcdefghijklmnopqrstuv');
    expect(await s.status('work')).toMatchObject({ state: 'ok', store: 'keychain', masked: 'sk-ant-…stuv' });
  });
});

describe('store = "auto"', () => {
  /** A keychain that answers every call with store-unavailable, like one with no D-Bus session. */
  function unreachableKeychain(reason: string): MemoryStore {
    const broken = new MemoryStore('keychain');
    const fail = async (): Promise<never> => {
      throw storeUnavailable(`keychain unavailable: ${reason}`);
    };
    broken.get = fail;
    broken.set = fail;
    broken.delete = fail;
    return broken;
  }

  it('falls back to the file store with a warning when the keychain is unreachable', async () => {
    const s = await setup('[profiles.work]\nprovider = "openai"\n', { keychain: unreachableKeychain('no D-Bus session') });
    await s.file.set('work', 'sk-from-file');
    expect((await s.resolve('work')).secret).toBe('sk-from-file');
    expect(s.stderr.text).toContain('warning: keychain unavailable: no D-Bus session; using the encrypted file store');
    expect(s.stdout.text).toBe('');
  });

  it('reports the keychain failure (exit 5), not "log in", when the file has no key either', async () => {
    const s = await setup('[profiles.work]\nprovider = "openai"\n', { keychain: unreachableKeychain('locked') });
    await expect(s.resolve('work')).rejects.toMatchObject({ code: 'store-unavailable' });
  });

  it('never falls back when store = "keychain"', async () => {
    const s = await setup('store = "keychain"\n[profiles.work]\nprovider = "openai"\n', { keychain: unreachableKeychain('locked') });
    await s.file.set('work', 'sk-from-file');
    await expect(s.resolve('work')).rejects.toMatchObject({ code: 'store-unavailable' });
    expect(s.stderr.text).toBe('');
  });
});

describe('private variables', () => {
  it('never passes PORT42_PASSPHRASE to a command source program', async () => {
    let seenEnv: Readonly<Record<string, string | undefined>> = {};
    const s = await setup('[profiles.team]\nprovider = "anthropic"\nauth = "command"\ncommand = ["pass", "show", "x"]\n', {
      env: { PORT42_PASSPHRASE: 'unlocks-everything', KEEP: 'yes' },
      runProgram: async (_argv, options) => {
        seenEnv = options.env;
        return { exitCode: 0, signal: null, stdout: 'sk-ant-x\n', stderr: '', timedOut: false };
      },
    });
    await s.resolve('team');
    expect(seenEnv.PORT42_PASSPHRASE).toBeUndefined();
    expect(seenEnv.KEEP).toBe('yes');
  });
});
