import { describe, expect, it } from 'vitest';
import { Volume, createFsFromVolume } from 'memfs';
import type { FileSystem } from '../../src/context.ts';
import { readFileSync } from 'node:fs';
import { EncryptedFileStore } from '../../src/stores/encrypted-file.ts';
import { sealEnvelope } from '../../src/stores/envelope.ts';
import { deriveKey } from '../../src/stores/store-keys.ts';

function setup(passphrase = 'correct horse') {
  const vol = new Volume();
  const fs = createFsFromVolume(vol).promises as unknown as FileSystem;
  let asked = 0;
  const make = (pass = passphrase) =>
    new EncryptedFileStore({
      fs,
      dir: '/state/port42',
      passphrase: async () => {
        asked++;
        return pass;
      },
      pid: 1,
      now: Date.now,
    });
  return { vol, make, path: '/state/port42/secrets.enc', asked: () => asked };
}

const FIXTURE_PASSPHRASE = 'fixture passphrase v1';
const fixtureV1 = readFileSync(new URL('../fixtures/secrets-v1.enc', import.meta.url), 'utf8');
const envelopeOf = (vol: InstanceType<typeof Volume>, path: string) => JSON.parse(vol.readFileSync(path, 'utf8') as string);

describe('encrypted file store', () => {
  it('keeps the value out of the file in clear and uses 0700/0600', async () => {
    const { vol, make, path } = setup();
    await make().set('work', 'sk-very-secret-value');
    const raw = vol.readFileSync(path, 'utf8') as string;
    expect(raw).not.toContain('sk-very-secret-value');
    expect(raw).not.toContain('work');
    expect(vol.statSync('/state/port42').mode & 0o777).toBe(0o700);
    expect(vol.statSync(path).mode & 0o777).toBe(0o600);
  });

  it('refuses a wrong passphrase with a clear error and leaves the file untouched', async () => {
    const { vol, make, path } = setup();
    await make().set('work', 'sk-1');
    const before = vol.readFileSync(path, 'utf8');
    const wrong = make('wrong passphrase');
    await expect(wrong.get('work')).rejects.toMatchObject({
      code: 'store-unavailable',
      message: expect.stringContaining('wrong passphrase'),
    });
    await expect(wrong.set('other', 'sk-2')).rejects.toMatchObject({ code: 'store-unavailable' });
    expect(vol.readFileSync(path, 'utf8')).toBe(before);
    expect(await make().get('work')).toBe('sk-1');
  });

  it('detects a tampered file and keeps it as it is', async () => {
    const { vol, make, path } = setup();
    await make().set('work', 'sk-1');
    const envelope = JSON.parse(vol.readFileSync(path, 'utf8') as string);
    const data = Buffer.from(envelope.data, 'base64');
    data[0] = (data[0] ?? 0) ^ 1;
    envelope.data = data.toString('base64');
    const tampered = JSON.stringify(envelope);
    vol.writeFileSync(path, tampered);
    await expect(make().get('work')).rejects.toMatchObject({ code: 'store-unavailable', message: expect.stringContaining('changed') });
    expect(vol.readFileSync(path, 'utf8')).toBe(tampered);
  });

  it('reports a file that is not a store at all instead of crashing', async () => {
    const { vol, make, path } = setup();
    vol.mkdirSync('/state/port42', { recursive: true });
    vol.writeFileSync(path, 'garbage{');
    await expect(make().get('x')).rejects.toMatchObject({
      code: 'store-unavailable',
      message: expect.stringContaining('not a port42 store'),
    });
    await expect(make().set('x', 'y')).rejects.toMatchObject({ code: 'store-unavailable' });
    expect(vol.readFileSync(path, 'utf8')).toBe('garbage{');
  });

  it('keeps every secret when several writers update one after another', async () => {
    const { make } = setup();
    await Promise.all(Array.from({ length: 8 }, (_, i) => make().set(`p${i}`, `sk-${i}`)));
    const all = await make().getAll();
    expect([...all.keys()].sort()).toEqual(['p0', 'p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7']);
  });

  it('opens a store written in format 1 (committed fixture) and migrates it to format 2 on write', async () => {
    const { vol, make, path } = setup(FIXTURE_PASSPHRASE);
    vol.mkdirSync('/state/port42', { recursive: true, mode: 0o700 });
    vol.writeFileSync(path, fixtureV1, { mode: 0o600 });
    expect(await make().get('work')).toBe('sk-proj-fixture-value-0001');
    await make().set('new', 'sk-new-value');
    const after = envelopeOf(vol, path);
    expect(after.version).toBe(2);
    const all = await make().getAll();
    expect(Object.fromEntries(all)).toEqual({
      work: 'sk-proj-fixture-value-0001',
      gateway: '{"access_token":"at-fixture","refresh_token":"rt-fixture"}',
      new: 'sk-new-value',
    });
    await expect(make('wrong passphrase').get('work')).rejects.toMatchObject({ code: 'store-unavailable' });
  });

  it('keeps a store created with other scrypt parameters readable after any number of writes', async () => {
    const { vol, make, path, asked } = setup();
    const kdf = { N: 2 ** 14, r: 4, p: 2, salt: Buffer.alloc(16, 7).toString('base64') };
    vol.mkdirSync('/state/port42', { recursive: true, mode: 0o700 });
    vol.writeFileSync(path, sealEnvelope({ old: 'sk-old' }, kdf, await deriveKey('correct horse', kdf)), { mode: 0o600 });
    const store = make();
    for (let i = 0; i < 3; i++) await store.set(`p${i}`, `sk-${i}`);
    expect(asked()).toBe(1); // one prompt, although the move to the current cost derives a second key
    const after = envelopeOf(vol, path);
    expect([after.kdf.N, after.kdf.r, after.kdf.p]).toEqual([2 ** 15, 8, 1]);
    expect(after.kdf.salt).not.toBe(kdf.salt);
    expect(Object.fromEntries(await make().getAll())).toEqual({ old: 'sk-old', p0: 'sk-0', p1: 'sk-1', p2: 'sk-2' });
  });

  it('refuses KDF parameters out of bounds without deriving anything', async () => {
    const { vol, make, path, asked } = setup();
    await make().set('work', 'sk-1');
    for (const change of [{ N: 2 ** 30 }, { N: 3000 }, { r: 1000 }, { p: 64 }, { salt: 'AAAA' }]) {
      const envelope = envelopeOf(vol, path);
      Object.assign(envelope.kdf, change);
      vol.writeFileSync(path, JSON.stringify(envelope));
      const before = asked();
      await expect(make().get('work')).rejects.toMatchObject({
        code: 'store-unavailable',
        message: expect.stringContaining('not a port42 store'),
      });
      expect(asked()).toBe(before);
    }
  });

  it('detects a changed header: the version and KDF parameters are bound into the associated data', async () => {
    const { vol, make, path } = setup();
    await make().set('work', 'sk-1');
    const envelope = envelopeOf(vol, path);
    expect(envelope.version).toBe(2);
    vol.writeFileSync(path, JSON.stringify({ ...envelope, version: 1 }));
    await expect(make().get('work')).rejects.toMatchObject({ code: 'store-unavailable', message: expect.stringContaining('changed') });
  });

  it('refuses a passphrase shorter than 8 characters when creating the store, and creates nothing', async () => {
    const { vol, make, path } = setup('short');
    await expect(make().set('work', 'sk-1')).rejects.toMatchObject({
      code: 'store-unavailable',
      message: expect.stringContaining('8 characters'),
    });
    expect(vol.existsSync(path)).toBe(false);
    await make('long enough').set('work', 'sk-1');
    expect(await make('long enough').get('work')).toBe('sk-1');
  });

  it('verifyAndUpgrade creates an empty store, and moves an old one to the current format', async () => {
    const { vol, make, path } = setup(FIXTURE_PASSPHRASE);
    const created = await make().verifyAndUpgrade();
    expect(created.N).toBe(2 ** 15);
    vol.writeFileSync(path, fixtureV1);
    await make().verifyAndUpgrade();
    expect(envelopeOf(vol, path).version).toBe(2);
    expect(await make().get('work')).toBe('sk-proj-fixture-value-0001');
  });
});
