/** The credential source of each auth type; adding an auth type fails to compile until it has one. */
import type { AuthType } from '../config/types.ts';
import type { CredentialSource } from './types.ts';
import { reportCodePath } from '../cli/report-code-path.ts';
import { apiKeySource } from './api-key.ts';
import { envSource } from './env.ts';
import { noneSource } from './none.ts';
import { commandSource } from './command.ts';

const SOURCES: Record<AuthType, () => Promise<CredentialSource>> = {
  'api-key': async () => apiKeySource,
  env: async () => envSource,
  none: async () => noneSource,
  command: async () => commandSource,
  // OAuth pulls in oauth4webapi: loaded only for oauth profiles.
  oauth: async () => (await import('../oauth/source.ts')).oauthSource,
};

/** The credential source for an auth type. */
export function sourceFor(auth: AuthType): Promise<CredentialSource> {
  reportCodePath(`source ${auth}`);
  return SOURCES[auth]();
}
