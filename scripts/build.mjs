// Builds dist/ with esbuild in two parts, so that the verbs other programs call load ONE file:
//   dist/port42.js  — the hot bundle: the CLI entry and everything it imports statically
//                     (auth token, env, exec, helpers), no code splitting. CommonJS (dist/ holds
//                     a package.json saying so): node's ESM loader costs ~4 ms more at start-up
//                     than require, and the bin/ shims are CommonJS for the same reason.
//   dist/cold/…     — every module the code imports dynamically (yargs CLI, zod schema, cold
//                     verbs, OAuth, encrypted store…), split into shared chunks. ESM (.mjs):
//                     the hot bundle reaches them with import(), which works from CommonJS.
// The hot bundle's dynamic imports are rewritten to the matching file under dist/cold/. Modules
// both parts use exist twice; Port42Error's `instanceof` works by brand across the copies.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { relative, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const src = resolve(root, 'src');
const pkg = JSON.parse(await readFile(resolve(root, 'package.json'), 'utf8'));

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  minify: process.env.PORT42_BUILD_MINIFY !== '0', // PORT42_BUILD_MINIFY=0: readable names in CPU profiles
  // The keyring addon is loaded with require at run time; open locates its xdg-open script on disk.
  external: ['@napi-rs/keyring', 'open'],
  define: { __PORT42_VERSION__: JSON.stringify(pkg.version) },
  logLevel: 'warning',
};

/** Where a source module lands in the cold build. */
const coldPath = (absolute) => 'cold/' + relative(src, absolute).replace(/\.ts$/, '.mjs');

await rm(resolve(root, 'dist'), { recursive: true, force: true });
await mkdir(resolve(root, 'dist'));
await writeFile(resolve(root, 'dist/package.json'), '{ "type": "commonjs" }\n');

// Hot bundle: every dynamic import becomes an external import of its cold file.
const lazyModules = new Set();
await build({
  ...common,
  entryPoints: { port42: resolve(src, 'cli/bin.ts') },
  outdir: resolve(root, 'dist'),
  format: 'cjs',
  splitting: false,
  // The sources are ESM: createRequire(import.meta.url). createRequire takes a path as well, and
  // __filename spares loading node:url and two URL conversions on every start.
  define: { ...common.define, 'import.meta.url': '__filename' },
  plugins: [
    {
      // The sources build their require with createRequire(import.meta.url) from node:module, and
      // import.meta.url is this bundle's own __filename (define above): in a CommonJS module that
      // is the require node hands it already. Loading node:module for it costs ~0.2 ms per start.
      name: 'own-require',
      setup(b) {
        b.onResolve({ filter: /^node:module$/ }, () => ({ path: 'own-require', namespace: 'own-require' }));
        b.onLoad({ filter: /.*/, namespace: 'own-require' }, () => ({
          contents:
            'export function createRequire(from) {\n' +
            '  if (from !== __filename) throw new Error(`createRequire(${from}) in the hot bundle`);\n' +
            '  return require;\n' +
            '}\n',
          loader: 'js',
        }));
      },
    },
    {
      name: 'lazy-to-cold',
      setup(b) {
        b.onResolve({ filter: /.*/ }, (args) => {
          if (args.kind !== 'dynamic-import' || !args.path.startsWith('.')) return undefined;
          const absolute = resolve(args.resolveDir, args.path);
          lazyModules.add(absolute);
          return { path: './' + coldPath(absolute), external: true };
        });
      },
    },
  ],
});

// The hot bundle as the loader in bin/port42 runs it from a V8 code cache: a build id on the first line
// (the cache file is named after it), and dist/cold/ reached through __p42_import, which the loader
// passes in (import() inside a script compiled from cached data fails on Node 20). Run with plain
// require, the bundle falls back to its own import().
const hotFile = resolve(root, 'dist/port42.js');
const hot = await readFile(hotFile, 'utf8');
const STRICT = '"use strict";';
if (!hot.startsWith(STRICT) || !hot.includes('import("./cold/')) throw new Error('build: unexpected shape of dist/port42.js');
const buildId = createHash('sha256').update(hot).digest('hex').slice(0, 16);
await writeFile(
  hotFile,
  `// port42 build ${buildId}\n${STRICT}var __p42_import=typeof __p42_import=="function"?__p42_import:(s)=>import(s);` +
    hot.slice(STRICT.length).replaceAll('import("./cold/', '__p42_import("./cold/'),
);

// Cold part: each lazily loaded module is an entry at its source path; shared code in chunks.
await build({
  ...common,
  entryPoints: [...lazyModules],
  outbase: src,
  outdir: resolve(root, 'dist/cold'),
  format: 'esm',
  outExtension: { '.js': '.mjs' },
  entryNames: '[dir]/[name]',
  chunkNames: 'chunks/[name]-[hash]',
  splitting: true,
  banner: { js: "import { createRequire as __p42cr } from 'node:module'; const require = __p42cr(import.meta.url);" },
});
