/**
 * Surgical edits of TOML text, line by line: set a top-level key, make sure a table has some
 * keys, remove a table or a key. Every other line — comments included — stays byte for byte, and
 * removing what was inserted gives back the original text. TOML libraries re-serialise and lose
 * comments, so callers parse the result to verify it (src/setup/codex.ts; src/config/edit.ts
 * validates every config edit).
 */
import { classify, joinLines, splitLines, type Line, type LineInfo } from './toml-lines.ts';

/** A key as TOML spells it: bare when it can be, quoted otherwise. */
export function tomlKey(key: string): string {
  return /^[A-Za-z0-9_-]+$/.test(key) ? key : JSON.stringify(key);
}

/**
 * A TOML basic string. JSON's escapes are valid TOML; DEL must be escaped in TOML (JSON leaves it
 * raw), and the C1 controls and U+2028/U+2029 are escaped too so that no terminal or editor acts on them.
 */
export function tomlString(value: string): string {
  return JSON.stringify(value).replace(/[\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A TOML literal for a string or an array of strings. */
export function tomlLiteral(value: string | readonly string[]): string {
  return typeof value === 'string' ? tomlString(value) : `[${value.map(tomlString).join(', ')}]`;
}

const samePath = (a: readonly string[] | undefined, b: readonly string[]): boolean =>
  a !== undefined && a.length === b.length && a.every((part, i) => part === b[i]);

/**
 * The body of a table: `end` is the next header's index, `lastKey` the table's last content line
 * (the end of its last value, before the blank lines and comments that lead to the next table).
 */
function tableBody(infos: readonly LineInfo[], headerIndex: number): { end: number; lastKey: number } {
  let lastKey = headerIndex;
  let i = headerIndex + 1;
  for (; i < infos.length && !infos[i]!.header; i++) if (infos[i]!.content) lastKey = i;
  return { end: i, lastKey };
}

/** Replaces the value of a `key = "…"` line, keeping indentation and a trailing comment. */
function replaceValue(line: Line, literal: string): Line {
  const match = /^(\s*[^=]+?\s*=\s*)("(?:[^"\\]|\\.)*"|'[^']*'|\[[^\]]*\]|[^#\s]+)(.*)$/.exec(line.body);
  if (!match) return line;
  return { body: `${match[1]}${literal}${match[3]}`, eol: line.eol };
}

/** The line ending the text uses. */
const eolOf = (text: string): string => (text.includes('\r\n') ? '\r\n' : '\n');

/**
 * Where setTopLevelKey puts a new key: `after-keys` right after the last top-level key (Codex's
 * config, where `model_provider` joins the settings), `before-tables` as a paragraph of its own
 * before the first table (port42's config, where `default` leads the profiles).
 */
export type TopLevelPlace = 'after-keys' | 'before-tables';

/**
 * Sets a top-level `key = literal`. An existing top-level key gets its value replaced in place
 * (indentation and a trailing comment kept). A new one goes, with `after-keys`, after the last
 * top-level key; otherwise (or when there is none) before the first table and the comments
 * attached to it, followed by a blank line; in a file without tables, at the end.
 */
export function setTopLevelKey(text: string, key: string, literal: string, place: TopLevelPlace = 'after-keys'): string {
  const lines = splitLines(text);
  const infos = classify(lines);
  const eol = eolOf(text);
  const firstHeader = infos.findIndex((i) => i.header);
  const topEnd = firstHeader === -1 ? lines.length : firstHeader;
  const existing = infos.slice(0, topEnd).findIndex((i) => i.key === key);
  if (existing !== -1) {
    lines[existing] = replaceValue(lines[existing]!, literal);
    return joinLines(lines);
  }
  const newLine: Line = { body: `${tomlKey(key)} = ${literal}`, eol };
  const lastTopKey = place === 'after-keys' ? infos.slice(0, topEnd).findLastIndex((i) => i.content) : -1;
  if (lastTopKey !== -1) {
    if (lines[lastTopKey]!.eol === '') lines[lastTopKey] = { ...lines[lastTopKey]!, eol };
    lines.splice(lastTopKey + 1, 0, newLine);
  } else if (firstHeader === -1) {
    if (lines.length > 0 && lines[lines.length - 1]!.eol === '') lines[lines.length - 1] = { ...lines[lines.length - 1]!, eol };
    lines.push(newLine);
  } else {
    let at = firstHeader;
    while (at > 0 && /^\s*#/.test(lines[at - 1]!.body)) at--;
    lines.splice(at, 0, newLine, { body: '', eol });
  }
  return joinLines(lines);
}

/**
 * Makes sure table `path` has each entry (`key = literal`): replaces differing values, adds
 * missing keys after the table's last key, and creates a missing table after the table `after`
 * (when it exists) or at the end of the file, after a blank line.
 */
export function ensureTable(
  text: string,
  path: readonly string[],
  entries: readonly (readonly [string, string])[],
  after?: readonly string[],
): string {
  let lines = splitLines(text);
  const eol = eolOf(text);
  const infos = classify(lines);
  const headerIndex = infos.findIndex((i) => samePath(i.header, path));
  if (headerIndex === -1) {
    const block: Line[] = [
      { body: '', eol },
      { body: `[${path.map(tomlKey).join('.')}]`, eol },
      ...entries.map(([k, v]) => ({ body: `${tomlKey(k)} = ${v}`, eol })),
    ];
    const afterIndex = after ? infos.findIndex((i) => samePath(i.header, after)) : -1;
    if (lines.length > 0 && lines[lines.length - 1]!.eol === '') lines[lines.length - 1] = { ...lines[lines.length - 1]!, eol };
    if (lines.length === 0) block.shift();
    const at = afterIndex === -1 ? lines.length : tableBody(infos, afterIndex).lastKey + 1;
    lines.splice(at, 0, ...block);
    return joinLines(lines);
  }
  const { end } = tableBody(infos, headerIndex);
  const missing: Line[] = [];
  for (const [key, literal] of entries) {
    const index = infos.slice(headerIndex + 1, end).findIndex((i) => i.key === key);
    if (index === -1) missing.push({ body: `${tomlKey(key)} = ${literal}`, eol });
    else lines[headerIndex + 1 + index] = replaceValue(lines[headerIndex + 1 + index]!, literal);
  }
  if (missing.length > 0) {
    const at = tableBody(infos, headerIndex).lastKey + 1;
    if (lines[at - 1]!.eol === '') lines[at - 1] = { ...lines[at - 1]!, eol };
    lines = [...lines.slice(0, at), ...missing, ...lines.slice(at)];
  }
  return joinLines(lines);
}

/** Drops the blank line left before `index` when a blank line (or the end) follows, undoing an insertion's separator. */
function collapseBlank(lines: Line[], index: number): void {
  const before = lines[index - 1];
  const after = lines[index];
  if (before && before.body.trim() === '' && (!after || after.body.trim() === '')) lines.splice(index - 1, 1);
  else if (index === 0 && after && after.body.trim() === '') lines.splice(0, 1);
}

/** Removes table `path` (its header up to its last key line); unchanged when absent. */
export function removeTable(text: string, path: readonly string[]): string {
  const lines = splitLines(text);
  const infos = classify(lines);
  const headerIndex = infos.findIndex((i) => samePath(i.header, path));
  if (headerIndex === -1) return text;
  lines.splice(headerIndex, tableBody(infos, headerIndex).lastKey + 1 - headerIndex);
  collapseBlank(lines, headerIndex);
  return joinLines(lines);
}

/** Removes a top-level `key = …` line; unchanged when absent. */
export function removeTopLevelKey(text: string, key: string): string {
  const lines = splitLines(text);
  const infos = classify(lines);
  const firstHeader = infos.findIndex((i) => i.header);
  const index = infos.slice(0, firstHeader === -1 ? lines.length : firstHeader).findIndex((i) => i.key === key);
  if (index === -1) return text;
  lines.splice(index, 1);
  collapseBlank(lines, index);
  return joinLines(lines);
}
