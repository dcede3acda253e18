/** Plain-text tables for the audit and usage listings: aligned on a terminal, tab-separated when piped. */

/** Columns padded to the widest cell, two spaces apart, the header first. */
export function renderAligned(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  const line = (r: readonly string[]) =>
    r
      .map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return all.map((r) => line(r) + '\n').join('');
}

/** Tab-separated rows without a header; tabs and line breaks inside a cell become spaces. */
export function renderTsv(rows: readonly (readonly string[])[]): string {
  return rows.map((r) => r.map((c) => c.replace(/[\t\r\n]/g, ' ')).join('\t') + '\n').join('');
}
