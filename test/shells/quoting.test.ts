import { describe, expect, it } from 'vitest';
import { Port42Error } from '../../src/errors.ts';
import { quoteElvish } from '../../src/shells/elvish.ts';
import { quoteFish } from '../../src/shells/fish.ts';
import { pwsh, quotePwsh } from '../../src/shells/pwsh.ts';
import { getShell, SHELL_NAMES } from '../../src/shells/registry.ts';
import { quoteOneLine, quotePosix, quotePosixWord } from '../../src/shells/sh.ts';
import { quoteTcsh, tcsh } from '../../src/shells/tcsh.ts';

// [value, posix, fish, tcsh, elvish, pwsh]
const TABLE: [string, string, string, string, string, string][] = [
  ['', "''", "''", "''", "''", "''"],
  ['plain', "'plain'", "'plain'", "'plain'", "'plain'", "'plain'"],
  ["it's", `'it'\\''s'`, `'it\\'s'`, `'it'\\''s'`, `'it''s'`, `'it''s'`],
  ['a\\b', `'a\\b'`, `'a\\\\b'`, `'a'\\\\'b'`, `'a\\b'`, `'a\\b'`],
  ['wow!!', `'wow!!'`, `'wow!!'`, `'wow'\\!\\!`, `'wow!!'`, `'wow!!'`],
  ['a\nb', `'a\nb'`, `'a\nb'`, `'a'$'\\n''b'`, `'a\nb'`, `'a\nb'`],
  [
    '$HOME `id` "q" %s',
    `'$HOME \`id\` "q" %s'`,
    `'$HOME \`id\` "q" %s'`,
    `'$HOME \`id\` "q" %s'`,
    `'$HOME \`id\` "q" %s'`,
    `'$HOME \`id\` "q" %s'`,
  ],
  ['\u2018x\u2019', "'\u2018x\u2019'", "'\u2018x\u2019'", "'\u2018x\u2019'", "'\u2018x\u2019'", "'\u2018\u2018x\u2019\u2019'"],
  [
    "'\u201a\u201b'",
    `''\\''\u201a\u201b'\\'''`,
    `'\\'\u201a\u201b\\''`,
    `\\''\u201a\u201b'\\'`,
    `'''\u201a\u201b'''`,
    `'''\u201a\u201a\u201b\u201b'''`,
  ],
  ['-e', "'-e'", "'-e'", "'-e'", "'-e'", "'-e'"],
];

describe('quoting functions', () => {
  it.each(TABLE)('quote %j for every shell', (value, posix, fishQ, tcshQ, elvishQ, pwshQ) => {
    expect([quotePosix(value), quoteFish(value), quoteTcsh(value), quoteElvish(value), quotePwsh(value)]).toEqual([
      posix,
      fishQ,
      tcshQ,
      elvishQ,
      pwshQ,
    ]);
  });
});

describe('one-line quoting for bash, zsh and ksh', () => {
  it.each([
    ['plain', "'plain'"],
    ["it's", `'it'\\''s'`],
    ['a\nb', `'a'$'\\012''b'`],
    ['\\\n^x^y', `'\\'$'\\012''^x^y'`],
    ['\t\x7f', `$'\\011\\177'`],
  ])('quotes %j without a raw control character', (value, quoted) => {
    expect(quoteOneLine(value)).toBe(quoted);
    expect(quoteOneLine(value)).not.toMatch(/[\x00-\x1f\x7f]/);
  });
});

describe('quoting one word of a command line shown to a person', () => {
  it.each([
    ['--global', '--global'],
    ['credential.https://llm.corp.example:8443/team.helper', 'credential.https://llm.corp.example:8443/team.helper'],
    ['user@host,a=b+c%d', 'user@host,a=b+c%d'],
    ['', "''"],
    ['!port42 helper', "'!port42 helper'"],
    ['a!b', "'a!b'"],
    ["it's", `'it'\\''s'`],
    ['$HOME', "'$HOME'"],
    ['*.txt', "'*.txt'"],
  ])('writes %j as %s', (word, quoted) => {
    expect(quotePosixWord(word)).toBe(quoted);
  });
});

describe('rendered code', () => {
  const changes = [
    { name: 'API_KEY', value: "k'ey" },
    { name: 'OLD', value: null },
  ];

  it('matches the golden text for every shell', () => {
    const golden: Record<string, string> = {
      sh: "export API_KEY='k'\\''ey'\nunset OLD\n",
      bash: "export API_KEY='k'\\''ey'\nunset OLD\n",
      zsh: "export API_KEY='k'\\''ey'\nunset OLD\n",
      ksh: "export API_KEY='k'\\''ey'\nunset OLD\n",
      fish: "set -gx API_KEY 'k\\'ey'\nset -e OLD\n",
      tcsh: "setenv API_KEY 'k'\\''ey';\nunsetenv OLD;\n",
      elvish: "set-env API_KEY 'k''ey'\nunset-env OLD\n",
      pwsh: "$Env:API_KEY = 'k''ey'\nRemove-Item Env:OLD -ErrorAction SilentlyContinue\n",
      json: '{"API_KEY":"k\'ey","OLD":null}\n',
      dotenv: `API_KEY="k'ey"\n# unset OLD\n`,
    };
    for (const [name, text] of Object.entries(golden)) {
      expect(getShell(name).render(changes), name).toBe(text);
    }
  });

  it('writes nothing for no changes', () => {
    for (const name of SHELL_NAMES) expect(getShell(name).render([]), name).toBe(['json', 'nu'].includes(name) ? '{}\n' : '');
  });

  it('writes PowerShell code that survives the typographic quotes and newlines', () => {
    expect(pwsh.render([{ name: 'K', value: "a'\u2019\nb" }])).toBe("$Env:K = 'a''\u2019\u2019\nb'\n");
  });

  it('ends every tcsh command with ; so eval of backticks can join the lines', () => {
    expect(
      tcsh.render([
        { name: 'A', value: 'x\ny' },
        { name: 'B', value: '!' },
      ]),
    ).toBe("setenv A 'x'$'\\n''y';\nsetenv B \\!;\n");
  });
});

function errorOf(fn: () => unknown): Port42Error {
  try {
    fn();
  } catch (error) {
    if (error instanceof Port42Error) return error;
    throw error;
  }
  throw new Error('expected a Port42Error');
}

describe('refusals', () => {
  for (const name of SHELL_NAMES) {
    const shell = getShell(name);

    it(`refuses a value containing NUL in ${name}, naming the variable but not the value`, () => {
      const error = errorOf(() => shell.render([{ name: 'OPENAI_API_KEY', value: 'sk-secret\0tail' }]));
      expect(error.code).toBe('usage');
      expect(error.message).toBe('value of OPENAI_API_KEY contains a NUL byte, which no shell can hold');
    });

    it(`refuses a value with a lone surrogate in ${name}`, () => {
      const error = errorOf(() => shell.render([{ name: 'K', value: 'secret\ud800' }]));
      expect(error.code).toBe('usage');
      expect(error.message).not.toContain('secret');
    });

    it(`refuses an invalid variable name in ${name}, even for a removal`, () => {
      for (const bad of ['', '1A', 'A-B', 'A B', 'A;touch x', 'A=B', 'É', 'A\n']) {
        expect(errorOf(() => shell.render([{ name: bad, value: 'v' }])).code).toBe('usage');
        expect(errorOf(() => shell.render([{ name: bad, value: null }])).code).toBe('usage');
      }
    });

    it(`checks every change before writing any in ${name}`, () => {
      expect(() =>
        shell.render([
          { name: 'GOOD', value: 'x' },
          { name: 'BAD', value: '\0' },
        ]),
      ).toThrow(Port42Error);
    });
  }
});
