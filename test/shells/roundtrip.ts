import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { EnvChange, Shell } from '../../src/shells/types.ts';
import { programsAvailable } from '../support/real-component.ts';
import { asChanges, nastyValues, randomValues, readEnvDump, run, scratch, SEED, show, type Scratch } from './harness.ts';

/** How to make one real shell evaluate a code file the documented way and dump its environment. */
export interface Evaluator {
  readonly label: string;
  readonly shell: Shell;
  readonly program: string;
  /** Arguments for the program; `code` and `out` are absolute paths with no quotes in them. */
  argv(code: string, out: string): string[];
  /** Optional text on stdin, for interactive shells that read commands from it. */
  stdin?(code: string, out: string): string;
}

/** A small, fixed environment, so rc files and the caller's variables cannot interfere. */
export function cleanEnv(sc: Scratch, locale: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: sc.dir,
    XDG_CONFIG_HOME: sc.dir,
    XDG_DATA_HOME: sc.dir,
    LC_ALL: locale,
    ...extra,
  };
}

/** Renders `changes`, has the real shell evaluate them, and returns the environment it exported. */
export function evaluate(
  ev: Evaluator,
  changes: readonly EnvChange[],
  sc: Scratch,
  locale: string,
  extra: Record<string, string> = {},
): Map<string, string> {
  const code = sc.file(`code-${ev.label}`, ev.shell.render(changes));
  const out = join(sc.dir, `out-${ev.label}`);
  const input = ev.stdin?.(code, out);
  run(ev.program, ev.argv(code, out), { env: cleanEnv(sc, locale, extra), cwd: sc.dir, ...(input === undefined ? {} : { input }) });
  return readEnvDump(out);
}

/** Asserts that every value comes back byte for byte and that no canary fired. */
export function expectRoundTrip(ev: Evaluator, values: readonly string[], sc: Scratch, locale = 'C.UTF-8'): void {
  const changes = asChanges(values);
  const env = evaluate(ev, changes, sc, locale);
  const wrong = changes
    .filter(({ name, value }) => env.get(name) !== value)
    .map(({ name, value }) => `${name}: sent ${show(value)}, got ${show(env.get(name))}`);
  const summary = wrong.length > 8 ? [...wrong.slice(0, 8), `…and ${wrong.length - 8} more`] : wrong;
  expect(summary, `${ev.label} (${locale}), PORT42_SHELL_SEED=${SEED}`).toEqual([]);
  expect(sc.canaryFired(), `${ev.label} ran injected code`).toBe(false);
}

/** Asserts that a removal takes away both an inherited variable and one set earlier in the same code. */
export function expectUnset(ev: Evaluator, sc: Scratch): void {
  const changes: EnvChange[] = [
    { name: 'INHERITED', value: null },
    { name: 'NEVER_SET', value: null },
    { name: 'SET_THEN_UNSET', value: 'x' },
    { name: 'SET_THEN_UNSET', value: null },
    { name: 'KEPT', value: 'kept' },
  ];
  const env = evaluate(ev, changes, sc, 'C.UTF-8', { INHERITED: 'inherited' });
  expect([env.get('INHERITED'), env.get('NEVER_SET'), env.get('SET_THEN_UNSET'), env.get('KEPT')]).toEqual([
    undefined,
    undefined,
    undefined,
    'kept',
  ]);
}

/** Options for `describeRoundTrips`. */
export interface SuiteOptions {
  /** Other programs the evaluator needs on PATH (the evaluator's program is always checked). */
  readonly needs?: readonly string[];
  /** Why the C-locale run must be ASCII-only, when the shell itself mangles non-ASCII text there. */
  readonly asciiOnlyInC?: string;
  /** Different random values per evaluator, all derived from the printed seed. */
  readonly seedOffset?: number;
}

const isAscii = (value: string): boolean => /^[\x01-\x7f]*$/.test(value);

/** The standard tests for one evaluator: nasty values in two locales, 600 random values, removal. */
export function describeRoundTrips(ev: Evaluator, options: SuiteOptions = {}): void {
  const programs = [ev.program, ...(options.needs ?? [])];
  describe.skipIf(!programsAvailable(`${ev.label} round trip`, ...programs))(ev.label, () => {
    const sc = scratch();
    afterAll(() => sc.remove());

    it(`round-trips every nasty value in ${ev.label} without running injected code`, () => {
      expectRoundTrip(ev, nastyValues(sc.canary), sc);
    });

    it(`round-trips every nasty${options.asciiOnlyInC ? ' ASCII' : ''} value in ${ev.label} under the C locale`, () => {
      const values = nastyValues(sc.canary);
      expectRoundTrip(ev, options.asciiOnlyInC ? values.filter(isAscii) : values, sc, 'C');
    });

    it(`round-trips 600 random values in ${ev.label}`, () => {
      expectRoundTrip(ev, randomValues(600, SEED + (options.seedOffset ?? 0)), sc);
    });

    it(`removes variables in ${ev.label}`, () => {
      expectUnset(ev, sc);
    });
  });
}
