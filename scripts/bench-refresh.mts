// Benchmark: one OAuth refresh through the real executable. Starts the test OIDC server, logs a
// profile in (encrypted file store in a sandbox HOME), then N times: expires the stored access
// token and times `bin/port42 auth token gw`, which must do exactly one refresh_token grant. The
// same number of runs on a fresh token (no refresh) gives the same-run ratio.
//
//   npm run build && npx tsx scripts/bench-refresh.mts [runs]     (default 15; PORT42_BENCH_RUNS too)
import { spawn } from 'node:child_process';
import { createSandbox, PORT42_BIN } from '../test/support/cli.ts';
import { startOidcServer } from '../test/support/oidc/server.ts';
import { expireAccessToken, oauthConfig, PASSPHRASE, PROFILE, sandboxStore, seedSandboxLogin } from '../test/oauth/helpers.ts';

const runs = Number(process.argv[2] ?? process.env.PORT42_BENCH_RUNS ?? 15);
if (!Number.isInteger(runs) || runs < 1) throw new Error('runs must be a positive integer');

function timeTokenRun(env: Record<string, string>, cwd: string): Promise<{ ms: number; code: number | null; stdout: string }> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(PORT42_BIN, ['auth', 'token', PROFILE], { env, cwd, stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
    child.once('error', reject);
    child.once('close', (code) => resolve({ ms: Number(process.hrtime.bigint() - started) / 1e6, code, stdout }));
  });
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

const server = await startOidcServer();
const sandbox = createSandbox({ PORT42_PASSPHRASE: PASSPHRASE });
try {
  sandbox.writeConfig(oauthConfig(server.issuer));
  await seedSandboxLogin(sandbox, server);
  const store = sandboxStore(sandbox);
  // Warm-up (config cache, page cache), not counted.
  await expireAccessToken(store);
  await timeTokenRun(sandbox.env, sandbox.home);

  const refreshMs: number[] = [];
  const freshMs: number[] = [];
  for (let i = 0; i < runs; i++) {
    await expireAccessToken(store);
    const before = server.grants().refresh_token ?? 0;
    const refreshed = await timeTokenRun(sandbox.env, sandbox.home);
    const grants = (server.grants().refresh_token ?? 0) - before;
    if (refreshed.code !== 0 || grants !== 1)
      throw new Error(`run ${i + 1}: exit ${refreshed.code}, ${grants} refresh grants (expected 0 and 1)`);
    refreshMs.push(refreshed.ms);

    const fresh = await timeTokenRun(sandbox.env, sandbox.home);
    if (fresh.code !== 0 || fresh.stdout !== refreshed.stdout)
      throw new Error(`run ${i + 1}: the fresh-token run did not print the refreshed token`);
    freshMs.push(fresh.ms);
  }
  const withRefresh = median(refreshMs);
  const without = median(freshMs);
  console.log(`oauth refresh via \`port42 auth token\` (encrypted file store, ${runs} runs):`);
  console.log(`  with one refresh   median ${withRefresh.toFixed(1)} ms`);
  console.log(`  fresh token        median ${without.toFixed(1)} ms`);
  console.log(
    `  refresh / fresh    ${(withRefresh / without).toFixed(2)}x  (+${(withRefresh - without).toFixed(1)} ms for discovery + refresh + store write)`,
  );
} finally {
  sandbox.cleanup();
  await server.close();
}
