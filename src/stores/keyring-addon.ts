/**
 * Loads @napi-rs/keyring. On glibc Linux the platform `.node` file is required directly: the
 * package's index.js spends ~2 ms on every start probing which libc this is (FACTS.md). Whenever
 * that file is not where the usual npm layout puts it (musl, another platform, pnpm's nested
 * layout, a version of the package that names it differently), the package entry decides.
 */
import { createRequire } from 'node:module';
import { basename, dirname, isAbsolute, join } from 'node:path';

/** The library's API (index.js and the platform files export the same bindings). */
export type Keyring = typeof import('@napi-rs/keyring');

/** The platform package's `.node` file for this platform, or undefined where only index.js knows. */
export function directAddonPath(platform: NodeJS.Platform, arch: string): string | undefined {
  if (platform !== 'linux' || (arch !== 'x64' && arch !== 'arm64')) return undefined;
  // A gnu build: on musl its dlopen fails and the package entry picks the musl file.
  return `@napi-rs/keyring-linux-${arch}-gnu/keyring.linux-${arch}-gnu.node`;
}

/**
 * Where npm puts the platform file beside port42's own files: in port42's node_modules (a checkout,
 * a global install), or hoisted next to port42 in a project's node_modules. `bundleFile` is the
 * running file; a file: URL (the cold ESM chunks) gives none, and resolution decides.
 */
export function addonPathsBeside(bundleFile: string, relative: string): string[] {
  if (!isAbsolute(bundleFile)) return [];
  const root = dirname(dirname(bundleFile)); // <package>/dist/port42.js → <package>
  const paths = [join(root, 'node_modules', relative)];
  const parent = dirname(root);
  if (basename(parent) === 'node_modules') paths.push(join(parent, relative));
  else if (basename(dirname(parent)) === 'node_modules' && basename(parent).startsWith('@')) paths.push(join(dirname(parent), relative));
  return paths;
}

function isKeyring(addon: unknown): addon is Keyring {
  const candidate = addon as Partial<Keyring> | undefined;
  return typeof candidate?.Entry === 'function' && typeof candidate.AsyncEntry === 'function';
}

/**
 * Loads the addon with `load` (require): the platform file beside port42 by its absolute path
 * first (no node_modules walk or package.json reads: ~0.35 ms less per keychain call), then the
 * same file by its module id, then the package entry. Always through require, never a bare
 * process.dlopen: node's module cache then gives every copy of this module in the process (hot
 * bundle, cold chunks) the one instance of the addon. `from` is the running bundle's file.
 */
export function loadKeyringWith(load: (id: string) => unknown, platform: NodeJS.Platform, arch: string, from?: string): Keyring {
  const direct = directAddonPath(platform, arch);
  if (direct !== undefined) {
    for (const id of [...(from === undefined ? [] : addonPathsBeside(from, direct)), direct]) {
      try {
        const addon = load(id);
        if (isKeyring(addon)) return addon;
      } catch {
        // Not there (another layout), or not loadable on this libc (musl): the next candidate.
      }
    }
  }
  return load('@napi-rs/keyring') as Keyring;
}

let keyring: Keyring | undefined;

/** The addon, loaded once (require, not import: the ESM import costs ~40 ms more, FACTS.md). */
export function loadKeyring(): Keyring {
  // In the hot bundle import.meta.url is the bundle's own path (scripts/build.mjs); elsewhere a file: URL.
  keyring ??= loadKeyringWith(createRequire(import.meta.url), process.platform, process.arch, import.meta.url);
  return keyring;
}
