import { describe, expect, it } from 'vitest';
import { Volume, createFsFromVolume } from 'memfs';
import type { FileSystem } from '../../src/context.ts';
import { EncryptedFileStore } from '../../src/stores/encrypted-file.ts';

function setup(passphrase = 'correct horse') {
  const vol = new Volume();
  const fs = createFsFromVolume(vol).promises as unknown as FileSystem;
  const make = (pass = passphrase) =>
    new EncryptedFileStore({ fs, dir: '/state/port42', passphrase: async () => pass, pid: 1, now: Date.now });
  return { vol, make, path: '/state/port42/secrets.enc' };
}

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
});
