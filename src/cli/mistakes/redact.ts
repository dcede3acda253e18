/**
 * The one place that keeps secrets out of what port42 prints about a command line (PRODUCT.md
 * hard rule 8): a value that looks like a key — any provider's prefix, or a long random-looking
 * token — is replaced before a message reaches the terminal. Loaded only on error paths.
 */
import type { Config } from '../../config/types.ts';
import { BUILTIN_PROVIDERS } from '../../providers/table.ts';
import { MIN_KEY_BODY_LENGTH, MIN_KEY_PREFIX_LENGTH } from '../secret-words.ts';

/** Prefixes that mark a value as a key even without provider context (beyond the provider table). */
const EXTRA_PREFIXES = [
  'sk-admin-',
  'sk-proj-',
  'sk-svcacct-',
  'sk-ant-admin',
  'ghp_',
  'gho_',
  'github_pat_',
  'glpat-',
  'hf_',
  'xoxb-',
  'xoxp-',
  'AKIA',
];

/** The key prefixes of a config's providers (custom providers' `key_prefix` among them), for the functions below. */
export const configKeyPrefixes = (config: Config): string[] => [...config.providers.values()].flatMap((p) => p.keyPrefixes);

/** Every known key prefix, longest first: the built-in table, custom providers' and common others. */
export function knownKeyPrefixes(custom: readonly string[] = []): string[] {
  const all = new Set<string>([
    ...BUILTIN_PROVIDERS.flatMap((p) => [...p.keyPrefixes, ...(p.adminKeyPrefixes ?? [])]),
    ...EXTRA_PREFIXES,
    ...custom,
  ]);
  return [...all].filter((p) => p.length >= MIN_KEY_PREFIX_LENGTH).sort((a, b) => b.length - a.length);
}

/** Share of neighbouring letters and digits that switch class (lower, upper, digit): ~0.6 for random base62. */
function classSwitches(value: string): number {
  const alnum = value.replace(/[^A-Za-z0-9]/g, '');
  const kind = (c: string) => (/[a-z]/.test(c) ? 0 : /[A-Z]/.test(c) ? 1 : 2);
  let switches = 0;
  for (let i = 1; i < alnum.length; i++) if (kind(alnum[i]!) !== kind(alnum[i - 1]!)) switches++;
  return switches / Math.max(1, alnum.length - 1);
}

/** True for a long token that reads like random key material rather than a name, path or URL. */
export function looksRandom(value: string): boolean {
  // '/' is allowed (base64 keys have it), but a path — absolute, home-relative or dotted, whose
  // temporary directory names mix cases and digits — is never a key here.
  if (value.length < 20 || !/^[A-Za-z0-9_\-.+=/]+$/.test(value) || /^[/~.]/.test(value) || value.includes('/.')) return false;
  if (/^[0-9a-f]{32,}$/i.test(value)) return true; // hex keys (together's legacy 64-hex)
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/].filter((re) => re.test(value)).length;
  return classes === 3 && classSwitches(value) >= 0.4;
}

/** The known prefix a value starts with when the rest is long enough to be a key, else undefined. */
export function secretPrefixOf(value: string, prefixes: readonly string[]): string | undefined {
  return prefixes.find((p) => value.startsWith(p) && value.length - p.length >= MIN_KEY_BODY_LENGTH && /^[A-Za-z0-9_\-.+/=]+$/.test(value));
}

/** True when printing this value could leak a key. */
export function looksLikeSecret(value: string, prefixes: readonly string[] = knownKeyPrefixes()): boolean {
  return secretPrefixOf(value, prefixes) !== undefined || looksRandom(value);
}

/** What is printed instead of a secret: its prefix, if known, and that it was hidden. */
export function maskArgument(value: string, prefixes: readonly string[] = knownKeyPrefixes()): string {
  return `${secretPrefixOf(value, prefixes) ?? ''}…(hidden)`;
}

/** The secret-looking values of a command line (whole words, and the value of `--opt=value`). */
export function secretArguments(argv: readonly string[], prefixes: readonly string[] = knownKeyPrefixes()): string[] {
  const found = new Set<string>();
  for (const word of argv) {
    // `--name=value`: the value; `--sk-…` (a key pasted as a flag): the word without its dashes.
    const bare = word.replace(/^-+/, '');
    const parts =
      word.startsWith('-') && bare.includes('=') ? [bare.slice(bare.indexOf('=') + 1)] : [bare, bare.slice(bare.indexOf('=') + 1)];
    for (const part of parts) if (looksLikeSecret(part, prefixes)) found.add(part);
  }
  return [...found].sort((a, b) => b.length - a.length);
}

/**
 * The text with every secret-looking argument, and any other key-shaped word, replaced by its
 * mask. Messages from parsers, verbs and third parties all pass through here before printing.
 */
export function redactText(text: string, argv: readonly string[], customPrefixes: readonly string[] = []): string {
  const prefixes = knownKeyPrefixes(customPrefixes);
  let out = text;
  for (const secret of secretArguments(argv, prefixes)) out = out.split(secret).join(maskArgument(secret, prefixes));
  // Key-shaped words that did not come verbatim from argv (e.g. a parser re-quoting a value).
  // Stricter than for argv (24+ characters): free text names prefixes themselves ("sk-ant-admin").
  // `/` splits words here so that file paths in messages (mktemp names mix cases and digits)
  // stay readable; a key with `/` in it is still caught piecewise, and verbatim by the pass above.
  return out.replace(/[A-Za-z0-9_\-.+=]{24,}/g, (word) => (looksLikeSecret(word, prefixes) ? maskArgument(word, prefixes) : word));
}
