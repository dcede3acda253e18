/**
 * The one "did you mean" of port42: the closest valid choice by edit distance. Loaded only on
 * error paths (never by a well-formed command line).
 */

/** Damerau–Levenshtein distance (optimal string alignment): a swap of two letters counts once. */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const row = d[i]!;
      const above = d[i - 1]!;
      row[j] = Math.min(above[j]! + 1, row[j - 1]! + 1, above[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) row[j] = Math.min(row[j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * The choice closest to what was typed, or undefined when none is close enough (at most a third
 * of the longer word, at least 1, differs; a choice that starts with the input also counts).
 */
export function closest(typed: string, choices: Iterable<string>): string | undefined {
  const input = typed.toLowerCase();
  let best: { choice: string; distance: number } | undefined;
  for (const choice of choices) {
    const candidate = choice.toLowerCase();
    let distance = editDistance(input, candidate);
    if (input.length >= 3 && candidate.startsWith(input)) distance = Math.min(distance, 1);
    const limit = Math.max(1, Math.floor(Math.max(input.length, candidate.length) / 3));
    if (distance <= limit && (!best || distance < best.distance)) best = { choice, distance };
  }
  return best?.choice;
}

/** `; did you mean X?` for the closest choice, or '' when nothing is close. */
export function didYouMean(typed: string, choices: Iterable<string>, quote = (s: string) => s): string {
  const choice = closest(typed, choices);
  return choice === undefined ? '' : `; did you mean ${quote(choice)}?`;
}
