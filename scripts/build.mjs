// Bundles src/cli/bin.ts into dist/ with esbuild: one small entry chunk for the hot verbs and
// lazily loaded chunks for yargs, zod, oauth4webapi (code splitting on dynamic imports).
import { build } from 'esbuild';
import { readFile, rm } from 'node:fs/promises';

const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'));
await rm(new URL('../dist', import.meta.url), { recursive: true, force: true });
await build({
  entryPoints: { port42: 'src/cli/bin.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  minify: true,
  sourcemap: false,
  chunkNames: 'chunks/[name]-[hash]',
  // The keyring addon is loaded with require at run time; open locates its xdg-open script on disk.
  external: ['@napi-rs/keyring', 'open'],
  define: { __PORT42_VERSION__: JSON.stringify(pkg.version) },
  banner: { js: "import { createRequire as __p42cr } from 'node:module'; const require = __p42cr(import.meta.url);" },
  logLevel: 'warning',
});
