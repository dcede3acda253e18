/**
 * TOML text as lines: each line with its ending, and what it is (a table header, a key line,
 * content or not), tracking multi-line strings. A light scan for toml-edit.ts, not a parser.
 */

/** One line with its line ending. */
export interface Line {
  readonly body: string;
  readonly eol: string;
}

/** Splits text into lines, each keeping its own ending (the last may have none). */
export function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  const pattern = /([^\r\n]*)(\r\n|\n|$)/g;
  for (const match of text.matchAll(pattern)) {
    if (match[0] === '' && match.index === text.length) break;
    lines.push({ body: match[1] ?? '', eol: match[2] ?? '' });
  }
  return lines;
}

/** The text back from its lines. */
export const joinLines = (lines: readonly Line[]): string => lines.map((l) => l.body + l.eol).join('');

/** Splits a dotted key (`a."b.c".d`) into its parts. */
function splitDottedKey(key: string): string[] {
  const parts: string[] = [];
  for (const match of key.matchAll(/\s*("(?:[^"\\]|\\.)*"|'[^']*'|[A-Za-z0-9_-]+)\s*(?:\.|$)/g)) {
    const part = match[1] ?? '';
    parts.push(part.startsWith('"') ? (JSON.parse(part) as string) : part.startsWith("'") ? part.slice(1, -1) : part);
  }
  return parts;
}

/**
 * What each line is: a table header (with its path), a key line (with its key), and whether it
 * carries content (anything but blank and comment lines; lines inside a multi-line string count).
 */
export interface LineInfo {
  readonly header?: readonly string[];
  readonly key?: string;
  readonly content: boolean;
}

/** Classifies each line; a line inside a multi-line string is content, never a header or key. */
export function classify(lines: readonly Line[]): LineInfo[] {
  let inMultiline: string | undefined;
  return lines.map((line) => {
    const body = line.body;
    if (inMultiline) {
      if (body.split(inMultiline).length % 2 === 0) inMultiline = undefined;
      return { content: true };
    }
    const header = /^\s*\[(?!\[)\s*(.+?)\s*\]\s*(#.*)?$/.exec(body);
    if (header) return { header: splitDottedKey(header[1] ?? ''), content: true };
    if (/^\s*\[\[/.test(body)) return { header: ['[['], content: true };
    const key = /^\s*("(?:[^"\\]|\\.)*"|'[^']*'|[A-Za-z0-9_-]+)\s*=/.exec(body);
    for (const quote of ['"""', "'''"]) if (body.split(quote).length % 2 === 0) inMultiline = quote;
    const content = !/^\s*(#.*)?$/.test(body);
    if (!key) return { content };
    const raw = key[1] ?? '';
    return { key: raw.startsWith('"') ? (JSON.parse(raw) as string) : raw.startsWith("'") ? raw.slice(1, -1) : raw, content };
  });
}
