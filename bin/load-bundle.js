// Runs dist/port42.js, from a V8 code cache when there is one that fits: compiling the ~90 KB
// bundle and the functions a command runs costs 2–4 ms of every start; the cache brings that to
// ~0.5 ms. The cache is bytecode port42 would execute, so it is only read from and written to the
// state directory's private cache/ (the user's own, not a link, not open to others), and only if
// that directory exists already (port42 creates it on its first real run). V8 refuses a cache
// from another node or other V8 flags, but of the source it checks only the length: what ties a
// cache to its bundle is the build id (a SHA-256 of the bundle, on its first line) in the name.
// Anything unexpected: the bundle is simply required, as without a cache.
//
// V8 puts in a cache only the functions compiled before it is made, and a function a run did not
// call stays uncompiled: a cache written by `auth login` made every `auth token` compile its own
// path afresh (~1 ms). So the cache file starts with a line naming the code paths whose runs it
// holds (the bundle reports its verb, store and credential source through __p42_code_path), and a
// run that takes a path not named yet rewrites it: what the old cache held plus this run's code.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const BUNDLE = path.join(__dirname, '..', 'dist', 'port42.js');

/** `<state dir>/cache` when it is private and ours, else undefined. */
function privateCacheDir() {
  const env = process.env;
  const home = env.HOME;
  if (typeof process.geteuid !== 'function' || (!env.XDG_STATE_HOME && !home)) return undefined;
  // As src/files/paths.ts stateDir: a relative XDG_STATE_HOME is ignored (the XDG spec calls it invalid).
  const xdgState = env.XDG_STATE_HOME && path.isAbsolute(env.XDG_STATE_HOME) ? env.XDG_STATE_HOME : undefined;
  const state = path.join(xdgState || path.join(home, '.local', 'state'), 'port42');
  const dir = path.join(state, 'cache');
  // Both the state directory and cache/ must be private and ours: whoever controls the parent
  // could swap the directory below it.
  const isPrivateDir = (stats) => stats.isDirectory() && stats.uid === process.geteuid() && (stats.mode & 0o077) === 0;
  try {
    return isPrivateDir(fs.lstatSync(state)) && isPrivateDir(fs.lstatSync(dir)) ? dir : undefined;
  } catch {
    return undefined;
  }
}

/** A code cache is a few hundred KiB; anything far larger is not one port42 wrote. */
const MAX_CACHE_BYTES = 64 * 1024 * 1024;

/**
 * The cache file's bytes if it is a regular private file of ours, else undefined. One fstat and
 * plain reads into a Uint8Array: fs.readFileSync(fd) stats again and costs ~0.2 ms more at start.
 */
function readPrivateFile(file) {
  let fd;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW | fs.constants.O_NONBLOCK);
    const stats = fs.fstatSync(fd);
    if (!stats.isFile() || stats.uid !== process.geteuid() || (stats.mode & 0o077) !== 0 || stats.size > MAX_CACHE_BYTES) return undefined;
    const bytes = new Uint8Array(stats.size);
    let filled = 0;
    while (filled < bytes.length) {
      const count = fs.readSync(fd, bytes, filled, bytes.length - filled, filled);
      if (count === 0) return undefined; // shorter than its size said: being replaced
      filled += count;
    }
    return bytes;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

const HEADER = 'port42 code cache: ';

/**
 * Splits a cache file into the code paths it holds and V8's data; undefined if it is not one.
 * A byte loop and a subarray: Buffer#indexOf and #toString cost ~0.13 ms on their first call.
 */
function parseCacheFile(bytes) {
  let newline = 0;
  while (newline < bytes.length && newline < 4096 && bytes[newline] !== 10) newline++;
  if (bytes[newline] !== 10) return undefined;
  const header = String.fromCharCode.apply(null, bytes.subarray(0, newline));
  if (!header.startsWith(HEADER)) return undefined;
  const paths = header.slice(HEADER.length);
  return { paths: paths === '' ? [] : paths.split(','), data: bytes.subarray(newline + 1) };
}

/** Writes the cache next to its final name, then renames it over (readers never see half). */
function writePrivateFile(file, data) {
  const temp = `${file}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(temp, data, {
      mode: 0o600,
      flag: fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_NOFOLLOW,
    });
    fs.renameSync(temp, file);
    // Caches of other builds or node versions are dead weight now.
    for (const name of fs.readdirSync(path.dirname(file)))
      if (name.startsWith('v8-') && name !== path.basename(file)) fs.rmSync(path.join(path.dirname(file), name), { force: true });
  } catch {
    fs.rmSync(temp, { force: true }); // a cache only saves time
  }
}

function runCached(cacheDir) {
  const vm = require('node:vm');
  // node:module's Module class, as every CommonJS module's constructor: loading the public
  // node:module for it costs ~0.2 ms, and neither this file nor the bundle needs anything else of it.
  const Module = module.constructor;
  const source = fs.readFileSync(BUNDLE, 'utf8');
  // The build writes `// port42 build <id>` on the first line (scripts/build.mjs).
  const id = /^\/\/ port42 build (\w+)/.exec(source)?.[1];
  if (id === undefined) return false;
  const file = path.join(cacheDir, `v8-${id}-${process.version}-${process.arch}.bin`);
  const cached = readPrivateFile(file);
  const parsed = cached && parseCacheFile(cached);
  const cachedData = parsed?.data;
  // The bundle reaches dist/cold/ through __p42_import: import() inside a vm.Script compiled from
  // cached data has no loader callback on Node 20, import() in this file does.
  const wrapper = `(function (exports, require, module, __filename, __dirname, __p42_import, __p42_code_path) {${source}\n})`;
  let script;
  try {
    script = new vm.Script(wrapper, { filename: BUNDLE, ...(cachedData ? { cachedData } : {}) });
  } catch {
    return false; // nothing ran yet: the plain require below runs the bundle
  }
  // The code paths whose runs this cache holds: none for a cache written now.
  const fits = parsed !== undefined && !script.cachedDataRejected;
  const held = fits ? parsed.paths : [];
  let paths = held;
  let writeScheduled = false;
  const writeOnExit = () => {
    if (writeScheduled) return;
    writeScheduled = true;
    // After the run, so that the functions this command compiled are in the cache as well. A run
    // that failed may have stopped early on its path: it does not count as holding it.
    process.once('exit', (code) => {
      if (code !== 0 && fits) return;
      const header = Buffer.from(`${HEADER}${(code === 0 ? paths : held).join(',')}\n`, 'latin1');
      writePrivateFile(file, Buffer.concat([header, script.createCachedData()]));
    });
  };
  if (!fits) writeOnExit();
  // The bundle calls this with each path it takes ('auth token', 'store keychain'); new ones are added.
  const ranPath = (name) => {
    if (paths.includes(name) || !/^[a-z][a-z -]*$/.test(name)) return;
    paths = [...paths, name];
    writeOnExit();
  };
  const module_ = new Module(BUNDLE, module);
  module_.filename = BUNDLE;
  module_.paths = Module._nodeModulePaths(path.dirname(BUNDLE));
  const importCold = (specifier) => import(require('node:url').pathToFileURL(path.join(path.dirname(BUNDLE), specifier)).href);
  script.runInThisContext()(module_.exports, Module.createRequire(BUNDLE), module_, BUNDLE, path.dirname(BUNDLE), importCold, ranPath);
  return true;
}

const cacheDir = process.env.PORT42_NO_CODE_CACHE === '1' ? undefined : privateCacheDir();
if (!cacheDir || !runCached(cacheDir)) require(BUNDLE);
