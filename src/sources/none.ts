/** auth = "none": the provider needs no key (a local server). */
import { usageError } from '../errors.ts';
import type { CredentialSource } from './types.ts';

/** The none credential source. */
export const noneSource: CredentialSource = {
  async resolve() {
    return { kind: 'none', origin: 'none' };
  },
  async login(_deps, profile) {
    throw usageError(`profile "${profile.name}" needs no key (auth = "none"); there is nothing to log in`);
  },
  async logout(_deps, profile) {
    throw usageError(`profile "${profile.name}" needs no key (auth = "none"); there is nothing to log out`);
  },
  async status() {
    return { state: 'ok', store: '-', source: 'none' };
  },
};
