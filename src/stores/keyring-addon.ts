/**
 * Loads @napi-rs/keyring. On glibc Linux the platform `.node` file is required directly: the
 * package's index.js spends ~2 ms on every start probing which libc this is (FACTS.md). Whenever
 * that file is not where the usual npm layout puts it (musl, another platform, pnpm's nested
 * layout, a version of the package that names it differently), the package entry decides.
 */
import { createRequire } from 'node:module';

/** The library's API (index.js and the platform files export the same bindings). */
export type Keyring = typeof import('@napi-rs/keyring');

/** The platform package's `.node` file for this platform, or undefined where only index.js knows. */
export function directAddonPath(platform: NodeJS.Platform, arch: string): string | undefined {
  if (platform !== 'linux' || (arch !== 'x64' && arch !== 'arm64')) return undefined;
  // A gnu build: on musl its dlopen fails and the package entry picks the musl file.
  return `@napi-rs/keyring-linux-${arch}-gnu/keyring.linux-${arch}-gnu.node`;
}

/** Loads the addon with `load` (require): the direct file first, else the package entry. */
export function loadKeyringWith(load: (id: string) => unknown, platform: NodeJS.Platform, arch: string): Keyring {
  const direct = directAddonPath(platform, arch);
  if (direct !== undefined) {
    try {
      const addon = load(direct) as Keyring;
      if (typeof addon.Entry === 'function' && typeof addon.AsyncEntry === 'function') return addon;
    } catch {
      // Not installed there, or not loadable on this libc: the package entry knows better.
    }
  }
  return load('@napi-rs/keyring') as Keyring;
}

let keyring: Keyring | undefined;

/** The addon, loaded once (require, not import: the ESM import costs ~40 ms more, FACTS.md). */
export function loadKeyring(): Keyring {
  keyring ??= loadKeyringWith(createRequire(import.meta.url), process.platform, process.arch);
  return keyring;
}
