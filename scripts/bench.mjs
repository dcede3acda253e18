// `npm run bench`: start-up cost of port42's verbs, interleaved in one run so that machine load
// hits every command alike. Two baselines: `node -e 0`, and the floor — the cheapest Node program
// that reads the same keychain item through the same library (scripts/bench-floor.cjs). Prints
// per command the median, × node and × floor, then peak RSS, `auth status` at scale, and the
// sibling benches (one line each in SIBLINGS below).
//
// Fairness: every measured command runs with an explicit environment WITHOUT NODE_EXTRA_CA_CERTS
// (Node parses that CA bundle at every start: ~30 ms on these machines, FACTS.md), in a private
// D-Bus session with an unlocked gnome-keyring (a real Secret Service).
//
//   BENCH_ROUNDS=60 (≥ 30 for the README table; 60 gives steadier medians) · BENCH_SCALE_ROUNDS=10 · BENCH_SKIP_SIBLINGS=1
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
if (process.env.PORT42_IN_KEYRING_SESSION !== '1') {
  const result = spawnSync(join(root, 'scripts/with-keyring.sh'), [process.execPath, ...process.argv.slice(1)], { stdio: 'inherit' });
  process.exit(result.status ?? 1);
}

const ROUNDS = Number(process.env.BENCH_ROUNDS) || 60;
const SCALE_ROUNDS = Number(process.env.BENCH_SCALE_ROUNDS) || 10;
const bin = join(root, 'bin/port42');
const home = mkdtempSync(join(tmpdir(), 'port42-bench-'));
// Built from scratch, so nothing else leaks in either (NODE_OPTIONS, NODE_EXTRA_CA_CERTS…).
// PATH: a fresh Debian login's, with the directory of the node running the bench in front when it
// is elsewhere (nvm, volta). `#!/usr/bin/env node` searches PATH at every start of port42, so a
// PATH with node far down (this workplace's shells list cargo and pyenv directories first: node
// 9th of 11) costs every port42 row ~0.5–1 ms that the floor, started as `node floor.cjs`, does not
// pay; one row below runs with the shell's own PATH, to show it. Sibling benches get it as BENCH_PATH.
const STANDARD_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
const nodeDir = dirname(process.execPath);
const MEASURED_PATH = STANDARD_PATH.split(':').includes(nodeDir) ? STANDARD_PATH : `${nodeDir}:${STANDARD_PATH}`;
const env = { HOME: home, PATH: MEASURED_PATH, DBUS_SESSION_BUS_ADDRESS: process.env.DBUS_SESSION_BUS_ADDRESS ?? '', LANG: 'C.UTF-8' };

// --- Set-up: one keychain profile, one env profile, 10 keychain profiles, 200 profiles (100 keys).
const configDir = join(home, '.config', 'port42');
mkdirSync(configDir, { recursive: true });
writeFileSync(
  join(configDir, 'config.toml'),
  'store = "keychain"\ndefault = "work"\n\n[profiles.work]\nprovider = "openai"\nmodel = "gpt-4.1"\nmatch = ["https://api.openai.com"]\n\n[profiles.envp]\nprovider = "openai"\nauth = "env"\n',
);
const PROVIDERS = ['openai', 'anthropic', 'groq', 'gemini'];
const profilesConfig = (prefix, count) => {
  let text = 'store = "keychain"\n';
  for (let i = 0; i < count; i++) text += `\n[profiles.${prefix}${i}]\nprovider = "${PROVIDERS[i % 4]}"\n`;
  return text;
};
const tenConfig = join(home, 'ten.toml');
writeFileSync(tenConfig, profilesConfig('s', 10));
const bigConfig = join(home, 'big.toml');
writeFileSync(bigConfig, profilesConfig('p', 200));

const run = (args, extraEnv = {}, input) =>
  execFileSync(args[0], args.slice(1), {
    env: { ...env, ...extraEnv },
    input,
    stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
  });
const login = (profile, configFile, key) =>
  run([bin, 'auth', 'login', profile, '--force'], configFile ? { PORT42_CONFIG: configFile } : {}, key);
login('work', undefined, 'sk-bench-0123456789abcdefghijklmnopqrstuvwxyz');
for (let i = 0; i < 10; i++) login(`s${i}`, tenConfig, `sk-bench-ten-${i}-0123456789abcdef`);

// --- Measuring.
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const spawnCommand = (c) => spawnSync(c.argv[0], c.argv.slice(1), { env: { ...env, ...c.env }, input: c.input ?? '' });

/** A fixed-seed PRNG (mulberry32): the same shuffles in every run of the bench. */
function seededRandom(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The commands in a new order (Fisher–Yates). */
function shuffled(commands, random) {
  const order = [...commands];
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}

/**
 * Runs every command once per round, `rounds` times (after one warm-up each); medians by name.
 * Each round runs them in a new order: a command that starts right after a keychain call shares
 * the two cores with the Secret Service still finishing that call, so a fixed order made some rows
 * (those placed after a keychain command) pay for their neighbours.
 */
function measure(commands, rounds) {
  for (const c of commands) spawnCommand(c); // config cache, page cache
  const times = new Map(commands.map((c) => [c.name, []]));
  const random = seededRandom(42);
  for (let round = 0; round < rounds; round++) {
    for (const c of shuffled(commands, random)) times.get(c.name).push(timedRun(c));
  }
  return new Map([...times].map(([name, xs]) => [name, median(xs)]));
}

/**
 * Runs that failed because gnome-keyring aborted under them (an upstream race, about once in
 * several thousand clients; scripts/with-keyring.sh restarts it) and were run again. At most
 * MAX_RESTARTS per bench: more means something else is wrong.
 */
let rerunAfterRestart = 0;
const MAX_RESTARTS = 3;
const SECRET_SERVICE_GONE = /keychain unavailable|Secret Service|platform storage/;

/** One run's wall time in ms; a run the Secret Service's crash failed is run again, once, after a pause. */
function timedRun(c) {
  for (let attempt = 0; ; attempt++) {
    const start = process.hrtime.bigint();
    const result = spawnCommand(c);
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if ((c.allowExit ?? [0]).includes(result.status)) return ms;
    if (attempt > 0 || rerunAfterRestart >= MAX_RESTARTS || !SECRET_SERVICE_GONE.test(String(result.stderr))) {
      throw new Error(`${c.name} exited ${result.status}: ${result.stderr}`);
    }
    rerunAfterRestart++;
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1000); // the watchdog restarts it within ~0.1 s
  }
}

function printTable(commands, medians) {
  const node = medians.get(NODE.name);
  const floor = medians.get(FLOOR.name);
  console.log('| command | median ms | × node -e 0 | × floor |');
  console.log('|---|---:|---:|---:|');
  for (const c of commands) {
    const m = medians.get(c.name);
    console.log(`| ${c.name} | ${m.toFixed(1)} | ${(m / node).toFixed(2)} | ${(m / floor).toFixed(2)} |`);
  }
}

/** Where `env` finds node in the shell's PATH: "k of n". */
function pathPosition() {
  const dirs = (process.env.PATH ?? '').split(':');
  const found = dirs.findIndex((dir) => existsSync(join(dir || '.', 'node')));
  return `${found + 1} of ${dirs.length}`;
}

const NODE = { name: 'node -e 0', argv: [process.execPath, '-e', '0'] };
const FLOOR = {
  name: 'floor: keyring read (scripts/bench-floor.cjs)',
  argv: [process.execPath, join(root, 'scripts/bench-floor.cjs'), 'work'],
};
const commands = [
  NODE,
  FLOOR,
  { name: 'auth token work (key in the keychain)', argv: [bin, 'auth', 'token', 'work'] },
  // The same verb without the keychain: port42's own share of the start-up.
  {
    name: 'auth token envp (env profile, no keychain)',
    argv: [bin, 'auth', 'token', 'envp'],
    env: { OPENAI_API_KEY: 'sk-bench-env-0123456789' },
  },
  { name: 'env work --shell bash', argv: [bin, 'env', 'work', '--shell', 'bash'] },
  // As the floor runs: `node <file>`, without the `#!/usr/bin/env node` exec that every installed
  // Node CLI pays (a second execve and a PATH search). For reading the rows above, not a target.
  { name: 'auth token work, run as `node bin/port42` (like the floor)', argv: [process.execPath, bin, 'auth', 'token', 'work'] },
  { name: 'env work --shell bash, run as `node bin/port42`', argv: [process.execPath, bin, 'env', 'work', '--shell', 'bash'] },
  // The same call with the shell's own PATH, whatever it is (see MEASURED_PATH above).
  {
    name: `auth token work, with this shell's PATH (node in entry ${pathPosition()})`,
    argv: [bin, 'auth', 'token', 'work'],
    env: { PATH: process.env.PATH ?? '' },
  },
  { name: 'helper get (git protocol, stdin)', argv: [bin, 'helper', 'get'], input: 'protocol=https\nhost=api.openai.com\n\n' },
  { name: '--version', argv: [bin, '--version'] },
  { name: 'auth status (10 keychain profiles)', argv: [bin, 'auth', 'status'], env: { PORT42_CONFIG: tenConfig } },
  { name: 'profile use (write config)', argv: [bin, 'profile', 'use', 'work'] },
];
console.log(
  `port42 bench — node ${process.version}, NODE_EXTRA_CA_CERTS removed from every measured command's environment, PATH=${MEASURED_PATH}`,
);
console.log(`${ROUNDS} interleaved rounds (each in a new order), medians; real Secret Service in a private D-Bus session\n`);
printTable(commands, measure(commands, ROUNDS));

const peakRss = (c) => {
  const rss = [];
  for (let i = 0; i < 5; i++) {
    const out = spawnSync('/usr/bin/time', ['-f', '%M', ...c.argv], { env: { ...env, ...c.env }, stdio: ['ignore', 'ignore', 'pipe'] });
    rss.push(Number(out.stderr.toString().trim().split('\n').pop()));
  }
  return median(rss) / 1024;
};
const [nodeRss, floorRss, tokenRss] = [NODE, FLOOR, commands[2]].map(peakRss);
console.log(
  `\npeak RSS (MiB): node -e 0 ${nodeRss.toFixed(1)}, floor ${floorRss.toFixed(1)}, auth token ${tokenRss.toFixed(1)} (${(tokenRss / nodeRss).toFixed(2)}× node)`,
);

// --- Status at scale: 100 more keys in the keychain (so measured after the table above, whose
// status row must see only its own 10 items), 200 profiles.
for (let i = 0; i < 200; i += 2) login(`p${i}`, bigConfig, `sk-ant-bench-${i}-0123456789abcdef`);
const scale = [
  NODE,
  FLOOR,
  {
    name: 'auth status (200 profiles, 100 keys in the keychain)',
    argv: [bin, 'auth', 'status'],
    env: { PORT42_CONFIG: bigConfig },
    allowExit: [0, 4],
  },
];
console.log(`\nauth status at scale — ${SCALE_ROUNDS} interleaved rounds\n`);
printTable(scale, measure(scale, SCALE_ROUNDS));
rmSync(home, { recursive: true, force: true });
if (rerunAfterRestart > 0) {
  console.log(`\n${rerunAfterRestart} run(s) failed when gnome-keyring aborted under them and were run again (scripts/with-keyring.sh)`);
}

// --- Sibling benches: each prints its own section. They run in this keyring session with the same
// fair environment (NODE_EXTRA_CA_CERTS removed) and BENCH_ROUNDS. To add one, add ONE line:
// [title, script under scripts/ (.mjs runs with node, .mts with tsx), ...args].
const SIBLINGS = [
  ['OAuth refresh (real oidc-provider on 127.0.0.1, encrypted file store)', 'bench-refresh.mts', String(Math.min(ROUNDS, 15))],
  ['Secretless proxy (port42 proxy / exec --proxy against a loopback SSE upstream)', 'bench-proxy.mjs'],
  ['Unlock agent (auth token on a file-store profile through the agent; no D-Bus session)', 'bench-agent.mjs'],
];
if (process.env.BENCH_SKIP_SIBLINGS !== '1') {
  const siblingEnv = { ...process.env, BENCH_ROUNDS: String(ROUNDS), BENCH_PATH: MEASURED_PATH };
  delete siblingEnv.NODE_EXTRA_CA_CERTS;
  for (const [title, script, ...args] of SIBLINGS) {
    console.log(`\n${title}:`);
    const runner = script.endsWith('.mts') ? [join(root, 'node_modules/.bin/tsx')] : [process.execPath];
    const result = spawnSync(runner[0], [...runner.slice(1), join(root, 'scripts', script), ...args], {
      stdio: 'inherit',
      cwd: root,
      env: siblingEnv,
    });
    if (result.status !== 0) {
      console.log(`(${script} exited ${result.status})`);
      process.exitCode = 1;
    }
  }
}
