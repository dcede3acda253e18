/**
 * Config writers end to end: concurrent edits take turns under the config lock, a writer that
 * cannot get it in time changes nothing, the config directory is created private, and a config
 * others can change is reported.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { chmodSync, chownSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSandbox, runCli, type Sandbox } from '../support/cli.ts';

const sandboxes: Sandbox[] = [];
afterEach(() => {
  for (const s of sandboxes.splice(0)) s.cleanup();
});

function sandbox(): Sandbox {
  const s = createSandbox();
  sandboxes.push(s);
  return s;
}

const CONFIG = '# my accounts, hand-written\ndefault = "base"\n\n# the first one\n[profiles.base]\nprovider = "openai"   # keep me\n';

describe('config writers', () => {
  it('20 concurrent `profile add` all exit 0, all are in the file, and its comments survive', async () => {
    const s = sandbox();
    s.writeConfig(CONFIG);
    const names = Array.from({ length: 20 }, (_, i) => `p${i}`);
    const results = await Promise.all(
      names.map((name) =>
        runCli(s, ['profile', 'add', name, '--provider', 'anthropic', '--auth', 'env', '--from-env', 'X'], { timeoutMs: 60_000 }),
      ),
    );
    for (const [i, r] of results.entries()) {
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toContain(`added profile "p${i}"`);
    }
    const text = readFileSync(s.configPath, 'utf8');
    for (const name of names) expect(text).toContain(`[profiles.${name}]\n`);
    expect(text.startsWith(CONFIG)).toBe(true);
    const list = await runCli(s, ['profile', 'list']);
    expect(list.stdout.trim().split('\n')).toHaveLength(21);
    expect(existsSync(`${s.configPath}.lock`)).toBe(false);
  }, 120_000);

  it('a second add of the same name while the first is in the file fails and changes nothing', async () => {
    const s = sandbox();
    s.writeConfig(CONFIG);
    const [a, b] = await Promise.all([
      runCli(s, ['profile', 'add', 'twin', '--provider', 'openai']),
      runCli(s, ['profile', 'add', 'twin', '--provider', 'openai']),
    ]);
    const results = [a!, b!];
    expect(results.filter((r) => r.code === 0)).toHaveLength(1);
    expect(results.find((r) => r.code !== 0)?.stderr).toContain('profile "twin" already exists');
    expect(readFileSync(s.configPath, 'utf8').split('[profiles.twin]').length - 1).toBe(1);
  });

  it('waits at most about 5 s for a held lock, then exits 1 and leaves the file alone', async () => {
    const s = sandbox();
    s.writeConfig(CONFIG);
    // A live holder (this test process) with a fresh heartbeat: nobody may break it.
    const heartbeat = String(Date.now() + 60_000).padStart(15, '0');
    writeFileSync(`${s.configPath}.lock`, `${process.pid} ${heartbeat} test\n`);
    const started = Date.now();
    const result = await runCli(s, ['profile', 'add', 'late', '--provider', 'openai'], { timeoutMs: 30_000 });
    const elapsed = Date.now() - started;
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`port42: timed out waiting for the lock ${s.configPath}.lock`);
    expect(elapsed).toBeGreaterThan(4500);
    expect(elapsed).toBeLessThan(15_000);
    expect(readFileSync(s.configPath, 'utf8')).toBe(CONFIG);
  }, 30_000);

  it('a remove that never gets the lock deletes no secret', async () => {
    const s = sandbox();
    s.env.PORT42_PASSPHRASE = 'a long enough passphrase';
    s.writeConfig('store = "file"\n[profiles.gone]\nprovider = "openai"\n');
    const login = await runCli(s, ['auth', 'login', 'gone', '--force'], { input: 'sk-proj-keepme00000000000000' });
    expect(login.code, login.stderr).toBe(0);
    writeFileSync(`${s.configPath}.lock`, `${process.pid} ${String(Date.now() + 60_000).padStart(15, '0')} test\n`);
    const remove = await runCli(s, ['profile', 'remove', 'gone', '--yes'], { timeoutMs: 30_000 });
    expect(remove.code).toBe(1);
    expect(remove.stderr).toContain('timed out waiting for the lock');
    expect(await runCli(s, ['auth', 'token', 'gone'])).toMatchObject({ code: 0, stdout: 'sk-proj-keepme00000000000000\n' });
  }, 30_000);

  it('takes over the lock of a writer that died', async () => {
    const s = sandbox();
    s.writeConfig(CONFIG);
    writeFileSync(`${s.configPath}.lock`, `999999 ${String(Date.now()).padStart(15, '0')} dead\n`);
    const result = await runCli(s, ['profile', 'use', 'base']);
    expect(result.code, result.stderr).toBe(0);
  });

  it('creates the config directory 0700 whatever the umask', async () => {
    const s = sandbox();
    const before = process.umask(0o000);
    try {
      const result = await runCli(s, ['profile', 'add', 'x', '--provider', 'openai']);
      expect(result.code, result.stderr).toBe(0);
    } finally {
      process.umask(before);
    }
    expect(statSync(join(s.home, '.config', 'port42')).mode & 0o777).toBe(0o700);
    expect(statSync(s.configPath).mode & 0o777).toBe(0o600);
  });

  it.skipIf(process.geteuid?.() !== 0)('warns when another user owns the config (as root: chown 65534)', async () => {
    const s = sandbox();
    s.writeConfig('default = "w"\n[profiles.w]\nprovider = "openai"\nauth = "env"\nfrom_env = "W"\n');
    chownSync(s.configPath, 65534, 65534);
    const result = await runCli(s, ['auth', 'token'], { env: { W: 'sk-proj-warnme0000000000' } });
    expect(result).toMatchObject({ code: 0, stdout: 'sk-proj-warnme0000000000\n' });
    expect(result.stderr).toBe(
      `port42: warning: the config ${s.configPath} belongs to uid 65534, not to you; whoever can change it chooses the commands port42 runs and where it sends keys\n  run: sudo chown 0 ${s.configPath}\n`,
    );
  });

  it('warns when others can write the config or its directory, and still works', async () => {
    const s = sandbox();
    s.writeConfig('default = "w"\n[profiles.w]\nprovider = "openai"\nauth = "env"\nfrom_env = "W"\n');
    chmodSync(s.configPath, 0o666);
    chmodSync(join(s.home, '.config', 'port42'), 0o777);
    const result = await runCli(s, ['auth', 'token'], { env: { W: 'sk-proj-warnme0000000000' } });
    expect(result).toMatchObject({ code: 0, stdout: 'sk-proj-warnme0000000000\n' });
    expect(result.stderr).toContain(`port42: warning: the config ${s.configPath} is writable by other users (mode 0666)`);
    expect(result.stderr).toContain(`  run: chmod go-w ${s.configPath}\n`);
    expect(result.stderr).toContain(`the config directory ${join(s.home, '.config', 'port42')} is writable by other users (mode 0777)`);
    const doctor = await runCli(s, ['doctor'], { env: { W: 'sk-proj-warnme0000000000' } });
    expect(doctor.stdout).toContain(`✗ config: the config ${s.configPath} is writable by other users`);
    expect(doctor.code).not.toBe(0);
  });
});
