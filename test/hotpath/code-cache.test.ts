/**
 * The loader in bin/port42: the hot bundle runs from a V8 code cache in the state directory's
 * private cache/, one file per command, written after the first run that finds that directory,
 * reused afterwards, rewritten when V8 rejects it or when a code path it does not hold yet runs,
 * never used from a directory open to others; cold commands (dynamic imports) work from a cached
 * script too.
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
/** The cache file of one command (`auth-token`, `profile-list`, `other`). */
const cacheOf = (dir: string, command: string) => codeCaches(dir).find((f) => f.endsWith(`-${command}.bin`));
const headerOf = (path: string) => readFileSync(path).subarray(0, 80).toString('latin1').split('\n')[0];

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
    expect(file).toMatch(/^v8-\w+-v\d+\.\d+\.\d+-\w+-auth-token\.bin$/);
    const path = join(cacheDir, file!);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const written = statSync(path).mtimeMs;
    await token(s);
    expect(statSync(path).mtimeMs).toBe(written);
    const list = await runCli(s, ['profile', 'list']);
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toContain('envp');
  });

  it('keeps one file per command, rewritten once for each code path (store, source) it does not hold yet', async () => {
    const { s, cacheDir } = make();
    const list = () => runCli(s, ['profile', 'list']);
    await list(); // creates the state directory
    await list(); // writes profile list's code cache
    const listCache = join(cacheDir, cacheOf(cacheDir, 'profile-list')!);
    expect(headerOf(listCache)).toBe('port42 code cache: profile list');
    const listWritten = statSync(listCache).mtimeMs;
    await token(s);
    // auth token has a cache of its own: the functions it compiled (config, profile, audit, output).
    const tokenCache = join(cacheDir, cacheOf(cacheDir, 'auth-token')!);
    expect(headerOf(tokenCache)).toBe('port42 code cache: auth token,store auto,source env');
    expect(statSync(listCache).mtimeMs).toBe(listWritten);
    const written = statSync(tokenCache).mtimeMs;
    await token(s);
    await list();
    expect(statSync(tokenCache).mtimeMs).toBe(written);
    expect(statSync(listCache).mtimeMs).toBe(listWritten);
    // A store the command had not used yet: the same file, rewritten to hold that path too.
    s.writeConfig(
      '[profiles.envp]\nprovider = "openai"\nauth = "env"\n\n[profiles.cmd]\nprovider = "openai"\nauth = "command"\ncommand = ["printf", "%s", "sk-cmd-0123456789abcdefghij"]\n',
    );
    const viaCommand = await runCli(s, ['auth', 'token', 'cmd']);
    expect(viaCommand, viaCommand.stderr).toMatchObject({ code: 0, stdout: 'sk-cmd-0123456789abcdefghij\n' });
    expect(headerOf(tokenCache)).toBe('port42 code cache: auth token,store auto,source env,source command');
  });

  it('finds a command cache whatever follows the command or a --profile before it, and leaves it alone when the command hides behind other options', async () => {
    const { s, cacheDir } = make();
    await token(s);
    await token(s); // writes auth-token
    const envRun = () => runCli(s, ['env', 'envp', '--shell', 'bash']);
    expect((await envRun()).code).toBe(0);
    const envCache = join(cacheDir, cacheOf(cacheDir, 'env')!); // not env-envp: envp is the profile
    const written = statSync(envCache).mtimeMs;
    expect((await envRun()).code).toBe(0);
    expect(statSync(envCache).mtimeMs).toBe(written);
    const before = codeCaches(cacheDir).sort();
    const tokenCache = join(cacheDir, cacheOf(cacheDir, 'auth-token')!);
    const tokenWritten = statSync(tokenCache).mtimeMs;
    // `--profile NAME` first, as with gh: the loader skips it and finds auth-token's cache, which
    // holds this run's paths already (nothing written).
    for (const args of [
      ['--profile', 'envp', 'auth', 'token'],
      ['--profile=envp', 'auth', 'token'],
    ]) {
      const global = await runCli(s, args);
      expect(global, global.stderr).toMatchObject({ code: 0, stdout: `${KEY}\n` });
    }
    expect(statSync(tokenCache).mtimeMs).toBe(tokenWritten);
    expect(codeCaches(cacheDir).sort()).toEqual(before);
    // No command word first: the cache of such runs (`other`), and no other file written.
    const version = await runCli(s, ['--version']);
    expect(version.code).toBe(0);
    const late = await runCli(s, ['--help', 'auth', 'token']);
    expect(late.code).toBe(0);
    expect(codeCaches(cacheDir).sort()).toEqual([...before, cacheOf(cacheDir, 'other')!].sort());
  });

  it('replaces a cache V8 rejects and drops caches of other builds', async () => {
    const { s, cacheDir } = make();
    await token(s);
    await token(s);
    const path = join(cacheDir, codeCaches(cacheDir)[0]!);
    writeFileSync(path, 'not a code cache', { mode: 0o600 });
    writeFileSync(join(cacheDir, 'v8-0000000000000000-v0.0.0-x64-auth-token.bin'), 'an older build', { mode: 0o600 });
    writeFileSync(join(cacheDir, 'v8-0000000000000000-v0.0.0-x64.bin'), 'a cache of before one per command', { mode: 0o600 });
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
