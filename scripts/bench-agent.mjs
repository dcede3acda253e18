// Benchmark of the unlock agent (issue 12), through the real executable on a headless set-up (no
// D-Bus session, store = "file"): `auth token` through the agent against `node -e 0` (target ≤ 1.3×)
// and against the same call paying scrypt with PORT42_PASSPHRASE, interleaved in one run.
// NODE_EXTRA_CA_CERTS is not passed to any measured command (FACTS.md).
//   npm run build && node scripts/bench-agent.mjs        (BENCH_ROUNDS, default 30)
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';

const root = resolve(import.meta.dirname, '..');
const bin = join(root, 'bin/port42');
const ROUNDS = Number(process.env.BENCH_ROUNDS) || 30;
const home = mkdtempSync(join(tmpdir(), 'port42-bench-agent-'));
const passphrase = randomBytes(12).toString('hex');
const env = {
  HOME: home,
  PATH: process.env.BENCH_PATH ?? process.env.PATH,
  LANG: 'C.UTF-8',
  DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/port42-bench',
};
mkdirSync(join(home, '.config', 'port42'), { recursive: true });
writeFileSync(
  join(home, '.config', 'port42', 'config.toml'),
  'store = "file"\ndefault = "work"\n\n[profiles.work]\nprovider = "openai"\n\n[profiles.envp]\nprovider = "openai"\nauth = "env"\n',
);

const run = (args, input, extraEnv = {}) =>
  execFileSync(bin, args, { env: { ...env, ...extraEnv }, input, stdio: ['pipe', 'pipe', 'pipe'] });
run(['unlock', '--idle', '10m'], passphrase);
try {
  run(['auth', 'login', 'work'], 'sk-bench-agent-0123456789abcdefghijklmnop');
  const commands = [
    { name: 'node -e 0', argv: [process.execPath, '-e', '0'] },
    // port42's own start-up with no store at all: what the agent adds is the difference.
    {
      name: 'auth token (env profile, no store)',
      argv: [bin, 'auth', 'token', 'envp'],
      env: { OPENAI_API_KEY: 'sk-bench-env-0123456789' },
    },
    { name: 'auth token (file store, through the agent)', argv: [bin, 'auth', 'token', 'work'] },
    { name: 'env --shell bash (file store, through the agent)', argv: [bin, 'env', 'work', '--shell', 'bash'] },
    {
      name: 'auth token (file store, PORT42_PASSPHRASE: scrypt each call)',
      argv: [bin, 'auth', 'token', 'work'],
      env: { PORT42_PASSPHRASE: passphrase },
    },
  ];
  for (const c of commands) spawnSync(c.argv[0], c.argv.slice(1), { env: { ...env, ...c.env } }); // warm caches
  const times = new Map(commands.map((c) => [c.name, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const c of commands) {
      const start = process.hrtime.bigint();
      const result = spawnSync(c.argv[0], c.argv.slice(1), { env: { ...env, ...c.env } });
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      if (result.status !== 0) throw new Error(`${c.name} exited ${result.status}: ${result.stderr}`);
      times.get(c.name).push(ms);
    }
  }
  const median = (xs) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  };
  const base = median(times.get('node -e 0'));
  console.log(`${ROUNDS} interleaved rounds, medians\n`);
  console.log('| command | median ms | × node -e 0 |\n|---|---:|---:|');
  for (const c of commands) {
    const m = median(times.get(c.name));
    console.log(`| ${c.name} | ${m.toFixed(1)} | ${(m / base).toFixed(2)} |`);
  }
  const ratio = median(times.get('auth token (file store, through the agent)')) / base;
  console.log(`\nauth token through the agent: ${ratio.toFixed(2)}× node -e 0 (target ≤ 1.30×: ${ratio <= 1.3 ? 'met' : 'NOT met'})`);
} finally {
  spawnSync(bin, ['lock'], { env });
  rmSync(home, { recursive: true, force: true });
}
