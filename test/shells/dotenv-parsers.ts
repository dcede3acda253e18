// Two dotenv readers written from their documented rules, for the files `--shell dotenv` writes
// (NAME='…', NAME="…", # comments): python-dotenv 1.x (its parser.py and variables.py regular
// expressions, the documented behaviour) and docker compose (docs.docker.com "Syntax for
// environment files": single-quoted values are used literally, double-quoted values decode
// escapes and are interpolated; the terminating quote is the first one not preceded by `\`).
// A value either parser would change is returned as a marker, so a test compares plainly.

/** What no dotenv file can hold for python-dotenv, docker compose and Node at once (see src/shells/dotenv.ts). */
export const dotenvRefuses = (v: string): boolean =>
  v.includes('\r') ||
  /\$\{[^}:]*(?::-[^}]*)?\}/.test(v) ||
  ((v.includes("'") || v.includes('\\\\') || v.endsWith('\\')) && /["\\$]/.test(v));

/** What a parser would do to a value it reads literally no more. */
export const CHANGED = '\u0000<changed by the parser>';

/** python-dotenv: both quote styles decode some escapes, then `${NAME}` is expanded in every value. */
export function parsePythonDotenv(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  let i = 0;
  const sticky = (re: RegExp): RegExpExecArray | null => {
    const pattern = new RegExp(re.source, 'y');
    pattern.lastIndex = i;
    const match = pattern.exec(text);
    if (match) i = pattern.lastIndex;
    return match;
  };
  while (i < text.length) {
    sticky(/\s*/);
    if (i >= text.length) break;
    if (text[i] === '#') {
      sticky(/[^\r\n]*(?:\r\n|\n|\r)?/);
      continue;
    }
    const key = sticky(/([^=#\s]+)=/)?.[1];
    if (key === undefined) throw new Error(`python-dotenv emulation: no key at ${i}`);
    let value: string;
    const single = text[i] === "'" ? sticky(/'((?:\\'|[^'])*)'/) : null;
    const double = text[i] === '"' ? sticky(/"((?:\\"|[^"])*)"/) : null;
    if (single) value = single[1]!.replace(/\\[\\']/g, (m) => m[1]!);
    else if (double) value = double[1]!.replace(/\\[\\'"abfnrtv]/g, (m) => ESCAPES[m[1]!] ?? m);
    else throw new Error('python-dotenv emulation: only quoted values are written by port42');
    sticky(/[^\S\r\n]*(?:\r\n|\n|\r|$)/);
    out[key] = /\$\{[^}:]*(?::-[^}]*)?\}/.test(value) ? CHANGED : value;
  }
  return out;
}

const ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\',
  "'": "'",
  '"': '"',
  a: '\u0007',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
};

/** docker compose: single quotes literal; double quotes decode escapes, then interpolate `$`. */
export function parseComposeDotenv(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  let i = 0;
  while (i < text.length) {
    while (i < text.length && /\s/.test(text[i]!)) i++;
    if (i >= text.length) break;
    if (text[i] === '#') {
      const end = text.indexOf('\n', i);
      i = end === -1 ? text.length : end + 1;
      continue;
    }
    const eq = text.indexOf('=', i);
    const key = text.slice(i, eq);
    if (eq === -1 || !/^[A-Za-z0-9_.\-[\]]+$/.test(key)) throw new Error(`compose emulation: bad key at ${i}`);
    const quote = text[eq + 1];
    if (quote !== "'" && quote !== '"') throw new Error('compose emulation: only quoted values are written by port42');
    let end = eq + 2;
    // The first quote not preceded by a backslash ends the value.
    while (end < text.length && !(text[end] === quote && text[end - 1] !== '\\')) end++;
    if (end >= text.length) throw new Error(`compose emulation: unterminated value of ${key}`);
    const raw = text.slice(eq + 2, end);
    if (quote === "'") out[key] = raw;
    else {
      const decoded = raw.replace(/\\(?:[abcfnrtv$"\\]|0\d{0,3})/g, () => CHANGED);
      out[key] = decoded.includes(CHANGED) || decoded.includes('$') ? CHANGED : decoded;
    }
    i = end + 1;
  }
  return out;
}
