import { afterEach, describe, expect, it } from 'vitest';
import * as fsp from 'node:fs/promises';
import { mkdtempSync, readFileSync, rmSync, statSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Context } from '../../src/context.ts';
import { AUDIT_MAX_BYTES, auditLine, recordRelease } from '../../src/audit/record.ts';
import { readAuditTrail } from '../../src/audit/read.ts';
import { createTestContext } from '../support/test-context.ts';
import { createSandbox, runCli, type Sandbox } from '../support/cli.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function realContext(): { ctx: Context; state: string } {
  const home = mkdtempSync(join(tmpdir(), 'port42-audit-'));
  dirs.push(home);
  const { ctx } = createTestContext();
  return {
    ctx: { ...ctx, fs: fsp, home, env: { HOME: home }, now: () => Date.now(), ppid: process.pid },
    state: join(home, '.local', 'state', 'port42'),
  };
}

describe('audit trail on the real file system', () => {
  it('keeps every line from many concurrent writers across a rotation', async () => {
    const { ctx, state } = realContext();
    const line = auditLine({ v: 1, time: '2026-11-01T00:00:00.000Z', verb: 'env', profile: 'old', consumer: { pid: 1 }, cwd: '/' });
    const count = Math.floor((AUDIT_MAX_BYTES - 2000) / line.length);
    mkdirSync(state, { recursive: true, mode: 0o700 });
    writeFileSync(join(state, 'audit.jsonl'), line.repeat(count), { mode: 0o600 });
    await Promise.all(Array.from({ length: 200 }, (_, i) => recordRelease(ctx, { verb: 'auth token', profile: `p${i}` })));
    const trail = await readAuditTrail(ctx);
    expect(trail.skipped).toBe(0);
    expect(trail.records).toHaveLength(count + 200);
    expect(existsSync(join(state, 'audit.jsonl.1'))).toBe(true);
    // The writer that crossed the bound renamed the file; later writers start a new one.
    if (existsSync(join(state, 'audit.jsonl'))) expect(statSync(join(state, 'audit.jsonl')).size).toBeLessThan(AUDIT_MAX_BYTES);
    expect(existsSync(join(state, 'audit.jsonl.lock'))).toBe(false);
  });

  it('names the consumer from /proc when it is readable', async () => {
    const { ctx, state } = realContext();
    await recordRelease(ctx, { verb: 'auth token', profile: 'work' });
    const record = JSON.parse(readFileSync(join(state, 'audit.jsonl'), 'utf8'));
    const comm = existsSync(`/proc/${process.pid}/comm`) ? readFileSync(`/proc/${process.pid}/comm`, 'utf8').trim() : undefined;
    expect(record.consumer).toEqual(comm === undefined ? { pid: process.pid } : { pid: process.pid, name: comm });
    expect(statSync(join(state, 'audit.jsonl')).mode & 0o777).toBe(0o600);
    expect(statSync(state).mode & 0o777).toBe(0o700);
  });
});

describe('audit trail from the built CLI', () => {
  let sandbox: Sandbox | undefined;
  afterEach(() => sandbox?.cleanup());

  it('records `auth token` run as a real process, without the secret', async () => {
    sandbox = createSandbox({ PORT42_PASSPHRASE: 'correct horse battery' });
    sandbox.writeConfig('store = "file"\n[profiles.work]\nprovider = "openai"\n');
    const secret = 'sk-proj-realprocessSECRET0123456789';
    expect((await runCli(sandbox, ['auth', 'login', 'work'], { input: secret })).code).toBe(0);
    const token = await runCli(sandbox, ['auth', 'token', 'work']);
    expect(token).toMatchObject({ code: 0, stdout: secret + '\n' });
    const text = readFileSync(join(sandbox.stateDir, 'audit.jsonl'), 'utf8');
    expect(text).not.toContain(secret);
    const record = JSON.parse(text.trim());
    expect(record).toMatchObject({ v: 1, verb: 'auth token', profile: 'work', consumer: { pid: process.pid }, cwd: sandbox.home });
    const audit = await runCli(sandbox, ['audit', '--json']);
    expect(JSON.parse(audit.stdout)).toHaveLength(1);
  });
});
