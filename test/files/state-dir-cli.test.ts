/**
 * A state directory that someone else controls, end to end: `XDG_STATE_HOME` in a shared place
 * where another uid created `port42/` first and planted links to the victim's files.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { chmodSync, chownSync, lstatSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { createSandbox, runCli, type Sandbox } from '../support/cli.ts';

const CONFIG = 'default = "work"\n[profiles.work]\nprovider = "openai"\nauth = "env"\nfrom_env = "WORK_KEY"\n';
const KEY = 'sk-proj-statedirtest0000000000';
const isRoot = process.geteuid?.() === 0;

const sandboxes: Sandbox[] = [];
afterEach(() => {
  for (const s of sandboxes.splice(0)) s.cleanup();
});

/** A sandbox whose XDG_STATE_HOME is a shared 1777 directory in which `plant` prepares port42/. */
function sharedState(plant: (dir: string, victim: string) => void): { sandbox: Sandbox; victim: string; dir: string } {
  const sandbox = createSandbox({ WORK_KEY: KEY });
  sandboxes.push(sandbox);
  sandbox.writeConfig(CONFIG);
  const shared = join(sandbox.home, 'shared');
  mkdirSync(shared);
  chmodSync(shared, 0o1777);
  sandbox.env.XDG_STATE_HOME = shared;
  const victim = join(sandbox.home, '.bashrc');
  writeFileSync(victim, '# my bashrc\n');
  const dir = join(shared, 'port42');
  plant(dir, victim);
  return { sandbox, victim, dir };
}

describe('a state directory someone else controls', () => {
  it.skipIf(!isRoot)('refuses one pre-created by another uid with planted links: exit 5, nothing written through them', async () => {
    const { sandbox, victim, dir } = sharedState((dir, victim) => {
      mkdirSync(dir, { mode: 0o777 });
      chmodSync(dir, 0o777);
      symlinkSync(victim, join(dir, 'audit.jsonl'));
      mkdirSync(join(dir, 'cache'), { mode: 0o777 });
      chownSync(join(dir, 'cache'), 65534, 65534);
      chownSync(dir, 65534, 65534);
    });
    for (const args of [
      ['auth', 'token'],
      ['env', '--shell', 'bash'],
      ['exec', '--', 'true'],
    ]) {
      const started = Date.now();
      const result = await runCli(sandbox, args);
      expect(result.code, result.stderr).toBe(5);
      expect(result.stdout).toBe('');
      expect(result.stderr).toContain(`port42: the state directory ${dir} belongs to uid 65534, not to you (uid 0)`);
      expect(result.stderr).toContain('  run: export XDG_STATE_HOME="$HOME/.local/state"');
      expect(Date.now() - started).toBeLessThan(5000);
    }
    expect(readFileSync(victim, 'utf8')).toBe('# my bashrc\n');
    expect(lstatSync(join(dir, 'audit.jsonl')).isSymbolicLink()).toBe(true);
  });

  it('refuses our own directory when it is open to others, with `chmod 700` as the fix', async () => {
    const { sandbox, victim, dir } = sharedState((dir, victim) => {
      mkdirSync(dir);
      chmodSync(dir, 0o777);
      symlinkSync(victim, join(dir, 'audit.jsonl'));
    });
    const result = await runCli(sandbox, ['auth', 'token']);
    expect(result.code).toBe(5);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      `port42: the state directory ${dir} is open to other users (mode 0777); port42 needs it private (0700)\n  run: chmod 700 ${dir}\n`,
    );
    expect(readFileSync(victim, 'utf8')).toBe('# my bashrc\n');
    const doctor = await runCli(sandbox, ['doctor']);
    expect(doctor.stdout).toContain(`✗ state directory: the state directory ${dir} is open to other users (mode 0777)`);
    expect(doctor.stdout).toContain(`    run: chmod 700 ${dir}\n`);
    expect(doctor.code).not.toBe(0);
    expect(readFileSync(victim, 'utf8')).toBe('# my bashrc\n');
  });

  it('refuses a state directory that is a symbolic link', async () => {
    const { sandbox, dir } = sharedState((dir) => {
      mkdirSync(`${dir}-elsewhere`, { mode: 0o700 });
      symlinkSync(`${dir}-elsewhere`, dir);
    });
    const result = await runCli(sandbox, ['auth', 'token']);
    expect(result.code).toBe(5);
    expect(result.stderr).toContain(`the state directory ${dir} is a symbolic link`);
  });

  it('never blocks on or follows what sits where the encrypted store should be', async () => {
    for (const plant of ['fifo', 'link'] as const) {
      const sandbox = createSandbox({ PORT42_PASSPHRASE: 'a passphrase long enough' });
      sandboxes.push(sandbox);
      sandbox.writeConfig('store = "file"\ndefault = "w"\n[profiles.w]\nprovider = "openai"\n');
      mkdirSync(sandbox.stateDir, { recursive: true, mode: 0o700 });
      const store = join(sandbox.stateDir, 'secrets.enc');
      if (plant === 'fifo') execFileSync('mkfifo', [store]);
      else symlinkSync('/dev/zero', store);
      const started = Date.now();
      const result = await runCli(sandbox, ['auth', 'token'], { timeoutMs: 10_000 });
      expect(result.code, result.stderr).toBe(5);
      expect(result.stdout).toBe('');
      expect(result.stderr).toContain(`encrypted store ${store}: cannot be read`);
      expect(Date.now() - started).toBeLessThan(3000);
    }
  });

  it('creates a missing state directory 0700 and releases the key', async () => {
    const { sandbox, dir } = sharedState(() => undefined);
    const result = await runCli(sandbox, ['auth', 'token']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe(`${KEY}\n`);
    expect(lstatSync(dir).mode & 0o777).toBe(0o700);
    expect(lstatSync(join(dir, 'audit.jsonl')).mode & 0o777).toBe(0o600);
  });
});
