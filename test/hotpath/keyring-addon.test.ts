/** Loading @napi-rs/keyring: the platform file directly where the layout is known, else the package. */
import { describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { addonPathsBeside, directAddonPath, loadKeyringWith } from '../../src/stores/keyring-addon.ts';

const addon = { Entry: class {}, AsyncEntry: class {} };

function loader(available: Record<string, unknown>) {
  const asked: string[] = [];
  const load = (id: string) => {
    asked.push(id);
    if (!(id in available)) throw Object.assign(new Error(`Cannot find module '${id}'`), { code: 'MODULE_NOT_FOUND' });
    const value = available[id];
    if (value instanceof Error) throw value;
    return value;
  };
  return { load, asked };
}

describe('keyring addon loading', () => {
  it('requires the glibc platform file directly on Linux x64/arm64', () => {
    expect(directAddonPath('linux', 'x64')).toBe('@napi-rs/keyring-linux-x64-gnu/keyring.linux-x64-gnu.node');
    const { load, asked } = loader({ [directAddonPath('linux', 'arm64')!]: addon });
    expect(loadKeyringWith(load, 'linux', 'arm64')).toBe(addon);
    expect(asked).toHaveLength(1);
  });

  it('falls back to the package entry when the file is missing, fails to load (musl) or is not the addon', () => {
    const direct = directAddonPath('linux', 'x64')!;
    for (const atDirect of [undefined, new Error('Error relocating: symbol not found'), {}]) {
      const { load, asked } = loader({ ...(atDirect === undefined ? {} : { [direct]: atDirect }), '@napi-rs/keyring': addon });
      expect(loadKeyringWith(load, 'linux', 'x64')).toBe(addon);
      expect(asked).toEqual([direct, '@napi-rs/keyring']);
    }
  });

  it('opens the platform file beside port42 by its path first, then resolves it, then the package', () => {
    const direct = directAddonPath('linux', 'x64')!;
    const from = '/opt/lib/node_modules/port42/dist/port42.js';
    expect(addonPathsBeside(from, direct)).toEqual([
      `/opt/lib/node_modules/port42/node_modules/${direct}`,
      `/opt/lib/node_modules/${direct}`, // hoisted next to port42
    ]);
    expect(addonPathsBeside('/home/u/src/port42/dist/port42.js', direct)).toEqual([`/home/u/src/port42/node_modules/${direct}`]);
    expect(addonPathsBeside('/p/node_modules/@acme/port42/dist/port42.js', direct)).toEqual([
      `/p/node_modules/@acme/port42/node_modules/${direct}`,
      `/p/node_modules/${direct}`,
    ]);
    expect(addonPathsBeside('file:///opt/port42/dist/cold/chunk.mjs', direct)).toEqual([]);

    const beside = addonPathsBeside(from, direct);
    const hoisted = loader({ [beside[1]!]: addon });
    expect(loadKeyringWith(hoisted.load, 'linux', 'x64', from)).toBe(addon);
    expect(hoisted.asked).toEqual(beside); // found by path: no module resolution
    const elsewhere = loader({ [direct]: addon });
    expect(loadKeyringWith(elsewhere.load, 'linux', 'x64', from)).toBe(addon);
    expect(elsewhere.asked).toEqual([...beside, direct]);
  });

  it('lets the package entry decide on other platforms', () => {
    for (const [platform, arch] of [
      ['darwin', 'arm64'],
      ['win32', 'x64'],
      ['linux', 'riscv64'],
    ] as const) {
      const { load, asked } = loader({ '@napi-rs/keyring': addon });
      expect(loadKeyringWith(load, platform, arch)).toBe(addon);
      expect(asked).toEqual(['@napi-rs/keyring']);
    }
  });

  it('finds the installed platform file here, with the same bindings as the package', () => {
    const real = createRequire(import.meta.url);
    const path = directAddonPath(process.platform, process.arch);
    if (path === undefined) return; // nothing to compare on this platform
    const direct = loadKeyringWith(real, process.platform, process.arch);
    expect(direct.Entry).toBe((real('@napi-rs/keyring') as typeof direct).Entry);
    // By path from the package root's node_modules, as the hot bundle in dist/ does: the same
    // module (node's cache), so copies of this loader in the hot bundle and the cold chunks share it.
    const root = join(import.meta.dirname, '..', '..');
    const [besideHere] = addonPathsBeside(join(root, 'dist', 'port42.js'), path);
    if (besideHere && existsSync(besideHere)) {
      const asked: string[] = [];
      const byPath = loadKeyringWith((id) => (asked.push(id), real(id)), process.platform, process.arch, join(root, 'dist', 'port42.js'));
      expect(byPath.Entry).toBe(direct.Entry);
      expect(asked).toEqual([besideHere]);
    }
  });
});
