// `--shell dotenv` files read back literally by python-dotenv (for real when it is importable
// here, else by the emulation of its rules) and by docker compose's documented rules.
import { spawnSync } from 'node:child_process';
import { parseEnv } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { Port42Error } from '../../src/errors.ts';
import { realComponentAvailable } from '../support/real-component.ts';
import { dotenv, quoteDotenv } from '../../src/shells/dotenv.ts';
import { dotenvRefuses, parseComposeDotenv, parsePythonDotenv } from './dotenv-parsers.ts';
import { asChanges, nastyValues, randomValues, scratch, SEED } from './harness.ts';

const values = (): string[] => [...nastyValues('/nonexistent/CANARY'), ...randomValues(600, SEED + 61)];

/**
 * The first Python that can import python-dotenv: the one on PATH (pip), else Debian's
 * /usr/bin/python3 with its python3-dotenv package (what .ci/run installs: CI has no PyPI).
 */
function findPythonWithDotenv(): { python?: string; missing?: string } {
  for (const python of ['python3', '/usr/bin/python3']) {
    const probe = spawnSync(python, ['-c', 'import dotenv'], { encoding: 'utf8', timeout: 10_000 });
    if (!probe.error && probe.status === 0) return { python };
  }
  return { missing: 'python-dotenv is not importable (apt-get install python3-dotenv, or pip install python-dotenv)' };
}
const PYTHON = findPythonWithDotenv();
const REAL_PYTHON = realComponentAvailable('python-dotenv', PYTHON.missing);
if (!REAL_PYTHON) process.stderr.write(`[dotenv-readers.test] python-dotenv's documented rules are emulated instead\n`);

/** The values python-dotenv's dotenv_values() reads from `file`. */
function pythonRead(file: string): Record<string, string> {
  const script = 'import dotenv, json, sys; sys.stdout.write(json.dumps(dotenv.dotenv_values(sys.argv[1])))';
  const result = spawnSync(PYTHON.python!, ['-c', script, file], {
    encoding: 'utf8',
    timeout: 30_000,
    env: { PATH: process.env.PATH ?? '' },
  });
  if (result.status !== 0) throw new Error(`python-dotenv failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as Record<string, string>;
}

describe('dotenv quoting for python-dotenv, docker compose and Node', () => {
  const sc = scratch();
  afterAll(() => sc.remove());
  const all = values();
  const kept = all.filter((v) => !dotenvRefuses(v));
  const expected = Object.fromEntries(kept.map((v, i) => [`V${i}`, v]));
  const text = dotenv.render(asChanges(kept));

  it('refuses exactly the values no reader can take literally, naming only the variable', () => {
    for (const value of all.filter(dotenvRefuses)) {
      let error: unknown;
      try {
        dotenv.render([{ name: 'API_KEY', value: `secret${value}` }]);
      } catch (e) {
        error = e;
      }
      expect(error, JSON.stringify(value)).toBeInstanceOf(Port42Error);
      expect((error as Port42Error).message).toContain('API_KEY');
      expect((error as Port42Error).message).not.toContain('secret');
    }
    expect(kept.length).toBeGreaterThan(all.length / 2);
  });

  it.runIf(REAL_PYTHON)('round-trips through the real python-dotenv (dotenv_values, interpolation on)', () => {
    expect(pythonRead(sc.file('python.env', text))).toEqual(expected);
  });

  it('round-trips through python-dotenv’s documented rules (emulated)', () => {
    expect(parsePythonDotenv(text)).toEqual(expected);
  });

  it.runIf(REAL_PYTHON)('the python-dotenv emulation decodes escapes as the real one does', () => {
    const lines = ["A='a\\\\b'", "B='it\\'s'", 'C="tab\\there"', 'D="q\\"uote"', "E='new\nline'", '# comment', "F='$HOME'"];
    const file = lines.join('\n') + '\n';
    expect(parsePythonDotenv(file)).toEqual(pythonRead(sc.file('escapes.env', file)));
  });

  it('round-trips through docker compose’s documented rules (single quotes literal, no $ in double quotes)', () => {
    expect(parseComposeDotenv(text)).toEqual(expected);
  });

  it("round-trips through Node's util.parseEnv", () => {
    expect(parseEnv(text)).toEqual(expected);
  });

  it('prefers single quotes, then double quotes, and refuses the rest', () => {
    expect(quoteDotenv('A', 'x "$y" `z` \\n $HOME')).toBe(`'x "$y" \`z\` \\n $HOME'`);
    expect(quoteDotenv('A', "it's\nfine")).toBe(`"it's\nfine"`);
    for (const value of ['back\\', 'a\\\\b"', "it's $5", '${HOME}', "it's \\n"]) {
      expect(() => quoteDotenv('A', value), value).toThrow(Port42Error);
    }
  });
});
