/**
 * Directory files as a new user and as a hostile clone meet them, end to end with the built CLI:
 * untrusted until `port42 trust`, untrusted again when changed, and never read when they are
 * FIFOs, device links, huge, someone else's, or in a directory others can write to.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, chownSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSandbox, runCli, type Sandbox } from '../support/cli.ts';

const CONFIG = `default = "home"

[profiles.home]
provider = "openai"
auth = "env"
from_env = "HOME_KEY"

[profiles.prod]
provider = "openai"
auth = "env"
from_env = "PROD_KEY"
`;
const HOME_KEY = 'sk-proj-homekey000000000000';
const PROD_KEY = 'sk-proj-prodkey000000000000';
const isRoot = process.geteuid?.() === 0;

const sandboxes: Sandbox[] = [];
afterEach(() => {
  for (const s of sandboxes.splice(0)) s.cleanup();
});

function sandbox(): Sandbox {
  const s = createSandbox({ HOME_KEY, PROD_KEY });
  sandboxes.push(s);
  s.writeConfig(CONFIG);
  return s;
}

/** The key each hot verb hands out in `cwd`, and what they said on stderr. */
async function keysIn(s: Sandbox, cwd: string): Promise<{ keys: string[]; stderr: string[] }> {
  const token = await runCli(s, ['auth', 'token'], { cwd });
  const env = await runCli(s, ['env', '--shell', 'bash'], { cwd });
  const exec = await runCli(s, ['exec', '--', 'sh', '-c', 'printf %s "$OPENAI_API_KEY"'], { cwd });
  for (const r of [token, env, exec]) expect(r.code, r.stderr).toBe(0);
  const fromEnv = /export OPENAI_API_KEY='([^']*)'/.exec(env.stdout)?.[1] ?? '';
  return { keys: [token.stdout.trim(), fromEnv, exec.stdout], stderr: [token.stderr, env.stderr, exec.stderr] };
}

describe('a cloned repository with a .port42.toml', () => {
  it('keeps the default until `port42 trust`, and again once the file changes', async () => {
    const s = sandbox();
    const clone = join(s.home, 'clone');
    mkdirSync(join(clone, 'src'), { recursive: true });
    writeFileSync(join(clone, '.port42.toml'), 'profile = "prod"\n');
    const cwd = join(clone, 'src');

    const before = await keysIn(s, cwd);
    expect(before.keys).toEqual([HOME_KEY, HOME_KEY, HOME_KEY]);
    for (const stderr of before.stderr) {
      expect(stderr).toBe(
        `port42: ignoring ${clone}/.port42.toml: not trusted yet (a directory file chooses which key programs here get)\n` +
          `  run: port42 trust ${clone}\n`,
      );
    }

    const trust = await runCli(s, ['trust'], { cwd });
    expect(trust).toMatchObject({ code: 0, stdout: '' });
    expect(trust.stderr).toBe(`port42: trusted ${clone}/.port42.toml (profile "prod")\n`);
    const after = await keysIn(s, cwd);
    expect(after.keys).toEqual([PROD_KEY, PROD_KEY, PROD_KEY]);
    expect(after.stderr).toEqual(['', '', '']);

    const listed = await runCli(s, ['trust', '--list']);
    expect(listed.stdout).toBe(`trusted\t${clone}/.port42.toml\n`);

    writeFileSync(join(clone, '.port42.toml'), 'profile = "prod"\n# changed\n');
    const changed = await keysIn(s, cwd);
    expect(changed.keys).toEqual([HOME_KEY, HOME_KEY, HOME_KEY]);
    expect(changed.stderr[0]).toContain(`ignoring ${clone}/.port42.toml: changed since you trusted it\n  run: port42 trust ${clone}\n`);
    expect((await runCli(s, ['trust', '--list'])).stdout).toBe(`changed\t${clone}/.port42.toml\n`);

    expect((await runCli(s, ['trust', clone])).code).toBe(0);
    expect((await keysIn(s, cwd)).keys).toEqual([PROD_KEY, PROD_KEY, PROD_KEY]);
    const untrust = await runCli(s, ['untrust', clone]);
    expect(untrust).toMatchObject({ code: 0, stderr: `port42: untrusted ${clone}/.port42.toml\n` });
    expect((await keysIn(s, cwd)).keys).toEqual([HOME_KEY, HOME_KEY, HOME_KEY]);
    expect((await runCli(s, ['trust', '--list'])).stderr).toContain('no directory file is trusted');
  });

  it('trusts a directory file that port42 writes itself (`profile use --here`), keeping its comments', async () => {
    const s = sandbox();
    const dir = join(s.home, 'mine');
    mkdirSync(dir);
    writeFileSync(join(dir, '.port42.toml'), '# this project bills the prod account\nprofile = "home"\n');
    expect((await runCli(s, ['trust', dir])).code).toBe(0);
    const use = await runCli(s, ['profile', 'use', 'prod', '--here'], { cwd: dir });
    expect(use.code, use.stderr).toBe(0);
    expect(use.stderr).toContain(`port42: profile "prod" is now used in ${dir} and below`);
    expect(readFileSync(join(dir, '.port42.toml'), 'utf8')).toBe('# this project bills the prod account\nprofile = "prod"\n');
    expect(await runCli(s, ['auth', 'token'], { cwd: dir })).toMatchObject({ code: 0, stdout: `${PROD_KEY}\n`, stderr: '' });
    const fresh = join(s.home, 'fresh');
    mkdirSync(fresh);
    expect((await runCli(s, ['profile', 'use', 'prod', '--here'], { cwd: fresh })).code).toBe(0);
    expect(readFileSync(join(fresh, '.port42.toml'), 'utf8')).toBe('profile = "prod"\n');
    expect(await runCli(s, ['auth', 'token'], { cwd: fresh })).toMatchObject({ code: 0, stdout: `${PROD_KEY}\n`, stderr: '' });
    expect(readFileSync(s.configPath, 'utf8')).toBe(CONFIG);
  });

  it('trusts by real path: a symlinked checkout is the same file', async () => {
    const s = sandbox();
    mkdirSync(join(s.home, 'real'));
    writeFileSync(join(s.home, 'real', '.port42.toml'), 'profile = "prod"\n');
    symlinkSync(join(s.home, 'real'), join(s.home, 'link'));
    expect((await runCli(s, ['trust', join(s.home, 'link')])).code).toBe(0);
    expect((await runCli(s, ['auth', 'token'], { cwd: join(s.home, 'real') })).stdout).toBe(`${PROD_KEY}\n`);
    expect((await runCli(s, ['trust', '--list'])).stdout).toBe(`trusted\t${join(s.home, 'real')}/.port42.toml\n`);
  });

  it('refuses to trust a file with secrets or other keys (exit 3), and an untrusted broken file is no error', async () => {
    const s = sandbox();
    const clone = join(s.home, 'clone');
    mkdirSync(clone);
    writeFileSync(join(clone, '.port42.toml'), 'profile = "prod"\napi_key = "sk-123"\n');
    const token = await runCli(s, ['auth', 'token'], { cwd: clone });
    expect(token).toMatchObject({ code: 0, stdout: `${HOME_KEY}\n` });
    const trust = await runCli(s, ['trust', clone]);
    expect(trust.code).toBe(3);
    expect(trust.stderr).toContain('may only set profile');
    expect((await runCli(s, ['trust', '--list'])).stdout).toBe('');
  });

  it('says in auth status and doctor that the directory file was ignored', async () => {
    const s = sandbox();
    const clone = join(s.home, 'clone');
    mkdirSync(clone);
    writeFileSync(join(clone, '.port42.toml'), 'profile = "prod"\n');
    const status = await runCli(s, ['auth', 'status'], { cwd: clone });
    expect(status.stderr).toContain(`port42: ignoring ${clone}/.port42.toml: not trusted yet`);
    const doctor = await runCli(s, ['doctor'], { cwd: clone });
    expect(doctor.stdout).toContain(`- directory file: ignoring ${clone}/.port42.toml: not trusted yet`);
    expect(doctor.stdout).toContain(`    run: port42 trust ${clone}\n`);
  });
});

describe('hostile directory files above the working directory', () => {
  const cases: { name: string; plant: (dir: string, s: Sandbox) => void; reason: string; rootOnly?: boolean }[] = [
    { name: 'a FIFO', plant: (dir) => execFileSync('mkfifo', [join(dir, '.port42.toml')]), reason: 'it is not a regular file' },
    { name: 'a symlink to /dev/tty', plant: (dir) => symlinkSync('/dev/tty', join(dir, '.port42.toml')), reason: 'it is a symbolic link' },
    {
      name: 'a symlink to /dev/zero',
      plant: (dir) => symlinkSync('/dev/zero', join(dir, '.port42.toml')),
      reason: 'it is a symbolic link',
    },
    {
      name: 'a 1 MB file',
      plant: (dir) => writeFileSync(join(dir, '.port42.toml'), `profile = "prod"\n${'#'.repeat(1024 * 1024)}\n`),
      reason: 'it is larger than 4 KiB',
    },
    {
      name: 'a file owned by another uid',
      plant: (dir) => {
        writeFileSync(join(dir, '.port42.toml'), 'profile = "prod"\n');
        chownSync(join(dir, '.port42.toml'), 65534, 65534);
      },
      reason: 'it belongs to another user',
      rootOnly: true,
    },
    {
      name: 'a file in a 1777 directory',
      plant: (dir) => {
        writeFileSync(join(dir, '.port42.toml'), 'profile = "prod"\n');
        chmodSync(dir, 0o1777);
      },
      reason: 'is writable by other users',
    },
  ];

  for (const { name, plant, reason, rootOnly } of cases) {
    it.skipIf(rootOnly && !isRoot)(`${name}: every command returns within 1 s and uses the default`, async () => {
      const s = sandbox();
      const shared = join(s.home, 'shared');
      const cwd = join(shared, 'project', 'deep');
      mkdirSync(cwd, { recursive: true });
      plant(shared, s);
      for (const args of [
        ['auth', 'token'],
        ['env', '--shell', 'bash'],
        ['exec', '--', 'true'],
        ['env', '--hook', '--shell', 'bash'],
      ]) {
        const started = Date.now();
        const result = await runCli(s, args, { cwd, timeoutMs: 10_000 });
        const elapsed = Date.now() - started;
        expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(0);
        expect(elapsed, args.join(' ')).toBeLessThan(1000);
        if (args[0] === 'auth') expect(result.stdout).toBe(`${HOME_KEY}\n`);
        if (args[1] === '--hook') expect(result.stdout).not.toContain(PROD_KEY);
        else expect(result.stderr).toContain(`port42: ignoring ${shared}/.port42.toml: `);
        expect(result.stderr).toContain(reason);
      }
      const trust = await runCli(s, ['trust', shared], { timeoutMs: 10_000 });
      expect(trust.code).toBe(1);
      expect(trust.stderr).toContain(`will not trust ${shared}/.port42.toml: `);
    });
  }

  it('stops at PORT42_CEILING_DIRECTORIES', async () => {
    const s = sandbox();
    const cwd = join(s.home, 'work', 'project');
    mkdirSync(cwd, { recursive: true });
    writeFileSync(join(s.home, 'work', '.port42.toml'), 'profile = "prod"\n');
    expect((await runCli(s, ['trust', join(s.home, 'work')])).code).toBe(0);
    expect((await runCli(s, ['auth', 'token'], { cwd })).stdout).toBe(`${PROD_KEY}\n`);
    const capped = await runCli(s, ['auth', 'token'], { cwd, env: { PORT42_CEILING_DIRECTORIES: `/nonexistent:${join(s.home, 'work')}` } });
    expect(capped).toMatchObject({ code: 0, stdout: `${HOME_KEY}\n`, stderr: '' });
    // The ceiling itself is still read when it is the working directory (git's rule).
    const at = await runCli(s, ['auth', 'token'], { cwd: join(s.home, 'work'), env: { PORT42_CEILING_DIRECTORIES: join(s.home, 'work') } });
    expect(at.stdout).toBe(`${PROD_KEY}\n`);
  });
});

describe('the trust database', () => {
  it('is a 0600 file in the 0700 state directory, readable as JSON', async () => {
    const s = sandbox();
    mkdirSync(join(s.home, 'p'));
    writeFileSync(join(s.home, 'p', '.port42.toml'), 'profile = "prod"\n');
    expect((await runCli(s, ['trust', join(s.home, 'p')])).code).toBe(0);
    const db = JSON.parse(readFileSync(join(s.stateDir, 'trusted.json'), 'utf8')) as { v: number; files: Record<string, unknown> };
    expect(db).toEqual({
      v: 1,
      files: {
        [join(s.home, 'p', '.port42.toml')]: {
          sha256: createHash('sha256').update('profile = "prod"\n').digest('hex'),
          text: 'profile = "prod"\n',
        },
      },
    });
    expect(execFileSync('stat', ['-c', '%a', join(s.stateDir, 'trusted.json')], { encoding: 'utf8' }).trim()).toBe('600');
  });
});
