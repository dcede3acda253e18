/**
 * The agent under stress and attack: malformed, oversized and slow clients, 50 concurrent token
 * reads, 10 concurrent logins (no lost write), unsafe socket directories, a planted symlink, and
 * no passphrase or key in clear anywhere under HOME or /tmp.
 */
import { afterAll, describe, expect, it } from 'vitest';
import {
  chmodSync,
  chownSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { askAgent } from '../../src/agent/client.ts';
import { parseEnvelope } from '../../src/stores/envelope.ts';
import { deriveKey } from '../../src/stores/store-keys.ts';
import { runCli } from '../support/cli.ts';
import { KEY, PASSPHRASE, agentPid, headlessSandbox, socketOf, stateFile, stopAllAgents, unlock } from './support.ts';

afterAll(stopAllAgents);

/** Sends raw bytes on a fresh connection and collects the first reply line (or what came before the agent closed, or `ms` passed). */
function raw(socketPath: string, bytes: Buffer | string, ms = 2000): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    const socket = connect(socketPath);
    const timer = setTimeout(() => (socket.destroy(), resolve(text)), ms);
    socket.on('data', (chunk) => {
      text += chunk.toString('utf8');
      if (text.includes('\n')) socket.destroy(); // one reply is all we wait for
    });
    socket.on('error', () => undefined);
    socket.on('close', () => (clearTimeout(timer), resolve(text)));
    socket.write(bytes);
  });
}

describe('the agent under load and bad input', () => {
  const sandbox = headlessSandbox();

  it('answers 50 concurrent auth token calls and keeps all 10 concurrent logins', async () => {
    expect((await unlock(sandbox)).code).toBe(0);
    expect((await runCli(sandbox, ['auth', 'login', 'work'], { input: KEY })).code).toBe(0);
    const tokens = await Promise.all(Array.from({ length: 50 }, () => runCli(sandbox, ['auth', 'token', 'work'])));
    expect(tokens.filter((r) => r.code === 0 && r.stdout === `${KEY}\n`)).toHaveLength(50);

    const logins = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        runCli(sandbox, ['auth', 'login', `p${i}`], { input: `sk-proj-concurrent${i}abcdefghijklmnopqrst` }),
      ),
    );
    expect(logins.map((r) => r.code)).toEqual(Array(10).fill(0));
    const listed = await askAgent(socketOf(sandbox), { op: 'list', store: sandbox.stateDir });
    expect(listed?.ok && Object.keys(listed.items ?? {}).sort()).toEqual([
      'p0',
      'p1',
      'p2',
      'p3',
      'p4',
      'p5',
      'p6',
      'p7',
      'p8',
      'p9',
      'work',
    ]);
    // The file itself holds them (read with the passphrase, as CI would).
    const viaFile = await runCli(sandbox, ['auth', 'token', 'p7'], { env: { PORT42_PASSPHRASE: PASSPHRASE } });
    expect(viaFile.stdout).toBe('sk-proj-concurrent7abcdefghijklmnopqrst\n');
  });

  it('replies with an error to garbage, a wrong version and an oversized line, and stays up', async () => {
    const socket = socketOf(sandbox);
    expect(await raw(socket, 'not json\n')).toContain('"code":"bad-request"');
    expect(await raw(socket, '{"v":99,"op":"get","account":"work"}\n')).toContain('"code":"version"');
    expect(await raw(socket, '{"v":1,"op":"explode"}\n')).toContain('"code":"bad-request"');
    expect(await raw(socket, Buffer.from([0xff, 0x00, 0x0a, 0xc3, 0x28, 0x0a]))).toContain('bad-request');
    expect(await raw(socket, Buffer.alloc(1024 * 1024 + 10, 'a'), 5000)).toContain('"code":"too-large"');
    expect(await runCli(sandbox, ['auth', 'token', 'work'])).toMatchObject({ code: 0, stdout: `${KEY}\n` });
  });

  it('is not held up by a client that connects and never finishes its line', async () => {
    const slow = connect(socketOf(sandbox));
    slow.write('{"v":1,"op":"get",');
    try {
      const start = Date.now();
      const reply = await askAgent(socketOf(sandbox), { op: 'get', store: sandbox.stateDir, account: 'work' });
      expect(reply?.ok && reply.value).toBe(KEY);
      expect(Date.now() - start).toBeLessThan(1000);
    } finally {
      slow.destroy();
    }
  });

  it('keeps neither the passphrase nor the key in clear in any file under HOME or /tmp', async () => {
    const envelope = parseEnvelope(readFileSync(stateFile(sandbox, 'secrets.enc'), 'utf8'));
    const key = await deriveKey(PASSPHRASE, envelope.kdf);
    const needles = [Buffer.from(PASSPHRASE), key, Buffer.from(key.toString('hex')), Buffer.from(key.toString('base64'))];
    const hits: string[] = [];
    let scanned = 0;
    const walk = (dir: string, depth: number) => {
      let names: string[];
      try {
        names = readdirSync(dir);
      } catch {
        return;
      }
      for (const name of names) {
        if (scanned > 20_000) return;
        const path = join(dir, name);
        try {
          const stat = lstatSync(path);
          if (stat.isDirectory() && depth < 8 && name !== 'node_modules') walk(path, depth + 1);
          else if (stat.isFile() && stat.size < 4 * 1024 * 1024) {
            scanned++;
            const bytes = readFileSync(path);
            if (needles.some((needle) => bytes.includes(needle))) hits.push(path);
          }
        } catch {
          // vanished or unreadable: another test's file
        }
      }
    };
    walk(sandbox.home, 0);
    walk(tmpdir(), 0);
    expect(scanned).toBeGreaterThan(3);
    expect(hits).toEqual([]);
  });
});

describe('the socket directory and path', () => {
  const runtime = (mode: number, uid?: number) => {
    const dir = mkdtempSync(join(tmpdir(), 'port42-runtime-'));
    mkdirSync(join(dir, 'port42'), { mode: 0o700 });
    chmodSync(join(dir, 'port42'), mode);
    if (uid !== undefined) chownSync(join(dir, 'port42'), uid, uid);
    return dir;
  };

  it.runIf(process.geteuid?.() === 0)('refuses a socket directory owned by another uid (exit 5, says why, starts nothing)', async () => {
    const sandbox = headlessSandbox('file', { XDG_RUNTIME_DIR: runtime(0o700, 65534) });
    const result = await unlock(sandbox);
    expect(result.code).toBe(5);
    expect(result.stderr).toContain('belongs to uid 65534');
    expect(await agentPid(sandbox)).toBeUndefined();
  });

  it('refuses a world-writable socket directory, for unlock and for the hot verbs', async () => {
    const sandbox = headlessSandbox('file', { XDG_RUNTIME_DIR: runtime(0o777) });
    const result = await unlock(sandbox);
    expect(result.code).toBe(5);
    expect(result.stderr).toContain('open to other users (mode 0777)');
    const token = await runCli(sandbox, ['auth', 'token', 'work'], { env: {} });
    expect(token.code).toBe(5);
    const status = await runCli(sandbox, ['unlock', '--status']);
    expect(status).toMatchObject({ code: 5, stdout: 'file store: locked\n' });
    expect(status.stderr).toContain('open to other users');
  });

  it('unlock notes when the config uses the keychain and so never the unlocked file', async () => {
    const sandbox = headlessSandbox('keychain');
    const result = await unlock(sandbox);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('says store = "keychain"');
  });

  it('replaces a symlink planted at the socket path without following it', async () => {
    const dir = runtime(0o700);
    const sandbox = headlessSandbox('file', { XDG_RUNTIME_DIR: dir });
    const target = join(dir, 'target-file');
    writeFileSync(target, 'keep me');
    symlinkSync(target, join(dir, 'port42', 'agent.sock'));
    expect((await unlock(sandbox)).code).toBe(0);
    expect(lstatSync(join(dir, 'port42', 'agent.sock')).isSocket()).toBe(true);
    expect(readFileSync(target, 'utf8')).toBe('keep me');
    expect(lstatSync(join(dir, 'port42', 'agent.sock')).mode & 0o777).toBe(0o600);
  });
});

describe('one runtime directory, two state directories', () => {
  it("the agent answers only for its own store: the other state directory's commands fall back", async () => {
    const runtime = mkdtempSync(join(tmpdir(), 'port42-runtime-'));
    chmodSync(runtime, 0o700);
    const sandbox = headlessSandbox('file', { XDG_RUNTIME_DIR: runtime });
    try {
      expect((await unlock(sandbox)).code).toBe(0);
      expect((await runCli(sandbox, ['auth', 'login', 'work'], { input: KEY })).code).toBe(0);
      expect(await runCli(sandbox, ['auth', 'token', 'work'])).toMatchObject({ code: 0, stdout: `${KEY}\n` });
      const elsewhere = join(sandbox.home, 'other-state');
      const other = await runCli(sandbox, ['auth', 'token', 'work'], { env: { XDG_STATE_HOME: elsewhere } });
      expect(other.code).not.toBe(0);
      expect(other.stdout).toBe('');
      expect(other.stderr).not.toContain(KEY);
    } finally {
      await runCli(sandbox, ['lock']);
      rmSync(runtime, { recursive: true, force: true });
    }
  });
});
