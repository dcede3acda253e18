/**
 * Refuses to write a value that looks like a key into the config (PRODUCT.md hard rule 2: the
 * config holds references, never secrets), e.g. a key pasted as a profile name or a model.
 */
import { usageError } from '../../errors.ts';
import { looksLikeSecret } from './redact.ts';

/** Throws usage (2) when one of these command-line values looks like a key; the value is not quoted. */
export function refuseSecretsInConfig(values: Readonly<Record<string, string | undefined>>): void {
  for (const [what, value] of Object.entries(values)) {
    if (value !== undefined && looksLikeSecret(value)) {
      throw usageError(
        `the ${what} looks like a key, and the config never holds secrets: nothing was written`,
        'printf %s "$KEY" | port42 auth login <profile>   # keys go to the store',
      );
    }
  }
}
