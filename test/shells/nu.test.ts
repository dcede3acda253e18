import { resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Port42Error } from '../../src/errors.ts';
import { nu } from '../../src/shells/nu.ts';
import { programsAvailable } from '../support/real-component.ts';
import { nastyValues, randomValues, scratch, SEED } from './harness.ts';
import { evaluate, expectRoundTrip, type Evaluator } from './roundtrip.ts';

const NU = resolve('node_modules/.bin/nu');

// The documented usage: port42 env work --shell nu | from json | load-env.
const load: Evaluator = {
  label: 'nu',
  shell: nu,
  program: NU,
  argv: (code, out) => ['-n', '--no-std-lib', '-c', `open --raw '${code}' | from json | load-env; ^env -0 | save -f -r '${out}'`],
};

// The documented usage: port42 env --unset --shell nu | from json | columns | hide-env -i ...$in.
const hide: Evaluator = {
  ...load,
  argv: (code, out) => [
    '-n',
    '--no-std-lib',
    '-c',
    `open --raw '${code}' | from json | columns | hide-env -i ...$in; ^env -0 | save -f -r '${out}'`,
  ],
};

describe('nu output', () => {
  it('is a JSON record: strings to set, nulls to remove', () => {
    expect(
      nu.render([
        { name: 'A', value: 'x"y' },
        { name: 'B', value: '' },
      ]),
    ).toBe('{"A":"x\\"y","B":""}\n');
    expect(
      nu.render([
        { name: 'A', value: null },
        { name: 'B', value: null },
        { name: 'A', value: null },
      ]),
    ).toBe('{"A":null,"B":null}\n');
    expect(nu.render([])).toBe('{}\n');
  });

  it('refuses to mix setting and removing in one output', () => {
    expect(() =>
      nu.render([
        { name: 'A', value: 'x' },
        { name: 'B', value: null },
      ]),
    ).toThrow(Port42Error);
  });
});

describe.skipIf(!programsAvailable('nu round trip', NU))('nu', () => {
  const sc = scratch();
  afterAll(() => sc.remove());

  it('round-trips every nasty value and 600 random values through from json | load-env in nu', () => {
    expectRoundTrip(load, [...nastyValues(sc.canary), ...randomValues(600, SEED + 50)], sc);
  });

  it('removes variables with from json | columns | hide-env -i ...$in in nu, even ones that are not set', () => {
    const env = evaluate(
      hide,
      [
        { name: 'INHERITED', value: null },
        { name: 'NEVER_SET', value: null },
      ],
      sc,
      'C.UTF-8',
      {
        INHERITED: 'x',
        KEPT: 'kept',
      },
    );
    expect([env.get('INHERITED'), env.get('NEVER_SET'), env.get('KEPT')]).toEqual([undefined, undefined, 'kept']);
  });

  it('accepts an empty record for removal in nu', () => {
    const env = evaluate(hide, [], sc, 'C.UTF-8', { KEPT: 'kept' });
    expect(env.get('KEPT')).toBe('kept');
  });
});
