/** parseLongOptions agrees with util.parseArgs (strict, positionals allowed) wherever either accepts. */
import { describe, expect, it } from 'vitest';
import { parseArgs } from 'node:util';
import { parseLongOptions, type LongOption } from '../../src/cli/long-options.ts';

const OPTIONS: Record<string, LongOption> = {
  profile: { type: 'string' },
  shell: { type: 'string' },
  json: { type: 'boolean' },
  'no-browser': { type: 'boolean' },
  var: { type: 'string', multiple: true },
};

function viaNode(args: string[]) {
  try {
    const { values, positionals } = parseArgs({ args, options: OPTIONS, allowPositionals: true, strict: true });
    return { values: { ...values }, positionals };
  } catch {
    return undefined;
  }
}

const CASES: string[][] = [
  [],
  ['work'],
  ['work', '--shell', 'bash'],
  ['--shell=bash', 'work'],
  ['--shell='],
  ['--shell'],
  ['--shell', '--json'],
  ['--shell', '-'],
  ['--shell', '-x'],
  ['--json'],
  ['--json=yes'],
  ['--no-browser', 'a', 'b'],
  ['--var', 'A', '--var=B', '--var', 'C'],
  ['--json', '--json'],
  ['--profile', 'a', '--profile', 'b'],
  ['-h'],
  ['-5'],
  ['-'],
  ['--nope'],
  ['--=x'],
  ['--__proto__', 'x'],
  ['--constructor'],
  ['a', '--', '--json', 'b'],
  ['--profile', 'work', 'extra', '--json'],
];

describe('parseLongOptions', () => {
  it.each(CASES.map((c) => [c]))('%j parses as util.parseArgs does', (args) => {
    const ours = parseLongOptions(args, OPTIONS);
    expect(ours === undefined ? undefined : { values: { ...ours.values }, positionals: ours.positionals }).toEqual(viaNode(args));
  });
});
