import { execFileSync } from 'node:child_process';

/**
 * Real-component tests skip with a printed reason when their program is missing, unless
 * PORT42_REQUIRE_REAL=1 (set by .ci/run): then a missing component fails the run.
 */
export const REQUIRE_REAL = process.env.PORT42_REQUIRE_REAL === '1';

/** Full path of a program on PATH, or undefined. */
export function whichProgram(program: string): string | undefined {
  try {
    const out = execFileSync('sh', ['-c', 'command -v "$1"', 'sh', program], { encoding: 'utf8' }).trim();
    return out === '' ? undefined : out;
  } catch {
    return undefined;
  }
}

/**
 * Decides whether a real-component suite runs. Returns true to run; false (after printing why)
 * to skip; throws when skipping is forbidden in CI.
 */
export function realComponentAvailable(component: string, missingReason: string | undefined): boolean {
  if (missingReason === undefined) return true;
  const message = `[real component] ${component} skipped: ${missingReason}`;
  if (REQUIRE_REAL) throw new Error(`${message} (PORT42_REQUIRE_REAL=1 forbids skipping)`);
  process.stderr.write(message + '\n');
  return false;
}

/** True when every named program is on PATH; otherwise prints a reason (or throws in CI). */
export function programsAvailable(component: string, ...programs: string[]): boolean {
  const missing = programs.filter((p) => whichProgram(p) === undefined);
  return realComponentAvailable(component, missing.length ? `not on PATH: ${missing.join(', ')}` : undefined);
}
