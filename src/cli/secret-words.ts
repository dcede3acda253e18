/**
 * How short a word can be and still be taken for a key by src/cli/mistakes/redact.ts: a known
 * prefix of 3+ characters and 8 more. The hot paths print shorter words as they are, without
 * loading the redaction module; one number here keeps them and the redaction in step.
 */

/** The shortest key prefix redact.ts knows. */
export const MIN_KEY_PREFIX_LENGTH = 3;
/** What must follow a known prefix for the word to count as a key. */
export const MIN_KEY_BODY_LENGTH = 8;
/** Words shorter than this can hold no key. */
export const SHORTEST_SECRET_WORD = MIN_KEY_PREFIX_LENGTH + MIN_KEY_BODY_LENGTH;

/** True when `word` is long enough that it might be a key (then it goes through redaction). */
export function mayBeSecret(word: string): boolean {
  return word.length >= SHORTEST_SECRET_WORD;
}
