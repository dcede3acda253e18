// `npm test`: builds, then runs vitest inside a private Secret Service session when gnome-keyring
// and dbus are installed (real keychain tests), and ends with a plain `N passed, N failed` line.
// PORT42_REQUIRE_REAL=1 (set by .ci/run) turns every skipped real-component test into a failure.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const run = (cmd, args, env = process.env) => spawnSync(cmd, args, { stdio: 'inherit', cwd: root, env }).status ?? 1;

if (run(process.execPath, [join(root, 'scripts/build.mjs')]) !== 0) process.exit(1);

const has = (program) => spawnSync('sh', ['-c', `command -v ${program}`], { stdio: 'ignore' }).status === 0;
const reportDir = mkdtempSync(join(tmpdir(), 'port42-report-'));
const report = join(reportDir, 'vitest.json');
const vitest = [
  join(root, 'node_modules/vitest/vitest.mjs'),
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${report}`,
  ...process.argv.slice(2),
];
let status;
if (process.env.PORT42_IN_KEYRING_SESSION === '1' || !(has('dbus-run-session') && has('gnome-keyring-daemon'))) {
  if (process.env.PORT42_IN_KEYRING_SESSION !== '1')
    console.error('npm test: gnome-keyring or dbus is not installed: keychain tests will skip (see README "Tests")');
  status = run(process.execPath, vitest);
} else {
  status = run(join(root, 'scripts/with-keyring.sh'), [process.execPath, ...vitest]);
}
let passed = 0;
let failed = 0;
if (existsSync(report)) {
  const data = JSON.parse(readFileSync(report, 'utf8'));
  passed = data.numPassedTests ?? 0;
  // A file that failed without a failing test (an import error, a crash in a hook) counts once;
  // numFailedTestSuites would also count every describe block around a failed test.
  const brokenFiles = (data.testResults ?? []).filter(
    (file) => file.status === 'failed' && !(file.assertionResults ?? []).some((t) => t.status === 'failed'),
  ).length;
  failed = (data.numFailedTests ?? 0) + brokenFiles;
} else {
  failed = 1;
}
rmSync(reportDir, { recursive: true, force: true });
if (status !== 0 && failed === 0) failed = 1;
console.log(`${passed} passed, ${failed} failed`);
process.exit(status === 0 && failed === 0 ? 0 : 1);
