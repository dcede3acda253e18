import { execFileSync } from 'node:child_process';
import { execa } from 'execa';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCredentialRequest } from '../../src/helper/git-protocol.ts';
import { PORT42_BIN, type Sandbox } from '../support/cli.ts';
import { programsAvailable, realComponentAvailable } from '../support/real-component.ts';
import { startGitHttpServer, type GitHttpServer } from './git-http-server.ts';
import { SECRET, consumerSandbox } from './support.ts';

/**
 * Real git (2.39) against port42 as its credential helper, in both spellings, and a real clone
 * over smart HTTP from a loopback server that demands the profile's username and secret.
 */
const hasGit =
  programsAvailable('git credential helper', 'git') &&
  realComponentAvailable(
    'git http-backend',
    existsSync('/usr/lib/git-core/git-http-backend') ? undefined : 'git-http-backend is missing (apt-get install git)',
  );

describe.runIf(hasGit)('git with port42 as credential helper (real git)', () => {
  let sandbox: Sandbox;
  let server: GitHttpServer;
  const helperSpellings = { 'credential.helper = "!port42 helper"': `!"${PORT42_BIN}" helper`, 'credential.helper = port42': 'port42' };

  // Asynchronous: the HTTP server answers from this same process.
  const git = async (args: string[], options: { input?: string; env?: Record<string, string> } = {}) => {
    const result = await execa('git', args, {
      cwd: sandbox.home,
      env: { ...sandbox.env, GIT_CONFIG_NOSYSTEM: '1', GIT_TERMINAL_PROMPT: '0', GIT_SECRET: SECRET, ...options.env },
      extendEnv: false,
      input: options.input ?? '',
      reject: false,
      stripFinalNewline: false,
      timeout: 20_000,
    });
    return { code: result.exitCode, stdout: String(result.stdout), stderr: String(result.stderr) };
  };

  beforeAll(async () => {
    sandbox = consumerSandbox('');
    const root = join(sandbox.home, 'served');
    const work = join(sandbox.home, 'work');
    mkdirSync(work, { recursive: true });
    const env = { ...sandbox.env, GIT_CONFIG_NOSYSTEM: '1' };
    const run = (args: string[], cwd: string) =>
      execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd, env, stdio: 'pipe' });
    run(['init', '--bare', '--quiet', '-b', 'main', join(root, 'repo.git')], sandbox.home);
    run(['init', '--quiet', '-b', 'main'], work);
    writeFileSync(join(work, 'README'), 'served over http\n');
    run(['add', 'README'], work);
    run(['commit', '--quiet', '-m', 'first'], work);
    run(['push', '--quiet', join(root, 'repo.git'), 'main'], work);
    server = await startGitHttpServer(root, 'bob', SECRET);
    sandbox.writeConfig(`[profiles.gitwork]
provider = "openai"
auth = "env"
from_env = "GIT_SECRET"
username = "bob"
match = ["${server.origin}"]
`);
  });
  afterAll(async () => {
    await server?.close();
    sandbox?.cleanup();
  });

  for (const [spelling, helper] of Object.entries(helperSpellings)) {
    it(`answers git credential fill through ${spelling}`, async () => {
      const out = await git(['-c', 'credential.helper=', '-c', `credential.helper=${helper}`, 'credential', 'fill'], {
        input: `url=${server.origin}/repo.git\n\n`,
      });
      expect(out.stderr).toBe('');
      expect(out.code).toBe(0);
      expect(parseCredentialRequest(out.stdout)).toMatchObject({ protocol: 'http', host: '127.0.0.1', username: 'bob', password: SECRET });
    });

    it(`clones over http with ${spelling}`, async () => {
      const dest = join(sandbox.home, `clone-${helper === 'port42' ? 'shim' : 'bang'}`);
      const out = await git(['-c', `credential.helper=${helper}`, 'clone', '--quiet', `${server.origin}/repo.git`, dest]);
      expect(out.stderr).toBe('');
      expect(out.code).toBe(0);
      expect(readFileSync(join(dest, 'README'), 'utf8')).toBe('served over http\n');
      expect(server.authorizations).toContain('Basic ' + Buffer.from(`bob:${SECRET}`).toString('base64'));
    });
  }

  it('cannot clone without port42 (no helper, no prompt)', async () => {
    const out = await git(['clone', '--quiet', `${server.origin}/repo.git`, join(sandbox.home, 'clone-none')]);
    expect(out.code).not.toBe(0);
    expect(out.stderr).toMatch(/could not read Username|terminal prompts disabled/);
  });

  it('leaves a URL no profile matches to the next helper: git gets nothing from port42', async () => {
    const out = await git(['-c', 'credential.helper=port42', 'credential', 'fill'], {
      input: 'url=https://elsewhere.example/repo.git\n\n',
    });
    expect(out.code).not.toBe(0);
    expect(out.stdout).toBe('');
    expect(out.stderr).not.toMatch(/port42/);
  });

  it('keeps the secret when the server refuses it (erase) and says how to replace it', async () => {
    const out = await git(
      ['-c', 'credential.helper=port42', 'clone', '--quiet', `${server.origin}/repo.git`, join(sandbox.home, 'clone-wrong')],
      {
        env: { GIT_SECRET: 'sk-wrong-secret' },
      },
    );
    expect(out.code).not.toBe(0);
    expect(out.stderr).toContain('port42: the server refused the credential of profile "gitwork"; port42 keeps it');
    expect(out.stderr).not.toContain('sk-wrong-secret');
  });
});
