/**
 * Finds the line of a key in TOML text, so that config errors can name it. A light scan of
 * headers and `key =` lines, not a parser: it only has to point at the right line of a file
 * that already parsed.
 */

function splitKey(raw: string): string[] {
  const parts: string[] = [];
  for (const match of raw.matchAll(/"((?:[^"\\]|\\.)*)"|'([^']*)'|([A-Za-z0-9_-]+)/g)) {
    parts.push(match[1] ?? match[2] ?? match[3] ?? '');
  }
  return parts;
}

function commonPrefix(a: readonly string[], b: readonly string[]): number {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
}

/** 1-based line of the key at `path` (or of its nearest enclosing table), undefined if not found. */
export function lineOfKey(text: string, path: readonly (string | number)[]): number | undefined {
  const want = path.map(String);
  let table: string[] = [];
  let best: { line: number; depth: number } | undefined;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? '').trim();
    if (line === '' || line.startsWith('#')) continue;
    let full: string[] | undefined;
    const header = /^\[\[?\s*([^\]]+?)\s*\]\]?/.exec(line);
    if (header) {
      table = splitKey(header[1] ?? '');
      full = table;
    } else {
      const key = /^((?:"(?:[^"\\]|\\.)*"|'[^']*'|[A-Za-z0-9_.\s-])+?)\s*=/.exec(line);
      if (key) full = [...table, ...splitKey(key[1] ?? '')];
    }
    if (!full) continue;
    const depth = commonPrefix(full, want);
    // Only count lines that are fully on the path (not a sibling that shares a prefix).
    if (depth === full.length || depth === want.length) {
      if (!best || depth > best.depth) best = { line: i + 1, depth };
    }
  }
  return best?.line;
}

/** "file:line" (or just the file) for messages; the home directory shown as ~. */
export function describeLocation(file: string, home: string, line: number | undefined): string {
  const shown = home && file.startsWith(home + '/') ? '~' + file.slice(home.length) : file;
  return line === undefined ? shown : `${shown}:${line}`;
}
