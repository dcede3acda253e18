import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A scratch directory, with the absolute canary path that injected code would create. */
export interface Scratch {
  readonly dir: string;
  readonly canary: string;
  file(name: string, content?: string): string;
  canaryFired(): boolean;
  remove(): void;
}

export function scratch(): Scratch {
  const dir = mkdtempSync(join(tmpdir(), 'port42-shells-'));
  const canary = join(dir, 'CANARY');
  return {
    dir,
    canary,
    file(name, content) {
      const path = join(dir, name);
      if (content !== undefined) writeFileSync(path, content);
      return path;
    },
    canaryFired: () => existsSync(canary),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Hostile values: every quote, expansion and history character, controls, odd Unicode, and canaries. */
export function nastyValues(canary: string): string[] {
  const controls = Array.from({ length: 31 }, (_, i) => String.fromCharCode(i + 1)).join('') + '\x7f';
  const touch = `touch ${canary}`;
  return [
    '',
    ' ',
    '  lead and trail  ',
    "'",
    '"',
    "''",
    "'\\''",
    '\\',
    '\\\\',
    '\\n',
    '\\\n',
    '$',
    'trailing$',
    '$HOME',
    '${HOME}',
    '$(id)',
    '`id`',
    '!',
    '!!',
    '!$',
    'a!b',
    '\\!',
    '!-1',
    '^x^y',
    '%',
    '%s%n',
    '%25',
    '%0A',
    '-e',
    '-n',
    '--help',
    '-',
    '\n',
    '\n\n',
    'a\nb',
    'trailing newline\n',
    '\r',
    '\r\n',
    'a\rb',
    '\t',
    controls,
    '~',
    '~root',
    '*',
    '?',
    '[a]',
    '{a,b}',
    '#comment',
    'a #b',
    '=',
    'a=b',
    ';',
    '&',
    '|',
    '<>',
    '(x)',
    'é',
    'ü€',
    '中文',
    '😀',
    '👩‍👩‍👧',
    '\u00a0',
    '\u0085',
    '\u2028\u2029',
    '\u2018\u2019\u201a\u201b',
    '\ufeff',
    '\ufffe\uffff',
    '\ufdd0',
    '\uf600\uf6ff',
    '\ue000',
    '\u{10ffff}',
    'it\'s a "test" with `ticks` and $vars and \\',
    'ghadelimiter_',
    '`\'"',
    '\'"`\\n',
    'x'.repeat(20000),
    '€'.repeat(3000),
    `'; ${touch}; '`,
    `$(${touch})`,
    `\`${touch}\``,
    `"; ${touch}; "`,
    `\n${touch}\n`,
    `'\n${touch}\n'`,
    `\\'; ${touch}; '`,
    `'"$(${touch})"'`,
    `!\`${touch}\``,
    `(${touch})`,
    `'(${touch})'`,
    `''(${touch})''`,
    `' ; ${touch} ; echo '`,
    `\\'\n${touch}\n`,
    `"\n${touch}\n"`,
    `\`\n${touch}\n\``,
    `$'\n${touch}\n'`,
    `^(${touch})`,
    `; ^${touch}`,
    `$(${touch})$`,
    `{${touch}}`,
  ];
}

/** Deterministic PRNG, so a failing run can be repeated with PORT42_SHELL_SEED. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const SEED = Number(process.env.PORT42_SHELL_SEED ?? Math.floor(Math.random() * 2 ** 32));

const SPECIALS = `'"$\`\\!%{}()[];&|<>*?~#= `;

/** Random values of 0–40 code points: controls, shell specials, Latin-1, CJK, emoji, any non-surrogate. */
export function randomValues(count: number, seed: number = SEED): string[] {
  const random = seededRandom(seed);
  const int = (lo: number, hi: number): number => lo + Math.floor(random() * (hi - lo + 1));
  const codePoint = (): number => {
    const pick = random();
    if (pick < 0.12) return random() < 0.9 ? int(1, 31) : 127;
    if (pick < 0.4) return SPECIALS.charCodeAt(int(0, SPECIALS.length - 1));
    if (pick < 0.55) return int(32, 126);
    if (pick < 0.65) return int(0x80, 0xff);
    if (pick < 0.73) return int(0x4e00, 0x9fff);
    if (pick < 0.81) return int(0x1f300, 0x1faff);
    if (pick < 0.86) return [0x2018, 0x2019, 0x201a, 0x201b, 0x2028, 0x2029, 0xfeff, 0xfffe, 0xffff][int(0, 8)] ?? 0x2018;
    for (;;) {
      const cp = random() < 0.7 ? int(0x100, 0xffff) : int(0x10000, 0x10ffff);
      if (cp < 0xd800 || cp > 0xdfff) return cp;
    }
  };
  return Array.from({ length: count }, () => String.fromCodePoint(...Array.from({ length: int(0, 40) }, codePoint)));
}

/** Runs a program; throws with its stderr when it fails or times out. */
export function run(program: string, args: string[], options: { input?: string; env?: NodeJS.ProcessEnv; cwd?: string } = {}): string {
  const result = spawnSync(program, args, {
    input: options.input ?? '',
    env: options.env ?? process.env,
    cwd: options.cwd,
    encoding: 'utf8',
    timeout: 30_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error) throw result.error;
  if (result.status !== 0) {
    throw new Error(`${program} ${args.join(' ')} exited ${result.status ?? result.signal}: ${result.stderr}`);
  }
  return result.stdout;
}

/** Reads a file written by `env -0`: the exact bytes every child process would get. */
export function readEnvDump(path: string): Map<string, string> {
  const env = new Map<string, string>();
  for (const entry of readFileSync(path, 'utf8').split('\0')) {
    const eq = entry.indexOf('=');
    if (eq > 0) env.set(entry.slice(0, eq), entry.slice(eq + 1));
  }
  return env;
}

/** Names V0…Vn for a list of values, as set changes. */
export function asChanges(values: readonly string[], prefix = 'V'): { name: string; value: string }[] {
  return values.map((value, i) => ({ name: `${prefix}${i}`, value }));
}

/** Describes a value for a failure message without flooding the output. */
export function show(value: string | undefined): string {
  if (value === undefined) return '(unset)';
  const text = JSON.stringify(value);
  return text.length > 200 ? `${text.slice(0, 200)}… (${value.length} chars)` : text;
}
