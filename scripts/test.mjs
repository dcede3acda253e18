// `npm test`: builds, then runs vitest inside a private Secret Service session when gnome-keyring
// and dbus are installed (real keychain tests), and ends with a plain `N passed, N failed` line.
// PORT42_REQUIRE_REAL=1 (set by .ci/run) turns every skipped real-component test into a failure.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const run = (cmd, args, env = process.env) => spawnSync(cmd, args, { stdio: 'inherit', cwd: root, env }).status ?? 1;

if (run(process.execPath, [join(root, 'scripts/build.mjs')]) !== 0) process.exit(1);

const has = (program) => spawnSync('sh', ['-c', `command -v ${program}`], { stdio: 'ignore' }).status === 0;
const reportDir = mkdtempSync(join(tmpdir(), 'port42-report-'));
// scripts/with-keyring.sh logs here each time it restarted gnome-keyring after an abort.
const restartLog = join(reportDir, 'keyring-restarts.log');
const inSession = process.env.PORT42_IN_KEYRING_SESSION === '1';
const withKeyring = inSession || (has('dbus-run-session') && has('gnome-keyring-daemon'));
if (!withKeyring) console.error('npm test: gnome-keyring or dbus is not installed: keychain tests will skip (see README "Tests")');

/** Runs vitest on `args` (in a private keyring session when there can be one); its exit status and JSON report. */
function vitest(args, name) {
  const report = join(reportDir, name);
  const argv = [
    join(root, 'node_modules/vitest/vitest.mjs'),
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${report}`,
    ...args,
  ];
  const status =
    inSession || !withKeyring
      ? run(process.execPath, argv)
      : run(join(root, 'scripts/with-keyring.sh'), [process.execPath, ...argv], { ...process.env, PORT42_KEYRING_RESTART_LOG: restartLog });
  return { status, data: existsSync(report) ? JSON.parse(readFileSync(report, 'utf8')) : undefined };
}

/**
 * Passed and failed tests per file of a vitest JSON report. A file that failed without a failing
 * test (an import error, a crash in a hook) counts once; numFailedTestSuites would also count every
 * describe block around a failed test.
 */
function byFile(data) {
  return new Map(
    (data.testResults ?? []).map((file) => {
      const tests = file.assertionResults ?? [];
      const failedTests = tests.filter((t) => t.status === 'failed').length;
      const broken = file.status === 'failed' && failedTests === 0 ? 1 : 0;
      return [file.name, { passed: tests.filter((t) => t.status === 'passed').length, failed: failedTests + broken }];
    }),
  );
}

const first = vitest(process.argv.slice(2), 'vitest.json');
let status = first.status;
let files = first.data ? byFile(first.data) : undefined;
const restarts = existsSync(restartLog) ? readFileSync(restartLog, 'utf8').trim().split('\n').filter(Boolean).length : 0;
const failedFiles = files ? [...files].filter(([, counts]) => counts.failed > 0).map(([name]) => name) : [];
// gnome-keyring aborts now and then (scripts/with-keyring.sh): only when it did, the files that
// failed run once more, in a new session, and their second results stand.
if (restarts > 0 && failedFiles.length > 0 && failedFiles.length <= 10) {
  console.log(
    `\nnpm test: gnome-keyring aborted ${restarts} time(s) during the run; running the ${failedFiles.length} failed file(s) again:`,
  );
  for (const name of failedFiles) console.log(`  ${relative(root, name)}`);
  const again = vitest(failedFiles, 'vitest-again.json');
  if (again.data) {
    for (const [name, counts] of byFile(again.data)) files.set(name, counts);
    status = [...files.values()].every((counts) => counts.failed === 0) ? again.status : 1;
  }
}
let passed = 0;
let failed = 0;
if (files) {
  for (const counts of files.values()) {
    passed += counts.passed;
    failed += counts.failed;
  }
} else {
  failed = 1;
}
rmSync(reportDir, { recursive: true, force: true });
if (status !== 0 && failed === 0) failed = 1;
console.log(`${passed} passed, ${failed} failed`);
process.exit(status === 0 && failed === 0 ? 0 : 1);
