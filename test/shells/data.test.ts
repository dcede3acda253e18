import { parseEnv } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { Port42Error } from '../../src/errors.ts';
import { dotenv } from '../../src/shells/dotenv.ts';
import { dotenvRefuses } from './dotenv-parsers.ts';
import { gha, ghaDelimiter, renderGhaMasks } from '../../src/shells/gha.ts';
import { json } from '../../src/shells/json.ts';
import { asChanges, nastyValues, randomValues, run, scratch, SEED } from './harness.ts';

const values = (canary: string): string[] => [...nastyValues(canary), ...randomValues(600, SEED + 60)];

describe('json', () => {
  it('writes one newline-terminated object, null for a removal, the last change to a name winning', () => {
    const text = json.render([
      { name: 'A', value: 'x' },
      { name: 'B', value: null },
      { name: '__proto__', value: 'p' },
      { name: 'A', value: 'y' },
    ]);
    expect(text).toBe('{"A":"y","B":null,"__proto__":"p"}\n');
    expect(Object.keys(JSON.parse(text) as object)).toEqual(['A', 'B', '__proto__']);
  });

  it('round-trips every nasty value and 600 random values through JSON.parse', () => {
    const all = values('/nonexistent/CANARY');
    expect(JSON.parse(json.render(asChanges(all)))).toEqual(Object.fromEntries(all.map((v, i) => [`V${i}`, v])));
  });
});

describe('dotenv', () => {
  const sc = scratch();
  afterAll(() => sc.remove());

  it("round-trips through Node's util.parseEnv every value it does not refuse", () => {
    const all = values('/nonexistent/CANARY');
    const kept = all.filter((v) => !dotenvRefuses(v));
    for (const v of all.filter(dotenvRefuses)) expect(() => dotenv.render([{ name: 'V', value: v }])).toThrow(Port42Error);
    expect(kept.length).toBeGreaterThan(all.length / 2);
    expect(parseEnv(dotenv.render(asChanges(kept)))).toEqual(Object.fromEntries(kept.map((v, i) => [`V${i}`, v])));
  });

  it('round-trips through node --env-file', () => {
    const kept = values('/nonexistent/CANARY').filter((v) => !dotenvRefuses(v));
    const file = sc.file('env', dotenv.render(asChanges(kept)));
    const dump = 'process.stdout.write(JSON.stringify(Object.entries(process.env).filter(([k]) => /^V\\d+$/.test(k))))';
    const got = Object.fromEntries(JSON.parse(run(process.execPath, [`--env-file=${file}`, '-e', dump])) as [string, string][]);
    expect(got).toEqual(Object.fromEntries(kept.map((v, i) => [`V${i}`, v])));
  });
});

/** Reads a $GITHUB_ENV file the way the Actions runner does on Linux. */
function parseGithubEnv(text: string): Map<string, string> {
  const env = new Map<string, string>();
  const lines = text.split('\n');
  for (let i = 0; i < lines.length;) {
    const line = lines[i++] ?? '';
    if (line === '') continue;
    const eq = line.indexOf('=');
    const heredoc = line.indexOf('<<');
    if (eq >= 0 && (heredoc < 0 || eq < heredoc)) {
      env.set(line.slice(0, eq), line.slice(eq + 1));
      continue;
    }
    const delimiter = line.slice(heredoc + 2);
    const body: string[] = [];
    for (;;) {
      if (i >= lines.length) throw new Error(`matching delimiter not found: ${delimiter}`);
      const next = lines[i++] ?? '';
      if (next === delimiter) break;
      body.push(next);
    }
    env.set(line.slice(0, heredoc), body.join('\n'));
  }
  return env;
}

describe('gha', () => {
  it('round-trips every nasty value and 600 random values through the $GITHUB_ENV format', () => {
    const all = values('/nonexistent/CANARY');
    const env = parseGithubEnv(gha.render(asChanges(all)));
    expect(Object.fromEntries(env)).toEqual(Object.fromEntries(all.map((v, i) => [`V${i}`, v])));
  });

  it('writes a block per value with a fresh random delimiter, and an empty value for a removal', () => {
    const text = gha.render([
      { name: 'A', value: 'x' },
      { name: 'A', value: 'x' },
      { name: 'B', value: null },
    ]);
    const match = /^A<<(ghadelimiter_[0-9a-f]{32})\nx\n\1\nA<<(ghadelimiter_[0-9a-f]{32})\nx\n\2\nB=\n$/.exec(text);
    expect(match).not.toBeNull();
    expect(match?.[1]).not.toBe(match?.[2]);
  });

  it('draws the delimiter again while the value contains it', () => {
    const draws = ['aaaa', 'bbbb', 'cccc'];
    const value = 'x\nghadelimiter_aaaa\nghadelimiter_bbbbb';
    expect(ghaDelimiter(value, () => draws.shift() ?? 'zzzz')).toBe('ghadelimiter_cccc');
  });

  it('masks each non-blank line of each value once, escaping %', () => {
    const masks = renderGhaMasks([
      { name: 'A', value: 'p%0Aq\r\nline two\n\n  \nlast' },
      { name: 'B', value: 'line two' },
      { name: 'C', value: null },
      { name: 'D', value: '' },
    ]);
    expect(masks).toBe('::add-mask::p%250Aq\n::add-mask::line two\n::add-mask::last\n');
  });
});
