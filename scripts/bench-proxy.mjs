// Benchmark of secretless mode (issue 8), through the real executable: `bin/port42 proxy` in front
// of a loopback upstream that streams SSE, against the same upstream reached directly, same run.
//   - added time to first byte (p50, p99) over ≥ 200 interleaved requests;
//   - delay of each SSE event from the upstream's write to the client's read (no batching);
//   - 100 concurrent streaming requests;
//   - a 100 MB request body and a 100 MB response, with the proxy's RSS growth (back-pressure);
//   - `exec --proxy -- true` start-up against plain `exec -- true`.
//   npm run build && node scripts/bench-proxy.mjs        (BENCH_ROUNDS scales the start-up runs)
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, createServer, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const bin = join(root, 'bin/port42');
const KEY = 'sk-bench-proxy-0123456789abcdef';
const MB = 1024 * 1024;

// --- upstream: SSE with timestamps, a sink for big bodies, a big body source ---------------------
const upstream = createServer((req, res) => {
  const path = req.url.split('?')[0];
  if (req.headers.authorization !== `Bearer ${KEY}`) return void res.writeHead(401).end();
  if (path === '/v1/sink') {
    let n = 0;
    req.on('data', (c) => (n += c.length));
    req.on('end', () => res.end(String(n)));
    return;
  }
  if (path === '/v1/big') {
    const chunk = Buffer.alloc(64 * 1024, 97);
    let left = 100 * MB;
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(left) });
    const pump = () => {
      while (left > 0) {
        left -= chunk.length;
        if (!res.write(chunk)) return void res.once('drain', pump);
      }
      res.end();
    };
    return pump();
  }
  const url = new URL(req.url, 'http://x');
  const events = Number(url.searchParams.get('events') ?? 1);
  const gap = Number(url.searchParams.get('gap') ?? 0);
  req.resume();
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  res.flushHeaders();
  let i = 0;
  const send = () => {
    res.write(`event: tick\ndata: ${performance.timeOrigin + performance.now()}\n\n`);
    if (++i >= events) return void res.end();
    setTimeout(send, gap);
  };
  send();
});
upstream.keepAliveTimeout = 65_000;
await new Promise((r) => upstream.listen(0, '127.0.0.1', r));
const upstreamPort = upstream.address().port;

// --- port42 proxy in a sandbox ---------------------------------------------------------------------
const home = mkdtempSync(join(tmpdir(), 'port42-bench-proxy-'));
mkdirSync(join(home, '.config/port42'), { recursive: true });
writeFileSync(
  join(home, '.config/port42/config.toml'),
  `[profiles.bench]\nprovider = "openai"\nauth = "env"\nfrom_env = "BENCH_KEY"\nbase_url = "http://127.0.0.1:${upstreamPort}/v1"\n`,
);
const env = { HOME: home, PATH: process.env.BENCH_PATH ?? process.env.PATH, LANG: 'C.UTF-8', BENCH_KEY: KEY };
const proxy = spawn(bin, ['proxy', 'bench', '--shell', 'json'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
let err = '';
proxy.stderr.setEncoding('utf8').on('data', (d) => (err += d));
let out = '';
proxy.stdout.setEncoding('utf8').on('data', (d) => (out += d));
for (let i = 0; i < 200 && !out.includes('}\n'); i++) await new Promise((r) => setTimeout(r, 25));
if (!out.includes('}\n')) throw new Error(`port42 proxy did not start: ${err}`);
const exportsJson = JSON.parse(out);
const proxyPort = Number(new URL(exportsJson.OPENAI_BASE_URL).port);
const placeholder = exportsJson.OPENAI_API_KEY;

const agent = new Agent({ keepAlive: true, maxSockets: 200 });
const targets = {
  direct: { port: upstreamPort, auth: `Bearer ${KEY}` },
  proxy: { port: proxyPort, auth: `Bearer ${placeholder}` },
};
function call(target, path, { body, onData } = {}) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = request({
      host: '127.0.0.1',
      port: target.port,
      path,
      method: body ? 'POST' : 'GET',
      agent,
      headers: { host: `127.0.0.1:${target.port}`, authorization: target.auth },
    });
    req.on('response', (res) => {
      let ttfb;
      res.on('data', (c) => {
        ttfb ??= performance.now() - started;
        onData?.(c);
      });
      res.on('end', () => resolve({ status: res.statusCode, ttfb, total: performance.now() - started }));
    });
    req.on('error', reject);
    if (body) body(req);
    else req.end();
  });
}
const pct = (values, p) => {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const f = (n) => n.toFixed(2);
const rssKb = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${proxy.pid}/status`, 'utf8'))[1]);

// --- 1. time to first byte --------------------------------------------------------------------------
const N = 300;
const ttfb = { direct: [], proxy: [] };
for (let i = 0; i < 20; i++) for (const t of Object.values(targets)) await call(t, '/v1/sse?events=1'); // warm
for (let i = 0; i < N; i++)
  for (const [name, t] of i % 2 ? Object.entries(targets) : Object.entries(targets).reverse())
    ttfb[name].push((await call(t, '/v1/sse?events=1')).ttfb);
console.log(`time to first byte, ${N} requests each, interleaved (ms)`);
console.log(`  direct p50 ${f(pct(ttfb.direct, 50))}  p99 ${f(pct(ttfb.direct, 99))}`);
console.log(`  proxy  p50 ${f(pct(ttfb.proxy, 50))}  p99 ${f(pct(ttfb.proxy, 99))}`);
console.log(
  `  added  p50 ${f(pct(ttfb.proxy, 50) - pct(ttfb.direct, 50))}  p99 ${f(pct(ttfb.proxy, 99) - pct(ttfb.direct, 99))}   (targets ≤ 1 ms, ≤ 5 ms)`,
);

// --- 2. SSE event delay --------------------------------------------------------------------------------
const delays = [];
let buffered = '';
await call(targets.proxy, '/v1/sse?events=300&gap=10', {
  onData: (c) => {
    const now = performance.timeOrigin + performance.now();
    buffered += c.toString('utf8');
    const parts = buffered.split('\n\n');
    buffered = parts.pop();
    for (const part of parts) delays.push(now - Number(/data: (.+)/.exec(part)[1]));
  },
});
console.log(`SSE events through the proxy: ${delays.length} events 10 ms apart, delay from write to read (ms)`);
console.log(`  p50 ${f(pct(delays, 50))}  p99 ${f(pct(delays, 99))}  max ${f(Math.max(...delays))}   (target ≤ 5 ms each)`);

// --- 3. 100 concurrent streams ----------------------------------------------------------------------
const started = performance.now();
const results = await Promise.all(Array.from({ length: 100 }, () => call(targets.proxy, '/v1/sse?events=20&gap=5')));
const ok = results.filter((r) => r.status === 200).length;
console.log(`100 concurrent streams of 20 events: ${ok}/100 completed in ${f(performance.now() - started)} ms`);

// --- 4. 100 MB each way, RSS of the proxy ---------------------------------------------------------------
const base = rssKb();
let peak = base;
const sampler = setInterval(() => (peak = Math.max(peak, rssKb())), 20);
const chunk = Buffer.alloc(MB, 98);
const up = await call(targets.proxy, '/v1/sink', {
  body: (req) => {
    let left = 100;
    const pump = () => {
      while (left > 0) {
        left--;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      req.end();
    };
    pump();
  },
});
let downBytes = 0;
const down = await call(targets.proxy, '/v1/big', { onData: (c) => (downBytes += c.length) });
clearInterval(sampler);
console.log(
  `100 MB up (${up.status}, ${f(up.total)} ms) and 100 MB down (${downBytes === 100 * MB ? 'complete' : downBytes}, ${f(down.total)} ms): proxy RSS ${Math.round(base / 1024)} → peak ${Math.round(peak / 1024)} MB (growth ${f((peak - base) / 1024)} MB; target ≤ 50)`,
);
proxy.kill('SIGTERM');
await new Promise((r) => proxy.on('close', r));

// --- 5. exec --proxy start-up ------------------------------------------------------------------------------
const ROUNDS = Number(process.env.BENCH_ROUNDS) || 30;
const times = { 'exec bench -- true': [], 'exec --proxy bench -- true': [] };
const argvs = {
  'exec bench -- true': ['exec', 'bench', '--', 'true'],
  'exec --proxy bench -- true': ['exec', '--proxy', 'bench', '--', 'true'],
};
for (let i = 0; i < ROUNDS + 2; i++)
  for (const [name, argv] of Object.entries(argvs)) {
    const t0 = performance.now();
    const r = spawnSync(bin, argv, { env, stdio: 'ignore' });
    if (r.status !== 0) throw new Error(`${name} exited ${r.status}`);
    if (i >= 2) times[name].push(performance.now() - t0);
  }
const plain = pct(times['exec bench -- true'], 50);
const proxied = pct(times['exec --proxy bench -- true'], 50);
console.log(
  `start-up, ${ROUNDS} interleaved runs (medians): exec -- true ${f(plain)} ms, exec --proxy -- true ${f(proxied)} ms = ${f(proxied / plain)}× (target ≤ 1.5×)`,
);

agent.destroy();
upstream.close();
rmSync(home, { recursive: true, force: true });
