/** auth = "oauth": not built yet (issue 4). */
import { usageError } from '../errors.ts';
import type { CredentialSource } from '../sources/types.ts';

const notYet = () => usageError('auth = "oauth" is not available in this version of port42');

/** Placeholder until the OAuth source lands: every call says so plainly. */
export const oauthSource: CredentialSource = {
  resolve: async () => { throw notYet(); },
  login: async () => { throw notYet(); },
  logout: async () => { throw notYet(); },
  status: async () => ({ state: 'error', store: '-', source: 'oauth', detail: 'oauth is not available in this version' }),
};
