/**
 * bin/load-bundle.js: the hot bundle runs from a V8 code cache in the state directory's private
 * cache/, written after the first run that finds that directory, reused afterwards, rewritten when
 * V8 rejects it or when a verb it does not hold yet runs, never used from a directory open to
 * others; cold commands (dynamic imports) work from a cached script too.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { chmodSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSandbox, runCli, type Sandbox } from '../support/cli.ts';

let sandbox: Sandbox | undefined;
afterEach(() => sandbox?.cleanup());

const KEY = 'sk-cache-0123456789abcdefghij';

function make(): { s: Sandbox; cacheDir: string } {
  sandbox = createSandbox({ OPENAI_API_KEY: KEY });
  sandbox.writeConfig('[profiles.envp]\nprovider = "openai"\nauth = "env"\n');
  return { s: sandbox, cacheDir: join(sandbox.stateDir, 'cache') };
}

const codeCaches = (dir: string) => readdirSync(dir).filter((f) => f.startsWith('v8-'));

async function token(s: Sandbox, env: Record<string, string> = {}) {
  const result = await runCli(s, ['auth', 'token', 'envp'], { env });
  expect(result, result.stderr).toMatchObject({ code: 0, stdout: `${KEY}\n` });
}

describe('V8 code cache', () => {
  it('is written once the state directory exists, then reused; cold commands run from it', async () => {
    const { s, cacheDir } = make();
    await token(s); // creates the state directory and the config cache
    await token(s); // writes the code cache
    const [file] = codeCaches(cacheDir);
    expect(file).toMatch(/^v8-\w+-v\d+\.\d+\.\d+-\w+\.bin$/);
    const path = join(cacheDir, file!);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const written = statSync(path).mtimeMs;
    await token(s);
    expect(statSync(path).mtimeMs).toBe(written);
    const list = await runCli(s, ['profile', 'list']);
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toContain('envp');
  });

  it('is rewritten once for each code path (verb, store, source) it does not hold yet, so that it holds their code', async () => {
    const { s, cacheDir } = make();
    const list = () => runCli(s, ['profile', 'list']);
    await list(); // creates the state directory
    await list(); // writes the code cache
    const path = join(cacheDir, codeCaches(cacheDir)[0]!);
    const header = () => readFileSync(path).subarray(0, 80).toString('latin1').split('\n')[0];
    expect(header()).toBe('port42 code cache: profile list');
    const before = readFileSync(path).length;
    await token(s);
    expect(header()).toBe('port42 code cache: profile list,auth token,store auto,source env');
    // The functions `auth token` compiled (config, profile, audit, output) are in it now.
    expect(readFileSync(path).length).toBeGreaterThan(before + 5000);
    const written = statSync(path).mtimeMs;
    await token(s);
    await list();
    expect(statSync(path).mtimeMs).toBe(written);
  });

  it('does not count a path as held after a run of it that failed (it may have stopped early)', async () => {
    const { s, cacheDir } = make();
    const list = () => runCli(s, ['profile', 'list']);
    await list();
    await list(); // writes the code cache
    const path = join(cacheDir, codeCaches(cacheDir)[0]!);
    const header = () => readFileSync(path).subarray(0, 80).toString('latin1').split('\n')[0];
    const failed = await runCli(s, ['auth', 'token', 'envp'], { env: { OPENAI_API_KEY: '' } });
    expect(failed.code).toBe(4);
    expect(header()).toBe('port42 code cache: profile list');
    await token(s);
    expect(header()).toBe('port42 code cache: profile list,auth token,store auto,source env');
  });

  it('replaces a cache V8 rejects and drops caches of other builds', async () => {
    const { s, cacheDir } = make();
    await token(s);
    await token(s);
    const path = join(cacheDir, codeCaches(cacheDir)[0]!);
    writeFileSync(path, 'not a code cache', { mode: 0o600 });
    writeFileSync(join(cacheDir, 'v8-0000000000000000-v0.0.0-x64.bin'), 'an older build', { mode: 0o600 });
    await token(s);
    expect(readFileSync(path).length).toBeGreaterThan(1000);
    expect(codeCaches(cacheDir)).toEqual([path.split('/').pop()]); // the older build's cache is gone
  });

  it('is not used from a cache directory open to others, nor with PORT42_NO_CODE_CACHE=1', async () => {
    const { s, cacheDir } = make();
    await token(s);
    await token(s, { PORT42_NO_CODE_CACHE: '1' });
    expect(codeCaches(cacheDir)).toEqual([]);
    chmodSync(cacheDir, 0o777);
    try {
      await token(s);
      expect(codeCaches(cacheDir)).toEqual([]);
    } finally {
      chmodSync(cacheDir, 0o700);
    }
  });
});
