// `npm run bench`: start-up cost of the hot verbs against `node -e 0`, interleaved in one run so
// that machine load hits every command alike. Prints medians, ratios and peak RSS.
// Runs itself inside a private D-Bus session with an unlocked gnome-keyring (real Secret Service).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
if (process.env.PORT42_IN_KEYRING_SESSION !== '1') {
  const result = spawnSync(join(root, 'scripts/with-keyring.sh'), [process.execPath, ...process.argv.slice(1)], { stdio: 'inherit' });
  process.exit(result.status ?? 1);
}

const ROUNDS = Number(process.env.BENCH_ROUNDS) || 30;
const bin = join(root, 'bin/port42');
const home = mkdtempSync(join(tmpdir(), 'port42-bench-'));
const env = { HOME: home, PATH: process.env.PATH, DBUS_SESSION_BUS_ADDRESS: process.env.DBUS_SESSION_BUS_ADDRESS ?? '', LANG: 'C.UTF-8' };
const configDir = join(home, '.config', 'port42');
mkdirSync(configDir, { recursive: true });
writeFileSync(
  join(configDir, 'config.toml'),
  'store = "keychain"\ndefault = "work"\n\n[profiles.work]\nprovider = "openai"\nmodel = "gpt-4.1"\nmatch = ["https://api.openai.com"]\n\n[profiles.envp]\nprovider = "openai"\nauth = "env"\n',
);
const bigConfig = join(home, 'big.toml');
let big = 'store = "keychain"\n';
for (let i = 0; i < 200; i++) big += `\n[profiles.p${i}]\nprovider = "${['openai', 'anthropic', 'groq', 'gemini'][i % 4]}"\n`;
writeFileSync(bigConfig, big);

const run = (args, extraEnv = {}, input) =>
  execFileSync(args[0], args.slice(1), {
    env: { ...env, ...extraEnv },
    input,
    stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
  });
run([bin, 'auth', 'login', 'work'], {}, 'sk-bench-0123456789abcdefghijklmnopqrstuvwxyz');
for (let i = 0; i < 200; i += 2)
  run([bin, 'auth', 'login', `p${i}`, '--force'], { PORT42_CONFIG: bigConfig }, `sk-ant-bench-${i}-0123456789abcdef`);

const commands = [
  { name: 'node -e 0', argv: [process.execPath, '-e', '0'] },
  { name: 'auth token work', argv: [bin, 'auth', 'token', 'work'] },
  // The same verb without the keychain: port42's own share of the start-up.
  {
    name: 'auth token (env profile, no keychain)',
    argv: [bin, 'auth', 'token', 'envp'],
    env: { OPENAI_API_KEY: 'sk-bench-env-0123456789' },
  },
  { name: 'env work --shell bash', argv: [bin, 'env', 'work', '--shell', 'bash'] },
  { name: 'helper get (git protocol)', argv: [bin, 'helper', 'get'], input: 'protocol=https\nhost=api.openai.com\n\n' },
  { name: 'auth status (200 profiles)', argv: [bin, 'auth', 'status'], env: { PORT42_CONFIG: bigConfig }, allowExit: [0, 4] },
  { name: 'profile use (write config)', argv: [bin, 'profile', 'use', 'work'] },
];
// Warm the config cache and the page cache once.
for (const c of commands) spawnSync(c.argv[0], c.argv.slice(1), { env: { ...env, ...c.env }, input: c.input ?? '' });

const times = new Map(commands.map((c) => [c.name, []]));
for (let round = 0; round < ROUNDS; round++) {
  for (const c of commands) {
    const start = process.hrtime.bigint();
    const result = spawnSync(c.argv[0], c.argv.slice(1), { env: { ...env, ...c.env }, input: c.input ?? '' });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (!(c.allowExit ?? [0]).includes(result.status)) throw new Error(`${c.name} exited ${result.status}: ${result.stderr}`);
    times.get(c.name).push(ms);
  }
}
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const peakRss = (argv, extraEnv = {}) => {
  const rss = [];
  for (let i = 0; i < 5; i++) {
    const out = spawnSync('/usr/bin/time', ['-f', '%M', ...argv], {
      env: { ...env, ...extraEnv },
      stdio: ['ignore', 'ignore', 'pipe'],
    }).stderr.toString();
    rss.push(Number(out.trim().split('\n').pop()));
  }
  return median(rss);
};
const base = median(times.get('node -e 0'));
console.log(`port42 bench — ${ROUNDS} interleaved rounds, medians (node ${process.version})\n`);
console.log('| command | median ms | × node -e 0 |');
console.log('|---|---:|---:|');
for (const c of commands) {
  const m = median(times.get(c.name));
  console.log(`| ${c.name} | ${m.toFixed(1)} | ${(m / base).toFixed(2)} |`);
}
const nodeRss = peakRss([process.execPath, '-e', '0']);
const tokenRss = peakRss([bin, 'auth', 'token', 'work']);
console.log(
  `\npeak RSS: node -e 0 ${(nodeRss / 1024).toFixed(1)} MiB, auth token ${(tokenRss / 1024).toFixed(1)} MiB (${(tokenRss / nodeRss).toFixed(2)}×)`,
);
rmSync(home, { recursive: true, force: true });

// The OAuth refresh path: one refresh_token grant per run against the loopback OIDC server.
if (process.env.BENCH_SKIP_REFRESH !== '1') {
  console.log('\nOAuth refresh (real oidc-provider on 127.0.0.1, encrypted file store):');
  const refresh = spawnSync(join(root, 'node_modules/.bin/tsx'), [join(root, 'scripts/bench-refresh.mts'), String(Math.min(ROUNDS, 15))], {
    stdio: 'inherit',
    cwd: root,
  });
  if (refresh.status !== 0) process.exitCode = 1;
}
