/** Loading @napi-rs/keyring: the platform file directly where the layout is known, else the package. */
import { describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { directAddonPath, loadKeyringWith } from '../../src/stores/keyring-addon.ts';

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
  });
});
